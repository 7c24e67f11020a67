// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "catalog/count_label.hpp"
#include "catalog/country_json.hpp"
#include "catalog/nearby_resources.hpp"
#include "catalog/page_models.hpp"
#include "catalog/route_helpers.hpp"
#include "web/content_language.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;
using web::localized;
using web::TemplateData;
using web::TemplateList;

std::vector<const CurriculumNode*> pointers(const std::vector<CurriculumNode>& nodes) {
  std::vector<const CurriculumNode*> out;
  out.reserve(nodes.size());
  for (const auto& node : nodes) {
    out.push_back(&node);
  }
  return out;
}

std::vector<const Exam*> pointers(const std::vector<Exam>& exams) {
  std::vector<const Exam*> out;
  out.reserve(exams.size());
  for (const auto& exam : exams) {
    out.push_back(&exam);
  }
  return out;
}

Response home(CurriculumStore& store, Request& request) {
  const std::string& lang = web::choose_language(request);
  const auto countries = store.countries();
  const auto nodes = store.all_cycles_and_levels();
  const auto exams = store.all_exams();
  std::map<std::string, int> level_counts;
  for (const auto& node : nodes) {
    if (node.kind == NodeKind::level) {
      ++level_counts[node.country_code];
    }
  }
  std::map<std::string, std::pair<int, std::string>> exam_summary;
  for (const auto& exam : exams) {
    auto& [count, codes] = exam_summary[exam.country_code];
    ++count;
    if (exam.kind == "certificate") {
      codes += codes.empty() ? exam.code : ", " + exam.code;
    }
  }
  TemplateList list;
  for (const auto& country : countries) {
    TemplateData item;
    item.set("code", country.code);
    item.set("name", localized(country.names, lang));
    item.set("level_count", std::to_string(level_counts[country.code]));
    item.set("exam_count", std::to_string(exam_summary[country.code].first));
    item.set("exam_codes", exam_summary[country.code].second);
    list.push_back(std::move(item));
  }
  web::Page page;
  page.title = std::string(web::Messages::instance().catalogue(lang).get("home_title"));
  page.template_name = "catalog/templates/home";
  page.data.set("countries", TemplateData(list));
  return web::render_page(request, page);
}

