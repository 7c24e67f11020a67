// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared library's public pages and documents: a subject's resources in a country's tree
// (/c/{code}/{level}/{subject}), a resource (/r/{id}), /api/v1/resources and a country's
// curriculum tree (/api/v1/countries/{code}/curriculum).
#include <boost/json.hpp>

#include <algorithm>

#include "accounts/accounts.hpp"
#include "accounts/csrf.hpp"
#include "accounts/permissions.hpp"
#include "catalog/count_label.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "catalog/nearby_resources.hpp"
#include "catalog/page_models.hpp"
#include "catalog/resource_queries.hpp"
#include "catalog/route_helpers.hpp"
#include "catalog/routes.hpp"
#include "core/ids.hpp"
#include "web/content_language.hpp"
#include "web/format.hpp"
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

std::string page_url(const Request& request, int page) {
  std::string query;
  for (const auto& [name, value] : http::parse_form(request.query)) {
    if (name != "page") {
      query += (query.empty() ? "" : "&") + http::percent_encode(name) + "=" +
               http::percent_encode(value);
    }
  }
  if (page > 1) {
    query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(page);
  }
  return request.path + (query.empty() ? "" : "?" + query);
}

constexpr int kCrosswalkSuggestions = 5;

// The subject node under `level` that teaches `subject_slug`; nullptr when the level has none.
const CurriculumNode* subject_under(const CountryCurriculum& curriculum,
                                    const CurriculumNode& level, std::string_view subject_slug) {
  for (const CurriculumNode* child : curriculum.children_of(level.id)) {
    if (child->kind == NodeKind::subject &&
        child->subject_slug.value_or(child->slug) == subject_slug) {
      return child;
    }
  }
  return nullptr;
}

// For an empty subject page: the same subject at the nearest lower and higher levels of the
// country that have resources, and what other countries placed at the levels the crosswalk
// matches with this one. Only pages that exist and hold something are linked.
void add_suggestions(web::Page& page, const CountryCurriculum& curriculum,
                     const CurriculumNode& level, std::string_view subject_slug, Library& library,
                     const CountryNames& names, const std::string& lang,
                     const web::Catalogue& messages) {
  const std::string& code = curriculum.country.code;
  storage::Database& database = library.resources().database();
  const auto counts = resources_per_level(database, code, subject_slug);
  std::vector<const CurriculumNode*> levels;
  for (const CurriculumNode* cycle : curriculum.cycles()) {
    for (const CurriculumNode* node : curriculum.children_of(cycle->id)) {
      levels.push_back(node);
    }
  }
  const auto here = std::find(levels.begin(), levels.end(), &level);
  TemplateList nearby;
  const auto suggest = [&](const CurriculumNode* other) {
    const auto count = counts.find(other->id);
    const CurriculumNode* subject = subject_under(curriculum, *other, subject_slug);
    if (count == counts.end() || count->second == 0 || subject == nullptr) {
      return false;
    }
    TemplateData item;
    item.set("name", localized(other->names, lang) + " · " + localized(subject->names, lang));
    item.set("url", "/c/" + code + "/" + other->slug + "/" + subject->slug);
    item.set("count_label", resource_count_label(messages, count->second));
    nearby.push_back(std::move(item));
    return true;
  };
  if (here != levels.end()) {
    for (auto below = here; below != levels.begin();) {
      if (suggest(*--below)) {
        break;
      }
    }
    for (auto above = here + 1; above != levels.end(); ++above) {
      if (suggest(*above)) {
        break;
      }
    }
  }
  TemplateList elsewhere;
  for (const auto& resource :
       crosswalk_resources(database, code, level.slug, subject_slug, kCrosswalkSuggestions)) {
    TemplateData item;
    item.set("title", resource.title);
    item.set("url", "/r/" + resource.id + "?c=" + resource.country_code);
    const auto country = names.find(resource.country_code);
    item.set("where", (country != names.end() ? country->second : resource.country_code) + " · " +
                          localized(resource.level_names, lang));
    elsewhere.push_back(std::move(item));
  }
  page.data.set("has_nearby", !nearby.empty());
  page.data.set("nearby", TemplateData(nearby));
  page.data.set("has_elsewhere", !elsewhere.empty());
  page.data.set("elsewhere", TemplateData(elsewhere));
}

