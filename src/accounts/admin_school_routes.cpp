// SPDX-License-Identifier: AGPL-3.0-or-later
// Schools and their classes: /admin/schools (list with search, create: schools.manage),
// /admin/schools/{code} (its classes and staff; edit the school: schools.manage; add and rename
// classes: classes.manage; add teachers: users.manage), and the same as JSON under
// /api/v1/schools. Country admins reach their country's schools, heads their own school.
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "accounts/admin_common.hpp"
#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "web/content_language.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::size_t kPageSize = 50;

bool is_country(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

ScopePath school_path(const School& school) {
  return ScopePath{.country_code = school.country_code, .school_id = school.id};
}

// The school of {code} when the viewer holds `permission` there; nullopt for absent and
// foreign alike.
std::optional<School> school_for(Administration& admin, const Request& request, const SignedIn& who,
                                 Permission permission) {
  const std::string code = request.path_param("code").value_or("");
  auto school = code.size() <= 32 ? admin.accounts().schools().school_by_code(code) : std::nullopt;
  if (!school || !is_allowed(who.principal(), permission, school_path(*school))) {
    return std::nullopt;
  }
  return school;
}

std::optional<AdminFailure> create_school(Administration& admin, const SignedIn& who,
                                          const Request& request, std::string country,
                                          const std::string& code_text, const std::string& name,
                                          const std::string& region, School& created) {
  country = upper(std::move(country));
  if (!is_country(country) || admin.levels(country, "fr").empty()) {
    return AdminFailure{400, "admin_error_country"};
  }
  if (!is_allowed(who.principal(), Permission::schools_manage,
                  ScopePath{.country_code = country})) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  const auto code = code_text.size() <= 32 ? normalize_school_code(code_text) : std::nullopt;
  const auto clean = clean_name(name);
  const auto clean_region = region.empty() ? std::nullopt : clean_name(region);
  if (!code || !clean || (!region.empty() && !clean_region)) {
    return AdminFailure{400, "admin_error_school_fields"};
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (admin.accounts().schools().school_by_code(*connection, *code)) {
    return AdminFailure{409, "admin_error_code_taken"};
  }
  created = School{
      .id = {}, .code = *code, .region_id = std::nullopt, .country_code = country, .name = *clean};
  if (clean_region) {
    created.region_id = admin.store().ensure_region(*connection, country, *clean_region);
  }
  try {
    admin.accounts().schools().insert_school(*connection, created);
  } catch (const storage::ConstraintViolation&) {
    return AdminFailure{409, "admin_error_code_taken"};
  }
  AuditEntry entry =
      audit_entry(who, request, "school.create", Scope{ScopeKind::school, created.id});
  entry.target_kind = "school";
  entry.target_id = created.id;
  entry.details = json::serialize(json::object{{"code", created.code}, {"name", created.name}});
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return std::nullopt;
}

std::optional<AdminFailure> edit_school(Administration& admin, const SignedIn& who,
                                        const Request& request, School school,
                                        const std::optional<std::string>& name,
                                        const std::optional<std::string>& region) {
  if (!is_allowed(who.principal(), Permission::schools_manage,
                  ScopePath{.country_code = school.country_code})) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  std::optional<std::string> clean_region;
  if (name) {
    const auto clean = clean_name(*name);
    if (!clean) {
      return AdminFailure{400, "admin_error_school_fields"};
    }
    school.name = *clean;
  }
  if (region && !region->empty()) {
    clean_region = clean_name(*region);
    if (!clean_region) {
      return AdminFailure{400, "admin_error_school_fields"};
    }
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (region) {
    school.region_id = clean_region ? std::optional(admin.store().ensure_region(
                                          *connection, school.country_code, *clean_region))
                                    : std::nullopt;
  }
  admin.store().update_school(*connection, school);
  AuditEntry entry =
      audit_entry(who, request, "school.update", Scope{ScopeKind::school, school.id});
  entry.target_kind = "school";
  entry.target_id = school.id;
  entry.details = json::serialize(json::object{{"name", school.name}});
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return std::nullopt;
}

bool level_known(Administration& admin, const School& school, const std::string& level) {
  if (level.empty()) {
    return true;
  }
  const auto levels = admin.levels(school.country_code, "fr");
  return std::any_of(levels.begin(), levels.end(),
                     [&](const auto& item) { return item.first == level; });
}

// Adds a class (no id) or renames one of this school (an id).
std::optional<AdminFailure> save_class(Administration& admin, const SignedIn& who,
                                       const Request& request, const School& school,
                                       const std::string& class_id, const std::string& name,
                                       const std::string& level, std::string& saved_id) {
  const auto clean = clean_name(name);
  if (!clean || !level_known(admin, school, level)) {
    return AdminFailure{400, "admin_error_class_fields"};
  }
  SchoolClass school_class;
  if (!class_id.empty()) {
    const auto existing = core::is_valid_id(class_id)
                              ? admin.accounts().schools().class_by_id(class_id)
                              : std::nullopt;
    if (!existing || existing->school_id != school.id) {
      return AdminFailure{404, "admin_error_not_found"};
    }
    school_class = *existing;
  }
  school_class.school_id = school.id;
  school_class.name = *clean;
  school_class.level_slug = level.empty() ? std::nullopt : std::optional(level);
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const bool adding = school_class.id.empty();
  if (adding) {
    admin.accounts().schools().insert_class(*connection, school_class);
  } else {
    admin.store().update_class(*connection, school_class);
  }
  AuditEntry entry = audit_entry(who, request, adding ? "class.create" : "class.update",
                                 Scope{ScopeKind::school, school.id});
  entry.target_kind = "class";
  entry.target_id = school_class.id;
  entry.details = json::serialize(
      json::object{{"name", school_class.name},
                   {"level", level.empty() ? json::value(nullptr) : json::value(level)}});
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  saved_id = school_class.id;
  return std::nullopt;
}

json::object school_json(Administration& admin, const School& school, bool details) {
  json::object out{{"id", school.id},
                   {"code", school.code},
                   {"name", school.name},
                   {"country", school.country_code}};
  const auto region =
      school.region_id ? admin.store().region_name(*school.region_id) : std::nullopt;
  out["region"] = region ? json::value(*region) : json::value(nullptr);
  if (details) {
    json::array classes;
    for (const auto& c : admin.accounts().schools().classes_of(school.id)) {
      classes.push_back(json::object{
          {"id", c.id},
          {"name", c.name},
          {"level", c.level_slug ? json::value(*c.level_slug) : json::value(nullptr)}});
    }
    out["classes"] = std::move(classes);
    json::array staff;
    for (const auto& member : admin.store().staff_of_school(school.id)) {
      staff.push_back(json::object{{"id", member.user.id},
                                   {"username", member.user.username},
                                   {"display_name", member.user.display_name},
                                   {"role", role_name(member.grant.role)},
                                   {"scope", scope_spec(member.grant.scope)}});
    }
    out["staff"] = std::move(staff);
  }
  return out;
}

SchoolQuery school_query(const Request& request, bool& good) {
  SchoolQuery query;
  query.country = upper(request.query_param("country").value_or(""));
  query.text = request.query_param("q").value_or("");
  good =
      (query.country.empty() || is_country(query.country)) && query.text.size() <= kMaxFieldBytes;
  query.limit = kPageSize;
  query.offset = page_offset(request, kPageSize);
  return query;
}

// --- API ----------------------------------------------------------------------------------

Response api_list(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  bool good = false;
  const SchoolQuery query = school_query(request, good);
  if (!good) {
    return web::error_page(request, 400, message(request, "admin_error_filter"));
  }
  bool more = false;
  json::array schools;
  for (const auto& school : admin.store().search_schools(
           scope_filter(guarded.who->principal(), Permission::classes_manage), query, more)) {
    schools.push_back(school_json(admin, school, false));
  }
  return no_store_json(
      json::object{{"schools", schools}, {"page", page_number(request)}, {"more", more}});
}

Response api_create(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "schools.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  if (!body) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  School created;
  if (const auto failure = create_school(
          admin, *guarded.who, request, json_string(*body, "country").value_or(""),
          json_string(*body, "code").value_or(""), json_string(*body, "name").value_or(""),
          json_string(*body, "region").value_or(""), created)) {
    return web::error_page(request, failure->status, failure_text(request, *failure));
  }
  return no_store_json(school_json(admin, created, true), 201);
}

Response api_school(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto school = school_for(admin, request, *guarded.who, Permission::classes_manage);
  if (!school) {
    return not_found(request);
  }
  return no_store_json(school_json(admin, *school, true));
}

Response api_patch(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "schools.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto school = school_for(admin, request, *guarded.who, Permission::schools_manage);
  if (!school) {
    return not_found(request);
  }
  const auto body = json_body(request);
  if (!body) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  if (const auto failure = edit_school(admin, *guarded.who, request, *school,
                                       json_string(*body, "name"), json_string(*body, "region"))) {
    return web::error_page(request, failure->status, failure_text(request, *failure));
  }
  return no_store_json(
      school_json(admin, *admin.accounts().schools().school_by_id(school->id), true));
}

Response api_class(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto school = school_for(admin, request, *guarded.who, Permission::classes_manage);
  if (!school) {
    return not_found(request);
  }
  const auto body = json_body(request);
  if (!body) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  std::string id;
  const bool adding = request.method == http::Method::post;
  if (const auto failure = save_class(
          admin, *guarded.who, request, *school,
          adding ? std::string() : request.path_param("id").value_or("-"),
          json_string(*body, "name").value_or(""), json_string(*body, "level").value_or(""), id)) {
    return web::error_page(request, failure->status, failure_text(request, *failure));
  }
  const auto saved = admin.accounts().schools().class_by_id(id);
  return no_store_json(
      json::object{{"id", saved->id},
                   {"school", school->code},
                   {"name", saved->name},
                   {"level", saved->level_slug ? json::value(*saved->level_slug) : nullptr}},
      adding ? 201 : 200);
}

// --- pages --------------------------------------------------------------------------------

Response schools_page(Administration& admin, const Request& request, const SignedIn& who,
                      const std::string& error, int status) {
  bool good = false;
  const SchoolQuery query = school_query(request, good);
  const Principal principal = who.principal();
  bool more = false;
  const auto schools = good ? admin.store().search_schools(
                                  scope_filter(principal, Permission::classes_manage), query, more)
                            : std::vector<School>{};
  web::TemplateList rows;
  for (const auto& school : schools) {
    web::TemplateData row;
    row.set("code", school.code);
    row.set("name", school.name);
    row.set("country", web::country_name(school.country_code, web::choose_language(request)));
    const auto region =
        school.region_id ? admin.store().region_name(*school.region_id) : std::nullopt;
    row.set("region", region.value_or(""));
    rows.push_back(std::move(row));
  }
  web::Page view;
  view.title = message(request, "admin_schools_title");
  view.template_name = "accounts/templates/admin_schools";
  view.status = good ? status : 400;
  view.data.set("schools", web::TemplateData(rows));
  view.data.set("empty", rows.empty());
  view.data.set("q", query.text);
  view.data.set("country", query.country);
  view.data.set("can_create", !scope_filter(principal, Permission::schools_manage).empty());
  // A country admin works on their country here: its curriculum editor is one click away.
  web::TemplateList curricula;
  for (const auto& grant : who.grants) {
    if (grant.scope.kind == ScopeKind::country &&
        is_allowed(principal, Permission::curriculum_manage,
                   ScopePath{.country_code = grant.scope.id})) {
      web::TemplateData link;
      link.set("url", "/admin/c/" + grant.scope.id + "/curriculum");
      link.set("country", web::country_name(grant.scope.id, web::choose_language(request)));
      curricula.push_back(std::move(link));
    }
  }
  view.data.set("has_curricula", !curricula.empty());
  view.data.set("curricula", web::TemplateData(curricula));
  view.data.set("csrf", csrf_token_for(who.session));
  if (!good) {
    view.data.set("error", message(request, "admin_error_filter"));
  } else if (!error.empty()) {
    view.data.set("error", error);
  }
  const std::size_t number = page_number(request);
  const std::string base = "/admin/schools?country=" + query.country +
                           "&q=" + http::percent_encode(query.text) + "&page=";
  if (number > 1) {
    view.data.set("previous", base + std::to_string(number - 1));
  }
  if (more) {
    view.data.set("next", base + std::to_string(number + 1));
  }
  Response response = web::render_page(request, view);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response show_schools(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  return schools_page(admin, request, *guarded.who, {}, 200);
}

Response submit_schools(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "schools.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const Form form = http::parse_form(request.body);
  School created;
  if (const auto failure = create_school(admin, *guarded.who, request, form_value(form, "country"),
                                         form_value(form, "code"), form_value(form, "name"),
                                         form_value(form, "region"), created)) {
    if (failure->status == 403) {
      return web::error_page(request, 403, failure_text(request, *failure));
    }
    return schools_page(admin, request, *guarded.who, failure_text(request, *failure),
                        failure->status);
  }
  return web::with_flash(see_other("/admin/schools/" + created.code), request, web::Flash::created);
}

Response school_page(Administration& admin, const Request& request, const SignedIn& who,
                     const School& school, const std::string& notice, const std::string& error,
                     int status) {
  const std::string& lang = web::choose_language(request);
  const Principal principal = who.principal();
  const std::string csrf = csrf_token_for(who.session);
  const auto levels = admin.levels(school.country_code, lang);
  auto level_options = [&](const std::optional<std::string>& selected) {
    web::TemplateList out;
    for (const auto& [slug, name] : levels) {
      web::TemplateData item;
      item.set("slug", slug);
      item.set("name", name);
      item.set("selected", selected && *selected == slug);
      out.push_back(std::move(item));
    }
    return out;
  };
  // The school at a glance: how many pupils each class has, read once on one connection.
  std::size_t pupil_total = 0;
  std::map<std::string, std::size_t> pupils_per_class;
  {
    auto connection = admin.accounts().database().read();
    pupil_total = admin.accounts().users().pupils_of_school(*connection, school.id).size();
    for (const auto& c : admin.accounts().schools().classes_of(school.id)) {
      pupils_per_class[c.id] = admin.accounts().users().enrolled_in_class(*connection, c.id).size();
    }
  }
  web::TemplateList classes;
  for (const auto& c : admin.accounts().schools().classes_of(school.id)) {
    web::TemplateData row;
    row.set("id", c.id);
    row.set("name", c.name);
    row.set("url", "/classes/" + c.id);
    row.set("pupils", std::to_string(pupils_per_class[c.id]));
    row.set("level", c.level_slug.value_or(""));
    row.set("levels", web::TemplateData(level_options(c.level_slug)));
    row.set("csrf", csrf);
    classes.push_back(std::move(row));
  }
  web::TemplateList staff;
  std::set<std::string> teachers;
  for (const auto& member : admin.store().staff_of_school(school.id)) {
    if (member.grant.role == Role::teacher) {
      teachers.insert(member.user.id);
    }
    web::TemplateData row;
    row.set("display_name", member.user.display_name);
    row.set("username", member.user.username);
    row.set("role", message(request, "admin_role_" + std::string(role_name(member.grant.role))));
    std::string where = school.code;
    if (member.grant.scope.kind == ScopeKind::class_) {
      if (const auto c = admin.accounts().schools().class_by_id(member.grant.scope.id)) {
        where = c->name;
      }
    }
    row.set("where", where);
    staff.push_back(std::move(row));
  }
  const auto region =
      school.region_id ? admin.store().region_name(*school.region_id) : std::nullopt;
  web::Page view;
  view.title = school.name + " (" + school.code + ")";
  view.template_name = "accounts/templates/admin_school";
  view.status = status;
  view.breadcrumbs = {{message(request, "admin_schools_title"), "/admin/schools"},
                      {school.code, ""}};
  view.data.set("code", school.code);
  view.data.set("name", school.name);
  view.data.set("country", web::country_name(school.country_code, web::choose_language(request)));
  view.data.set("region", region.value_or(""));
  view.data.set("csrf", csrf);
  view.data.set("classes", web::TemplateData(classes));
  view.data.set("levels", web::TemplateData(level_options(std::nullopt)));
  view.data.set("staff", web::TemplateData(staff));
  view.data.set("class_count", std::to_string(classes.size()));
  view.data.set("teacher_count", std::to_string(teachers.size()));
  view.data.set("pupil_count", std::to_string(pupil_total));
  view.data.set("can_edit", is_allowed(principal, Permission::schools_manage,
                                       ScopePath{.country_code = school.country_code}));
  view.data.set("can_staff", is_allowed(principal, Permission::users_manage, school_path(school)));
  if (!notice.empty()) {
    view.data.set("notice", notice);
  }
  if (!error.empty()) {
    view.data.set("error", error);
  }
  Response response = web::render_page(request, view);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response show_school(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto school = school_for(admin, request, *guarded.who, Permission::classes_manage);
  if (!school) {
    return not_found(request);
  }
  const bool done = request.query_param("done").has_value();
  return school_page(admin, request, *guarded.who, *school,
                     done ? message(request, "admin_done_saved") : "", {}, 200);
}

Response submit_school(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "classes.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const SignedIn& who = *guarded.who;
  const auto school = school_for(admin, request, who, Permission::classes_manage);
  if (!school) {
    return not_found(request);
  }
  const Form form = http::parse_form(request.body);
  const std::string action = form_value(form, "action");
  std::optional<AdminFailure> failure;
  std::string id;
  if (action == "edit") {
    failure = edit_school(admin, who, request, *school, form_value(form, "name"),
                          form_value(form, "region"));
  } else if (action == "add_class" || action == "rename_class") {
    failure = save_class(admin, who, request, *school,
                         action == "add_class" ? std::string() : form_value(form, "class"),
                         form_value(form, "name"), form_value(form, "level"), id);
  } else if (action == "add_teacher") {
    // A new teacher account at one of this school's classes.
    const std::string class_id = form_value(form, "class");
    const auto c = core::is_valid_id(class_id) ? admin.accounts().schools().class_by_id(class_id)
                                               : std::nullopt;
    if (!c || c->school_id != school->id) {
      failure = AdminFailure{400, "admin_error_class_fields"};
    } else {
      failure = create_staff(admin, who, request, form_value(form, "username"),
                             form_value(form, "display_name"), form_value(form, "password"),
                             "teacher", "class:" + class_id, id);
    }
  } else if (action == "grant_teacher") {
    const auto user = admin.accounts().users().staff_by_username(form_value(form, "username"));
    const std::string class_id = form_value(form, "class");
    const auto c = core::is_valid_id(class_id) ? admin.accounts().schools().class_by_id(class_id)
                                               : std::nullopt;
    if (!c || c->school_id != school->id) {
      failure = AdminFailure{400, "admin_error_class_fields"};
    } else {
      failure = grant_role(admin, who, request, user ? user->id : std::string("-"), "teacher",
                           "class:" + class_id);
    }
  } else {
    failure = AdminFailure{400, "admin_error_action"};
  }
  if (failure) {
    if (failure->status == 403) {
      return web::error_page(request, 403, failure_text(request, *failure));
    }
    return school_page(admin, request, who, *school, {}, failure_text(request, *failure),
                       failure->status);
  }
  return see_other("/admin/schools/" + school->code + "?done=1");
}

}  // namespace

void register_admin_school_routes(http::Router& router, Administration& admin) {
  const http::RouteOptions classes{
      .access = "classes.manage", .blocking = true, .max_body_bytes = 16 * 1024};
  const http::RouteOptions schools{
      .access = "schools.manage", .blocking = true, .max_body_bytes = 16 * 1024};
  router.get(
      "/admin/schools", [&admin](Request& request) { return show_schools(admin, request); },
      classes);
  router.post(
      "/admin/schools", [&admin](Request& request) { return submit_schools(admin, request); },
      schools);
  router.get(
      "/admin/schools/{code}", [&admin](Request& request) { return show_school(admin, request); },
      classes);
  router.post(
      "/admin/schools/{code}", [&admin](Request& request) { return submit_school(admin, request); },
      classes);
  router.get(
      "/api/v1/schools", [&admin](Request& request) { return api_list(admin, request); }, classes);
  router.post(
      "/api/v1/schools", [&admin](Request& request) { return api_create(admin, request); },
      schools);
  router.get(
      "/api/v1/schools/{code}", [&admin](Request& request) { return api_school(admin, request); },
      classes);
  router.add(
      http::Method::patch, "/api/v1/schools/{code}",
      [&admin](Request& request) { return api_patch(admin, request); }, schools);
  router.post(
      "/api/v1/schools/{code}/classes",
      [&admin](Request& request) { return api_class(admin, request); }, classes);
  router.add(
      http::Method::patch, "/api/v1/schools/{code}/classes/{id}",
      [&admin](Request& request) { return api_class(admin, request); }, classes);
}

}  // namespace imaginecole::accounts