Response country_page(CurriculumStore& store, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  if (!valid_country_code(code)) {
    return web::error_page(request, 404, "No such country.");
  }
  const auto curriculum = store.curriculum(code);
  if (!curriculum) {
    return web::error_page(request, 404, "No such country.");
  }
  const std::string& lang = web::choose_language(request);
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const std::string country_name = localized(curriculum->country.names, lang);

  TemplateList cycles;
  std::map<std::string, const CurriculumNode*> levels_by_id;
  for (const CurriculumNode* cycle : curriculum->cycles()) {
    TemplateData cycle_data;
    cycle_data.set("slug", cycle->slug);
    cycle_data.set("name", localized(cycle->names, lang));
    if (cycle->subsystem) {
      cycle_data.set("subsystem_label",
                     std::string(messages.get("subsystem_" + *cycle->subsystem)));
    }
    TemplateList levels;
    for (const CurriculumNode* level : curriculum->children_of(cycle->id)) {
      levels_by_id[level->id] = level;
      TemplateData level_data;
      level_data.set("slug", level->slug);
      level_data.set("name", localized(level->names, lang));
      level_data.set("country_code", code);
      levels.push_back(std::move(level_data));
    }
    cycle_data.set("levels", TemplateData(levels));
    cycles.push_back(std::move(cycle_data));
  }
  TemplateList exams;
  for (const auto& exam : curriculum->exams) {
    TemplateData exam_data;
    exam_data.set("code", exam.code);
    exam_data.set("name", localized(exam.names, lang));
    exam_data.set("kind_label", std::string(messages.get("exam_kind_" + exam.kind)));
    exam_data.set("unverified", exam.unverified);
    exam_data.set("country_code", code);
    if (const auto level = levels_by_id.find(exam.level_id); level != levels_by_id.end()) {
      exam_data.set("level_slug", level->second->slug);
      exam_data.set("level_name", localized(level->second->names, lang));
    }
    exams.push_back(std::move(exam_data));
  }
  TemplateList streams;
  boost::system::error_code ec;
  const json::value streams_json = json::parse(curriculum->country.streams, ec);
  if (!ec && streams_json.is_array()) {
    for (const auto& stream : streams_json.as_array()) {
      if (stream.is_object() && stream.as_object().contains("name")) {
        TemplateData stream_data;
        stream_data.set("name", localized(json::serialize(stream.at("name")), lang));
        streams.push_back(std::move(stream_data));
      }
    }
  }
  std::string languages;
  const json::value languages_json = json::parse(curriculum->country.languages, ec);
  if (!ec && languages_json.is_array()) {
    for (const auto& language : languages_json.as_array()) {
      if (language.is_string()) {
        languages += languages.empty() ? "" : ",";
        languages += std::string(language.as_string());
      }
    }
  }

  web::Page page;
  page.title = country_name;
  page.template_name = "catalog/templates/country";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"}, {country_name, ""}};
  page.data.set("name", country_name);
  page.data.set("cycles", TemplateData(cycles));
  page.data.set("exams", TemplateData(exams));
  page.data.set("has_streams", !streams.empty());
  page.data.set("streams", TemplateData(streams));
  page.data.set("languages", web::language_names(languages, lang));
  const CountryNames names = country_names(store, lang);
  TemplateList newest;
  for (const auto& resource : library.resources().newest(code, 5)) {
    newest.push_back(resource_item(resource, code, lang, names));
  }
  TemplateList most_used;
  for (const auto& resource : library.resources().most_used(code, 5)) {
    most_used.push_back(resource_item(resource, code, lang, names));
  }
  page.data.set("has_newest", !newest.empty());
  page.data.set("newest", TemplateData(newest));
  page.data.set("has_most_used", !most_used.empty());
  page.data.set("most_used", TemplateData(most_used));
  return web::render_page(request, page);
}

std::optional<web::Page> level_page_from(CurriculumStore& store, Library& library,
                                         const LevelPageQuery& query) {
  const std::string& code = query.country_code;
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  const CurriculumNode* level = curriculum ? curriculum->find_level(query.level_slug) : nullptr;
  if (level == nullptr) {
    return std::nullopt;
  }
  const std::string& lang = query.language;
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const std::string country_name = localized(curriculum->country.names, lang);
  const CurriculumNode* cycle = curriculum->find(level->parent_id.value_or(""));
  const std::string level_name = localized(level->names, lang);

  // One grouped query for every subject's count: a reader sees which subjects have something.
  const auto counts = resources_per_subject(library.resources().database(), code, level->id);
  TemplateList subjects;
  for (const CurriculumNode* subject : curriculum->children_of(level->id)) {
    TemplateData item;
    item.set("name", localized(subject->names, lang));
    item.set("url", "/c/" + code + "/" + level->slug + "/" + subject->slug);
    const auto count = counts.find(subject->subject_slug.value_or(subject->slug));
    const std::int64_t resources = count != counts.end() ? count->second : 0;
    item.set("count_label", resource_count_label(messages, resources));
    item.set("empty", resources == 0);
    subjects.push_back(std::move(item));
  }
  TemplateList exams;
  for (const auto& exam : curriculum->exams) {
    if (exam.level_id == level->id) {
      TemplateData item;
      item.set("code", exam.code);
      item.set("name", localized(exam.names, lang));
      item.set("practice_url", "/examens/" + code + "/" + exam.code);
      exams.push_back(std::move(item));
    }
  }
  web::Page page;
  page.title = level_name + " · " + country_name;
  page.template_name = "catalog/templates/level";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                      {country_name, "/c/" + code},
                      {level_name, ""}};
  page.data.set("name", level_name);
  if (level->full_names) {
    const std::string full = localized(*level->full_names, lang);
    if (full != level_name) {
      page.data.set("full_name", full);
    }
  }
  page.data.set("country_name", country_name);
  page.data.set("cycle_name", cycle != nullptr ? localized(cycle->names, lang) : "");
  if (level->typical_age) {
    page.data.set("typical_age", std::to_string(*level->typical_age));
  }
  page.data.set("has_exams", !exams.empty());
  page.data.set("exams", TemplateData(exams));
  page.data.set("subjects", TemplateData(subjects));
  page.data.set("paths_url", "/parcours?country=" + code + "&level=" + level->slug);
  return page;
}