Response subject_page(CurriculumStore& store, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  const std::string level_slug = request.path_param("level").value_or("");
  const std::string subject_slug = request.path_param("subject").value_or("");
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  const CurriculumNode* level = curriculum ? curriculum->find_level(level_slug) : nullptr;
  const CurriculumNode* subject = nullptr;
  if (level != nullptr) {
    for (const CurriculumNode* child : curriculum->children_of(level->id)) {
      if (child->slug == subject_slug) {
        subject = child;
      }
    }
  }
  if (subject == nullptr) {
    return web::error_page(request, 404, "No such subject at this level.");
  }
  auto parsed = parse_filter(request, code);
  if (!parsed.filter) {
    return web::error_page(request, parsed.status, parsed.error);
  }
  ResourceFilter filter = std::move(*parsed.filter);
  filter.level = level->slug;
  filter.subject = subject->subject_slug.value_or(subject->slug);
  const std::string& lang = web::choose_language(request);
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const std::string base = "/c/" + code + "/" + level->slug + "/" + subject->slug;
  const auto unit_slug = request.query_param("unit");
  TemplateList units;
  for (const CurriculumNode* unit : curriculum->children_of(subject->id)) {
    TemplateData item;
    item.set("name", localized(unit->names, lang));
    item.set("url", base + "?unit=" + unit->slug);
    const bool current = unit_slug == unit->slug;
    item.set("current", current);
    if (current) {
      filter.unit_id = unit->id;
    }
    units.push_back(std::move(item));
  }
  if (unit_slug && !unit_slug->empty() && !filter.unit_id) {
    return web::error_page(request, 404, "No such unit in this subject.");
  }
  // The printable booklet (learning/booklet_pages.cpp) of the unit shown, or of the subject.
  const std::string booklet_query =
      filter.unit_id ? "?unit=" + http::percent_encode(*unit_slug) + "&" : std::string("?");
  const ResourceList list = library.resources().list(filter);
  if (list.total > 0 && list.results.empty()) {
    return web::error_page(request, 404, "No such page.");
  }
  const CountryNames names = country_names(store, lang);
  TemplateList results;
  for (const auto& resource : list.results) {
    results.push_back(resource_item(resource, code, lang, names));
  }
  const std::string country_name = localized(curriculum->country.names, lang);
  const std::string level_name = localized(level->names, lang);
  const std::string subject_name = localized(subject->names, lang);
  web::Page page;
  page.title = subject_name + " · " + level_name + " · " + country_name;
  page.template_name = "catalog/templates/subject";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                      {country_name, "/c/" + code},
                      {level_name, "/c/" + code + "/" + level->slug},
                      {subject_name, ""}};
  page.data.set("name", subject_name);
  page.data.set("level_name", level_name);
  page.data.set("country_name", country_name);
  page.data.set("has_booklet", true);  // not in a Kiwix file, which has no server to print
  page.data.set("booklet_url", base + "/booklet" + booklet_query + "format=a4");
  page.data.set("booklet_a5_url", base + "/booklet" + booklet_query + "format=a5");
  page.data.set("unit_booklet", filter.unit_id.has_value());
  page.data.set("has_units", !units.empty());
  page.data.set("units", TemplateData(units));
  page.data.set("total", std::to_string(list.total));
  page.data.set("has_results", !results.empty());
  page.data.set("results", TemplateData(results));
  const int pages = list.page_count();
  page.data.set("has_pages", pages > 1);
  page.data.set("page", std::to_string(list.page));
  page.data.set("pages", std::to_string(pages));
  if (list.page > 1) {
    page.data.set("prev_url", page_url(request, list.page - 1));
  }
  if (list.page < pages) {
    page.data.set("next_url", page_url(request, list.page + 1));
  }
  if (list.total == 0) {
    add_suggestions(page, *curriculum, *level, *filter.subject, library, names, lang, messages);
  }
  return web::render_page(request, page);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

bool has_published_questions(Library& library, std::string_view id) {
  auto connection = library.resources().database().read();
  const auto questions = published_set_questions(*connection, id);
  if (!questions) {
    return false;
  }
  const auto first = questions->find_first_not_of(" \n\t[");
  return first != std::string::npos && (*questions)[first] != ']';
}

