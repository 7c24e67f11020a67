// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "search/curriculum_words.hpp"
#include "search/query_text.hpp"
#include "search/search_request.hpp"
#include "web/content_language.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::search {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

struct LanguageChoice {
  std::string_view code;
  std::string_view name;
};
constexpr LanguageChoice kResourceLanguages[] = {
    {"fr", "Français"},   {"en", "English"}, {"ar", "العربية"}, {"wo", "Wolof"},
    {"bm", "Bamanankan"}, {"ha", "Hausa"},   {"ff", "Fulfulde"}};

// The query with the level and subject names of its words turned into filters.
SearchQuery with_curriculum_words(SearchQuery query, const CurriculumWords& words) {
  QueryWithNames found = words.extract(query.text, query.filters.country);
  if (found.level_ids.empty() && found.subject.empty()) {
    return query;
  }
  query.text = std::move(found.text);
  if (query.filters.level.empty()) {
    query.filters.level_ids = std::move(found.level_ids);
  }
  if (query.filters.subject.empty()) {
    query.filters.subject = std::move(found.subject);
  }
  return query;
}

struct HitPlace {
  std::string country_name;
  std::string level;
  std::string level_name;
  std::string subject_name;
};

HitPlace place_of(const SearchHit& hit, const CurriculumWords& words, const std::string& lang) {
  HitPlace place;
  if (hit.placement_country.empty()) {
    return place;
  }
  place.country_name = words.country_name(hit.placement_country, lang);
  if (const LevelEntry* level = words.level(hit.placement_level_id)) {
    place.level = level->slug;
    place.level_name = web::localized(level->names, lang);
  }
  place.subject_name = words.subject_name(hit.placement_subject, lang);
  return place;
}

Response api_search(SearchIndex& index, const CurriculumWords& words, Request& request) {
  const SearchRequest parsed = parse_search_request(request);
  if (parsed.error_key) {
    return web::error_page(request, 400, parsed.error_text);
  }
  const SearchResults results = index.search(with_curriculum_words(parsed.query, words));
  const std::string& lang = web::choose_language(request);
  json::array hits;
  for (const auto& hit : results.hits) {
    const HitPlace place = place_of(hit, words, lang);
    hits.push_back(json::object{{"id", hit.id},
                                {"title", hit.title},
                                {"kind", hit.kind},
                                {"language", hit.language},
                                {"origin_country", hit.origin_country},
                                {"snippet", hit.snippet_html},
                                {"country", hit.placement_country},
                                {"country_name", place.country_name},
                                {"level", place.level},
                                {"level_name", place.level_name},
                                {"subject", hit.placement_subject},
                                {"subject_name", place.subject_name}});
  }
  json::object body{{"total", results.total},
                    {"total_capped", results.total_capped},
                    {"page", results.page},
                    {"page_size", kResultsPerPage},
                    {"results", std::move(hits)}};
  if (results.nothing_to_search) {
    body["message"] = "Type one or more words to search, for example: fraction.";
  }
  Response response = Response::json(json::serialize(body));
  response.set_header("Cache-Control", "public, max-age=60");
  response.set_header("Vary", "Accept-Encoding");
  return response;
}

// "/search?q=…&country=…" with `page` replaced.
std::string page_url(const SearchQuery& query, int page) {
  std::string url = "/search?q=" + http::percent_encode(query.text);
  const auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) {
      url += "&" + std::string(name) + "=" + http::percent_encode(value);
    }
  };
  add("country", query.filters.country);
  add("level", query.filters.level);
  add("subject", query.filters.subject);
  add("kind", query.filters.kind);
  add("language", query.filters.language);
  add("exam", query.filters.exam);
  if (page > 1) {
    url += "&page=" + std::to_string(page);
  }
  return url;
}

TemplateData option(std::string_view value, std::string_view label, bool selected) {
  TemplateData item;
  item.set("value", std::string(value));
  item.set("label", std::string(label));
  item.set("selected", selected);
  return item;
}

// The filter selects: countries always; levels, subjects and exams from the chosen country.
void add_filters(TemplateData& data, catalog::CurriculumStore& curricula,
                 const SearchFilters& filters, const std::string& lang,
                 const web::Catalogue& messages) {
  TemplateList countries;
  for (const auto& country : curricula.countries()) {
    countries.push_back(
        option(country.code, web::localized(country.names, lang), country.code == filters.country));
  }
  data.set("countries", TemplateData(countries));
  const auto curriculum =
      filters.country.empty() ? std::nullopt : curricula.curriculum(filters.country);
  data.set("has_country", curriculum.has_value());
  if (curriculum) {
    TemplateList levels;
    TemplateList subjects;
    std::map<std::string, bool> seen_subjects;
    for (const catalog::CurriculumNode* cycle : curriculum->cycles()) {
      for (const catalog::CurriculumNode* level : curriculum->children_of(cycle->id)) {
        levels.push_back(
            option(level->slug, web::localized(level->names, lang), level->slug == filters.level));
      }
    }
    for (const auto& node : curriculum->nodes) {
      if (node.kind == catalog::NodeKind::subject && node.subject_slug &&
          !seen_subjects[*node.subject_slug]) {
        seen_subjects[*node.subject_slug] = true;
        subjects.push_back(option(*node.subject_slug, web::localized(node.names, lang),
                                  *node.subject_slug == filters.subject));
      }
    }
    TemplateList exams;
    for (const auto& exam : curriculum->exams) {
      exams.push_back(option(exam.code, exam.code, exam.code == filters.exam));
    }
    data.set("levels", TemplateData(levels));
    data.set("subjects", TemplateData(subjects));
    data.set("exams", TemplateData(exams));
    data.set("has_exams", !exams.empty());
  }
  TemplateList kinds;
  for (const auto kind : searchable_kinds()) {
    kinds.push_back(
        option(kind, messages.get("search_kind_" + std::string(kind)), kind == filters.kind));
  }
  data.set("kinds", TemplateData(kinds));
  TemplateList languages;
  for (const auto& language : kResourceLanguages) {
    languages.push_back(option(language.code, language.name, language.code == filters.language));
  }
  data.set("languages", TemplateData(languages));
}