Response level_page(CurriculumStore& store, Library& library, Request& request) {
  const auto page =
      level_page_from(store, library,
                      LevelPageQuery{.country_code = country_code_param(request),
                                     .level_slug = request.path_param("level").value_or(""),
                                     .language = web::choose_language(request)});
  if (!page) {
    return web::error_page(request, 404, "No such level.");
  }
  return web::render_page(request, *page);
}

Response api_countries(CurriculumStore& store, Request& request) {
  const std::string& lang = web::choose_language(request);
  const auto countries = store.countries();
  const auto nodes = store.all_cycles_and_levels();
  const auto exams = store.all_exams();
  json::array list;
  for (const auto& country : countries) {
    std::vector<const CurriculumNode*> own_nodes;
    for (const auto& node : nodes) {
      if (node.country_code == country.code) {
        own_nodes.push_back(&node);
      }
    }
    std::vector<const Exam*> own_exams;
    for (const auto& exam : exams) {
      if (exam.country_code == country.code) {
        own_exams.push_back(&exam);
      }
    }
    list.push_back(country_to_json(country, own_nodes, own_exams, lang, false));
  }
  json::object body;
  body["countries"] = std::move(list);
  return json_response(body);
}

Response api_country(CurriculumStore& store, Request& request) {
  const std::string code = country_code_param(request);
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  if (!curriculum) {
    return web::error_page(request, 404, "No country with code \"" + code + "\".");
  }
  const std::string& lang = web::choose_language(request);
  return json_response(country_to_json(curriculum->country, pointers(curriculum->nodes),
                                       pointers(curriculum->exams), lang, true));
}

// Serves `render` through the view cache, keyed by the path, the query and the language.
http::Handler cached(CurriculumStore& store, web::ViewCache& cache, storage::ChangeWatcher& changes,
                     Response (*render)(CurriculumStore&, Request&)) {
  return cached_view(cache, changes,
                     [&store, render](Request& request) { return render(store, request); });
}

}  // namespace

std::optional<web::Page> level_page_model(CurriculumStore& store, Library& library,
                                          const LevelPageQuery& query) {
  return level_page_from(store, library, query);
}

void register_catalog_routes(http::Router& router, CurriculumStore& store, Library& library,
                             accounts::Accounts& accounts, web::ViewCache& cache,
                             storage::ChangeWatcher& changes) {
  const auto options = http::public_route();
  router.get("/", cached(store, cache, changes, home), options);
  // "Most used" changes when the usage counter flushes, without a change-log line.
  router.get(
      "/c/{code}",
      cached_view(
          cache, changes,
          [&store, &library](Request& request) { return country_page(store, library, request); },
          [&library] { return std::to_string(library.usage().generation()); }),
      options);
  router.get("/c/{code}/{level}",
             cached_view(cache, changes,
                         [&store, &library](Request& request) {
                           return level_page(store, library, request);
                         }),
             options);
  router.get("/api/v1/countries", cached(store, cache, changes, api_countries), options);
  router.get("/api/v1/countries/{code}", cached(store, cache, changes, api_country), options);
  register_library_routes(router, store, library, accounts, cache, changes);
  register_editor_routes(router, store, library, accounts);
}

}  // namespace imaginecole::catalog