// What a signed-in editor may do from a resource page: adapt it for one of their countries.
struct AdaptOffer {
  std::string csrf;
  std::vector<std::string> countries;  // where the caller holds content.edit
};

// The caller's offer, or nullopt for a visitor, a pupil or anyone without content.edit: their
// page is the shared cached one.
std::optional<AdaptOffer> adapt_offer(accounts::Accounts& accounts, const Request& request) {
  if (!request.header("cookie")) {
    return std::nullopt;
  }
  accounts::AccessCheck check = accounts.authenticator().check(request, "account.self");
  if (!check.allowed()) {
    return std::nullopt;
  }
  AdaptOffer offer;
  for (const auto& grant : check.signed_in->principal().grants) {
    if (grant.scope.kind == accounts::ScopeKind::country &&
        accounts::role_grants_permission(grant.role, accounts::Permission::content_edit) &&
        std::find(offer.countries.begin(), offer.countries.end(), grant.scope.id) ==
            offer.countries.end()) {
      offer.countries.push_back(grant.scope.id);
    }
  }
  if (offer.countries.empty()) {
    return std::nullopt;
  }
  offer.csrf = accounts::csrf_token_for(check.signed_in->session);
  return offer;
}

// The "Adapter" form (it posts to authoring's /edit/adapt): for the caller's countries other
// than the resource's own, when its licence allows adaptations.
void set_adapt_form(const Resource& resource, const AdaptOffer& offer, const CountryNames& names,
                    web::TemplateData& data) {
  if (!licence_allows_adaptation(resource.licence)) {
    return;
  }
  TemplateList countries;
  for (const auto& code : offer.countries) {
    if (code == resource.origin_country) {
      continue;
    }
    TemplateData option;
    option.set("value", code);
    const auto it = names.find(code);
    option.set("label", it != names.end() ? it->second : code);
    countries.push_back(std::move(option));
  }
  if (countries.empty()) {
    return;
  }
  data.set("can_adapt", true);
  data.set("adapt_resource", resource.id);
  data.set("adapt_csrf", offer.csrf);
  data.set("adapt_choose_country", countries.size() > 1);
  data.set("adapt_countries", TemplateData(countries));
}

// A lesson's exercises: the exercise sets placed at the same level and subject of the country
// the reader is in (the same unit first, when the lesson has one).
TemplateList exercise_sets_near(Library& library, const Placement& here, const CountryNames& names,
                                std::string_view lang) {
  TemplateList out;
  if (!here.subject_slug) {
    return out;
  }
  ResourceFilter filter{.country = here.country_code,
                        .level = here.level_slug,
                        .subject = here.subject_slug,
                        .kind = std::string("exercise_set")};
  std::vector<ResourceSummary> sets;
  if (here.unit_id) {
    filter.unit_id = here.unit_id;
    sets = library.resources().list(filter).results;
    filter.unit_id.reset();
  }
  if (sets.empty()) {
    sets = library.resources().list(filter).results;
  }
  for (const auto& set : sets) {
    out.push_back(resource_item(set, here.country_code, lang, names));
  }
  return out;
}