Response search_page(SearchIndex& index, catalog::CurriculumStore& curricula,
                     const CurriculumWords& words, Request& request) {
  const std::string& lang = web::choose_language(request);
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const SearchRequest parsed = parse_search_request(request);
  const SearchQuery& query = parsed.query;

  web::Page page;
  page.template_name = "search/templates/search";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                      {std::string(messages.get("search_title")), ""}};
  std::string shown_query = valid_utf8(query.text);
  std::replace_if(
      shown_query.begin(), shown_query.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }, ' ');
  page.title = shown_query.empty()
                   ? std::string(messages.get("search_title"))
                   : shown_query + " · " + std::string(messages.get("search_title"));
  page.data.set("q", shown_query);
  add_filters(page.data, curricula, query.filters, lang, messages);

  if (parsed.error_key) {
    page.status = 400;
    page.data.set("error", std::string(messages.get(*parsed.error_key)));
    return web::render_page(request, page);
  }
  const SearchResults results = index.search(with_curriculum_words(query, words));
  if (results.nothing_to_search) {
    page.data.set(shown_query.empty() ? "empty_query" : "nothing_to_search", true);
    return web::render_page(request, page);
  }
  page.data.set("searched", true);
  page.data.set("total", web::plural(messages,
                                     results.total_capped ? "lang_search_results_more"
                                                          : "lang_search_results",
                                     results.total));
  page.data.set("no_results", results.total == 0);
  const bool filtered = !query.filters.country.empty() || !query.filters.kind.empty() ||
                        !query.filters.language.empty() || !query.filters.exam.empty() ||
                        !query.filters.subject.empty();
  page.data.set("filtered", filtered);
  page.data.set("unfiltered_url", page_url(SearchQuery{.text = query.text}, 1));
  TemplateList hits;
  for (const auto& hit : results.hits) {
    TemplateData item;
    item.set("title", hit.title);
    item.set("url", std::string(kResourcePagePrefix) + http::percent_encode(hit.id));
    item.set("snippet", hit.snippet_html);  // escaped by snippet_html: only <mark> is markup
    item.set("kind_label", std::string(messages.get("search_kind_" + hit.kind)));
    web::set_content_language(item, hit.language);
    item.set("language", web::language_name(hit.language, lang));
    item.set("origin_country", web::country_name(hit.origin_country, lang));
    const HitPlace place = place_of(hit, words, lang);
    std::string where = place.level_name;
    if (!place.subject_name.empty()) {
      where += (where.empty() ? "" : " · ") + place.subject_name;
    }
    item.set("where", where);
    item.set("where_country", place.country_name);
    hits.push_back(std::move(item));
  }
  page.data.set("results", TemplateData(hits));
  const int pages = static_cast<int>(
      std::min<std::int64_t>((results.total + kResultsPerPage - 1) / kResultsPerPage, kMaxPage));
  if (pages > 1) {
    page.data.set("paginated", true);
    page.data.set("page", std::to_string(results.page));
    page.data.set("pages", std::to_string(pages));
    if (results.page > 1) {
      page.data.set("previous_url", page_url(query, results.page - 1));
    }
    if (results.page < pages) {
      page.data.set("next_url", page_url(query, results.page + 1));
    }
  }
  return web::render_page(request, page);
}

}  // namespace

void register_search_routes(http::Router& router, SearchIndex& index,
                            catalog::CurriculumStore& curricula, web::ViewCache& cache,
                            storage::ChangeWatcher& changes) {
  // Results are a pure function of the query, the filters, the language and the library: the
  // view cache answers a repeated search ("fraction" asked by a whole class) without ranking
  // again, and a new publication invalidates it through the change log.
  // Searching may take milliseconds on a large library: keep misses off the event loop.
  const auto options = http::public_route({.blocking = true});
  // Level and subject names, read once per content version rather than per search.
  auto words = std::make_shared<CurriculumWordsCache>();
  router.get(
      "/api/v1/search",
      [&index, &curricula, &cache, &changes, words](Request& request) {
        const std::string key = "search-api?" + request.query + "|" + web::choose_language(request);
        const std::int64_t version = changes.version();
        return cache.respond(request, key, version, [&] {
          return api_search(index, *words->get(curricula, version), request);
        });
      },
      options);
  router.get(
      "/search",
      [&index, &curricula, &cache, &changes, words](Request& request) {
        const std::string key =
            "search-page?" + request.query + "|" + web::choose_language(request);
        const std::int64_t version = changes.version();
        return cache.respond(request, key, version, [&] {
          return search_page(index, curricula, *words->get(curricula, version), request);
        });
      },
      options);
}

}  // namespace imaginecole::search