std::optional<web::Page> resource_page_with(CurriculumStore& store, Library& library,
                                            const ResourcePageQuery& query,
                                            const AdaptOffer* offer) {
  const std::string& id = query.id;
  const auto resource =
      core::is_valid_id(id) ? library.resources().find_published(id) : std::nullopt;
  if (!resource) {
    return std::nullopt;
  }
  const std::string& lang = query.language;
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const CountryNames names = country_names(store, lang);
  auto name_of = [&names](const std::string& code) {
    const auto it = names.find(code);
    return it != names.end() ? it->second : code;
  };
  std::vector<Placement> placements;
  for (auto& placement : library.resources().placements_of(resource->id)) {
    if (!placement.hidden) {
      placements.push_back(std::move(placement));
    }
  }
  // Breadcrumbs in the country the reader came from (?c=CI), else the origin country.
  std::string context = query.context_country.value_or(resource->origin_country);
  std::transform(context.begin(), context.end(), context.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const Placement* here = nullptr;
  for (const auto& placement : placements) {
    if (placement.country_code == context && here == nullptr) {
      here = &placement;
    }
  }
  if (here == nullptr && !placements.empty()) {
    here = &placements.front();
  }
  web::Page page;
  page.title = resource->title;
  page.description = resource->summary;
  page.template_name = "catalog/templates/resource";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"}};
  if (here != nullptr) {
    const std::string& code = here->country_code;
    page.breadcrumbs.push_back({name_of(code), "/c/" + code});
    page.breadcrumbs.push_back(
        {localized(here->level_names, lang), "/c/" + code + "/" + here->level_slug});
    if (here->subject_slug) {
      if (const auto curriculum = store.curriculum(code)) {
        for (const CurriculumNode* child : curriculum->children_of(here->level_id)) {
          if (child->subject_slug == here->subject_slug) {
            page.breadcrumbs.push_back({localized(child->names, lang),
                                        "/c/" + code + "/" + here->level_slug + "/" + child->slug});
          }
        }
      }
    }
  }
  page.breadcrumbs.push_back({resource->title, ""});
  page.data.set("title", resource->title);
  page.data.set("summary", resource->summary);
  page.data.set("kind_label", kind_label(resource->kind, lang));
  // The online player only when the set has published questions: no link to an empty player.
  if (resource->kind == "exercise_set" && has_published_questions(library, resource->id)) {
    page.data.set("exercise_url", "/r/" + resource->id + "/exercise");
  }
  web::set_content_language(page.data, resource->language);
  page.data.set("language_name", web::language_name(resource->language, lang));
  page.data.set("audience_label",
                std::string(messages.get("catalog_audience_" + resource->audience)));
  if (resource->duration_minutes) {
    page.data.set("duration", web::format_number(*resource->duration_minutes, lang));
  }
  if (!resource->authors.empty()) {
    page.data.set("authors", join(resource->authors));
  }
  page.data.set("origin_name", name_of(resource->origin_country));
  page.data.set("licence_label", licence_label(resource->licence, lang));
  // An adaptation names its origin on every page (authoring/ writes it at publication).
  if (const auto attribution = library.resources().attribution_of(resource->id)) {
    json::error_code ec;
    const json::value origin = json::parse(*attribution, ec);
    if (!ec && origin.is_object()) {
      const auto text = [&origin](std::string_view key) {
        const auto* value = origin.as_object().if_contains(key);
        return value != nullptr && value->is_string() ? std::string(value->as_string())
                                                      : std::string();
      };
      const auto* version = origin.as_object().if_contains("version");
      page.data.set("adapted_from", true);
      page.data.set("adapted_from_title", text("title"));
      page.data.set("adapted_from_url", "/r/" + text("resource_id"));
      page.data.set("adapted_from_country", name_of(text("country")));
      page.data.set("adapted_from_version", version != nullptr && version->is_int64()
                                                ? std::to_string(version->as_int64())
                                                : std::string("1"));
      page.data.set("adapted_from_licence", licence_label(text("licence"), lang));
    }
  }
  if (!resource->exam_codes.empty()) {
    page.data.set("exams", join(resource->exam_codes));
  }
  if (resource->published_at) {
    page.data.set("published_at", web::format_date(*resource->published_at, lang));
  }
  page.data.set("body_html", markdown_to_html(resource->body));
  TemplateList placed;
  for (const auto& placement : placements) {
    TemplateData item;
    item.set("country_name", name_of(placement.country_code));
    std::string where = localized(placement.level_names, lang);
    std::string url = "/c/" + placement.country_code + "/" + placement.level_slug;
    if (placement.node_kind != "level") {
      where += " · " + localized(placement.node_names, lang);
    }
    if (placement.subject_slug) {
      url += "/" + *placement.subject_slug;
    }
    item.set("where", where);
    item.set("url", url);
    placed.push_back(std::move(item));
  }
  if (offer != nullptr) {
    set_adapt_form(*resource, *offer, names, page.data);
  }
  if (resource->kind == "lesson" && here != nullptr) {
    const TemplateList sets = exercise_sets_near(library, *here, names, lang);
    page.data.set("has_exercise_sets", !sets.empty());
    page.data.set("exercise_sets", TemplateData(sets));
  }
  page.data.set("has_placements", !placed.empty());
  page.data.set("placements", TemplateData(placed));
  return page;
}

Response resource_page(CurriculumStore& store, Library& library, Request& request,
                       const AdaptOffer* offer = nullptr) {
  const auto page =
      resource_page_with(store, library,
                         ResourcePageQuery{.id = request.path_param("id").value_or(""),
                                           .context_country = request.query_param("c"),
                                           .language = web::choose_language(request)},
                         offer);
  if (!page) {
    return web::error_page(request, 404, "No such resource.");
  }
  return web::render_page(request, *page);
}

json::object summary_json(const ResourceSummary& resource) {
  return json::object{
      {"id", resource.id},
      {"title", resource.title},
      {"kind", resource.kind},
      {"language", resource.language},
      {"origin_country", resource.origin_country},
      {"summary", resource.summary},
      {"published_at", resource.published_at ? json::value(*resource.published_at) : nullptr},
      {"duration_minutes",
       resource.duration_minutes ? json::value(*resource.duration_minutes) : nullptr},
      {"url", "/api/v1/resources/" + resource.id}};
}

json::array strings_json(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) {
    out.emplace_back(item);
  }
  return out;
}

Response api_resources(Library& library, Request& request) {
  auto parsed = parse_filter(request, std::nullopt);
  if (!parsed.filter) {
    return web::error_page(request, parsed.status, parsed.error);
  }
  const ResourceList list = library.resources().list(*parsed.filter);
  json::array results;
  for (const auto& resource : list.results) {
    results.push_back(summary_json(resource));
  }
  return json_response(json::object{{"total", list.total},
                                    {"page", list.page},
                                    {"page_size", kPageSize},
                                    {"results", std::move(results)}});
}

Response api_resource(Library& library, Request& request) {
  const std::string id = request.path_param("id").value_or("");
  if (!core::is_valid_id(id)) {
    return web::error_page(request, 400, "A resource id is a UUID.");
  }
  const auto resource = library.resources().find_published(id);
  if (!resource) {
    return web::error_page(request, 404, "No resource with this id.");
  }
  const std::string& lang = web::choose_language(request);
  json::array placements;
  for (const auto& placement : library.resources().placements_of(id)) {
    if (placement.hidden) {
      continue;
    }
    placements.push_back(json::object{
        {"id", placement.id},
        {"country", placement.country_code},
        {"level", placement.level_slug},
        {"level_name", localized(placement.level_names, lang)},
        {"subject", placement.subject_slug ? json::value(*placement.subject_slug) : nullptr},
        {"node_id", placement.node_id},
        {"node_kind", placement.node_kind},
        {"node_name", localized(placement.node_names, lang)},
        {"position", placement.position}});
  }
  json::array suggestions;
  for (const auto& suggestion : library.resources().crosswalk_suggestions(id)) {
    suggestions.push_back(json::object{{"country", suggestion.country_code},
                                       {"level", suggestion.level_slug},
                                       {"level_name", localized(suggestion.level_names, lang)},
                                       {"crosswalk_group", suggestion.group_key}});
  }
  json::object body{
      {"id", resource->id},
      {"kind", resource->kind},
      {"title", resource->title},
      {"summary", resource->summary},
      {"body", resource->body},
      {"body_format", "markdown"},
      {"language", resource->language},
      {"audience", resource->audience},
      {"licence", resource->licence},
      {"authors", strings_json(resource->authors)},
      {"origin_country", resource->origin_country},
      {"duration_minutes",
       resource->duration_minutes ? json::value(*resource->duration_minutes) : nullptr},
      {"subjects", strings_json(resource->subject_slugs)},
      {"exams", strings_json(resource->exam_codes)},
      {"published_at", resource->published_at ? json::value(*resource->published_at) : nullptr},
      {"created_at", resource->created_at},
      {"updated_at", resource->updated_at},
      {"placements", std::move(placements)},
      {"suggested_placements", std::move(suggestions)}};
  if (resource->kind == "exercise_set" && library.questions_for_pupils()) {
    const auto questions = library.resources().published_questions(id);
    body["questions"] = library.questions_for_pupils()(questions.value_or("[]"));
  }
  return json_response(body);
}

json::object node_json(const CountryCurriculum& curriculum, const CurriculumNode& node,
                       std::string_view lang) {
  json::error_code ec;
  json::object out{{"id", node.id},
                   {"kind", node_kind_name(node.kind)},
                   {"slug", node.slug},
                   {"name", localized(node.names, lang)},
                   {"names", json::parse(node.names, ec)},
                   {"position", node.position}};
  if (node.subject_slug && node.kind == NodeKind::subject) {
    out["subject"] = *node.subject_slug;
  }
  if (node.subsystem && node.kind == NodeKind::cycle) {
    out["subsystem"] = *node.subsystem;
  }
  if (node.typical_age) {
    out["typical_age"] = *node.typical_age;
  }
  json::array children;
  for (const CurriculumNode* child : curriculum.children_of(node.id)) {
    children.push_back(node_json(curriculum, *child, lang));
  }
  if (node.kind != NodeKind::topic) {
    out["children"] = std::move(children);
  }
  return out;
}

Response api_curriculum(CurriculumStore& store, Request& request) {
  const std::string code = country_code_param(request);
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  if (!curriculum) {
    return web::error_page(request, 404, "No country with this code.");
  }
  const std::string& lang = web::choose_language(request);
  json::array cycles;
  for (const CurriculumNode* cycle : curriculum->cycles()) {
    cycles.push_back(node_json(*curriculum, *cycle, lang));
  }
  std::map<std::string, std::string> level_slugs;
  for (const auto& node : curriculum->nodes) {
    if (node.kind == NodeKind::level) {
      level_slugs[node.id] = node.slug;
    }
  }
  json::array exams;
  for (const auto& exam : curriculum->exams) {
    const auto level = level_slugs.find(exam.level_id);
    exams.push_back(
        json::object{{"code", exam.code},
                     {"name", localized(exam.names, lang)},
                     {"kind", exam.kind},
                     {"level", level != level_slugs.end() ? json::value(level->second) : nullptr},
                     {"unverified", exam.unverified}});
  }
  return json_response(json::object{{"country", code},
                                    {"name", localized(curriculum->country.names, lang)},
                                    {"cycles", std::move(cycles)},
                                    {"exams", std::move(exams)}});
}

}  // namespace

void register_library_routes(http::Router& router, CurriculumStore& store, Library& library,
                             accounts::Accounts& accounts, web::ViewCache& cache,
                             storage::ChangeWatcher& changes) {
  const auto options = http::public_route();
  router.get("/c/{code}/{level}/{subject}",
             cached_view(cache, changes,
                         [&store, &library](Request& request) {
                           return subject_page(store, library, request);
                         }),
             options);
  // Opening a resource page counts a view (in memory; see UsageCounter), cached or not.
  router.get(
      "/r/{id}",
      [&store, &library, &accounts,
       page = cached_view(cache, changes,
                          [&store, &library](Request& request) {
                            return resource_page(store, library, request);
                          })](Request& request) {
        // An editor's page carries their "Adapter" form and token: rendered for them alone.
        const auto offer = adapt_offer(accounts, request);
        Response response = offer ? resource_page(store, library, request, &*offer) : page(request);
        if (offer) {
          response.set_header("Cache-Control", "no-store");
        }
        if (response.status == 200 || response.status == 304) {
          library.usage().record_view(request.path_param("id").value_or(""));
        }
        return response;
      },
      options);
  router.get("/api/v1/resources",
             cached_view(cache, changes,
                         [&library](Request& request) { return api_resources(library, request); }),
             options);
  router.get("/api/v1/resources/{id}",
             cached_view(cache, changes,
                         [&library](Request& request) { return api_resource(library, request); }),
             options);
  router.get("/api/v1/countries/{code}/curriculum",
             cached_view(cache, changes,
                         [&store](Request& request) { return api_curriculum(store, request); }),
             options);
}

std::optional<web::Page> resource_page_model(CurriculumStore& store, Library& library,
                                             const ResourcePageQuery& query) {
  return resource_page_with(store, library, query, nullptr);
}

}  // namespace imaginecole::catalog
