// SPDX-License-Identifier: AGPL-3.0-or-later
// Users of one's scope: /admin/users (list with search, create staff, disable/enable, grant
// and revoke roles, as forms) and /api/v1/users[...] (the same as JSON). Lists need users.read,
// changes users.manage, both checked against the target's own scope: a country admin of SN
// sees and changes SN only, a school head their school only, and only teachers' roles.
#include <boost/json.hpp>

#include "accounts/account_json.hpp"
#include "accounts/admin_common.hpp"
#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "web/confirm_page.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::size_t kPageSize = 50;
constexpr std::size_t kMaxPasswordBytes = 1024;

}  // namespace

// May `who` grant (or revoke) `role` at `scope`? Users.manage must cover the scope; below the
// country level (school heads) only teachers' roles; pupils are enrolled by their classes.
bool may_grant(Administration& admin, const SignedIn& who, Role role, const Scope& scope) {
  if (role == Role::pupil || !role_fits_scope(role, scope.kind)) {
    return false;
  }
  const ScopePath path = admin.store().scope_path(scope);
  if (scope.kind != ScopeKind::platform && path.country_code.empty()) {
    return false;
  }
  const Principal principal = who.principal();
  if (!is_allowed(principal, Permission::users_manage, path)) {
    return false;
  }
  const bool country_level =
      is_allowed(principal, Permission::users_manage, ScopePath{.country_code = path.country_code});
  return country_level || role == Role::teacher;
}

// May `who` disable, enable or change `target`? Not oneself; every grant the target holds must
// be one `who` could have given.
namespace {

bool manages_user(Administration& admin, const SignedIn& who, const User& target) {
  if (target.id == who.user.id) {
    return false;
  }
  const Principal principal = who.principal();
  if (!admin.store().user_within(scope_filter(principal, Permission::users_manage), target.id)) {
    return false;
  }
  for (const RoleGrant& grant : admin.accounts().users().grants_of(target.id)) {
    if (grant.role == Role::pupil) {
      if (!is_allowed(principal, Permission::pupils_manage,
                      admin.store().scope_path(grant.scope))) {
        return false;
      }
    } else if (!may_grant(admin, who, grant.role, grant.scope)) {
      return false;
    }
  }
  return true;
}

Scope user_scope(Administration& admin, const User& user) {
  const auto grants = admin.accounts().users().grants_of(user.id);
  if (!grants.empty()) {
    return grants.front().scope;
  }
  return user.school_id ? Scope{.kind = ScopeKind::school, .id = *user.school_id} : Scope{};
}

std::optional<User> visible_user(Administration& admin, const SignedIn& who, std::string_view id) {
  if (!core::is_valid_id(id) ||
      !admin.store().user_within(scope_filter(who.principal(), Permission::users_read), id)) {
    return std::nullopt;
  }
  return admin.accounts().users().by_id(id);
}

}  // namespace

std::optional<AdminFailure> create_staff(Administration& admin, const SignedIn& who,
                                         const Request& request, const std::string& username,
                                         const std::string& display_name,
                                         const std::string& password, const std::string& role_text,
                                         const std::string& scope_text, std::string& new_id) {
  const auto role = parse_role(role_text);
  const auto scope = resolve_scope(admin, scope_text);
  if (!role || !scope) {
    return AdminFailure{400, "admin_error_role_scope"};
  }
  if (!may_grant(admin, who, *role, *scope)) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  const auto name =
      display_name.empty() ? std::optional<std::string>(username) : clean_name(display_name);
  if (!name || !normalize_username(username)) {
    return AdminFailure{400, "admin_error_name"};
  }
  if (password.size() < kMinStaffPasswordLength || password.size() > kMaxPasswordBytes) {
    return AdminFailure{400, "admin_error_weak_password"};
  }
  std::string spec = scope_spec(*scope);
  if (scope->kind == ScopeKind::school) {
    spec = "school:" + admin.accounts().schools().school_by_id(scope->id)->code;
  }
  NewUser request_user{.username = username,
                       .display_name = *name,
                       .password = password,
                       .picture_code = std::nullopt,
                       .role = role_text,
                       .scope = spec,
                       .preferred_language = std::nullopt,
                       .actor_id = who.user.id,
                       .remote_address = request.remote_address};
  auto result = admin.accounts().provisioning().add(request_user);
  if (!result) {
    return AdminFailure{409, result.error()};
  }
  new_id = result.value().id;
  return std::nullopt;
}

static std::optional<AdminFailure> set_disabled(Administration& admin, const SignedIn& who,
                                                const Request& request, const std::string& user_id,
                                                bool disabled) {
  const auto target = visible_user(admin, who, user_id);
  if (!target) {
    return AdminFailure{404, "admin_error_not_found"};
  }
  if (!manages_user(admin, who, *target)) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  admin.store().set_disabled(*connection, target->id, disabled, who.user.id);
  AuditEntry entry = audit_entry(who, request, disabled ? "user.disable" : "user.enable",
                                 user_scope(admin, *target));
  entry.target_kind = "user";
  entry.target_id = target->id;
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return std::nullopt;
}

std::optional<AdminFailure> grant_role(Administration& admin, const SignedIn& who,
                                       const Request& request, const std::string& user_id,
                                       const std::string& role_text,
                                       const std::string& scope_text) {
  const auto target = visible_user(admin, who, user_id);
  if (!target) {
    return AdminFailure{404, "admin_error_not_found"};
  }
  const auto role = parse_role(role_text);
  const auto scope = resolve_scope(admin, scope_text);
  if (!role || !scope || target->kind != UserKind::staff) {
    return AdminFailure{400, "admin_error_role_scope"};
  }
  if (!may_grant(admin, who, *role, *scope) || target->id == who.user.id) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  RoleGrant grant{.id = {}, .user_id = target->id, .role = *role, .scope = *scope};
  try {
    admin.accounts().users().insert_grant(*connection, grant, who.user.id);
  } catch (const storage::ConstraintViolation&) {
    return AdminFailure{409, "admin_error_duplicate"};
  }
  AuditEntry entry = audit_entry(who, request, "role.grant", *scope);
  entry.target_kind = "user";
  entry.target_id = target->id;
  entry.details = json::serialize(json::object{{"role", role_name(*role)}});
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return std::nullopt;
}

static std::optional<AdminFailure> revoke_role(Administration& admin, const SignedIn& who,
                                               const Request& request, const std::string& user_id,
                                               const std::string& grant_id) {
  const auto target = visible_user(admin, who, user_id);
  const auto grant =
      core::is_valid_id(grant_id) ? admin.store().grant_by_id(grant_id) : std::nullopt;
  if (!target || !grant || grant->user_id != target->id) {
    return AdminFailure{404, "admin_error_not_found"};
  }
  if (!may_grant(admin, who, grant->role, grant->scope) || target->id == who.user.id) {
    return AdminFailure{403, "admin_error_not_yours"};
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  admin.store().delete_grant(*connection, grant->id);
  AuditEntry entry = audit_entry(who, request, "role.revoke", grant->scope);
  entry.target_kind = "user";
  entry.target_id = target->id;
  entry.details = json::serialize(json::object{{"role", role_name(grant->role)}});
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return std::nullopt;
}

namespace {

// The list's filters from the query string; false when one is malformed.
bool user_query(Administration& admin, const Request& request, UserQuery& query) {
  query.text = request.query_param("q").value_or("");
  const std::string role = request.query_param("role").value_or("");
  const std::string scope = request.query_param("scope").value_or("");
  const std::string kind = request.query_param("kind").value_or("");
  if (query.text.size() > kMaxFieldBytes) {
    return false;
  }
  if (!role.empty()) {
    query.role = parse_role(role);
    if (!query.role) {
      return false;
    }
  }
  if (!scope.empty()) {
    const auto resolved = resolve_scope(admin, scope);
    if (!resolved) {
      return false;
    }
    query.within = scope_filter(*resolved);
  }
  if (kind == "pupil" || kind == "staff") {
    query.kind = kind == "pupil" ? UserKind::pupil : UserKind::staff;
  } else if (!kind.empty()) {
    return false;
  }
  query.limit = kPageSize;
  query.offset = page_offset(request, kPageSize);
  return true;
}

json::object user_list_json(Administration& admin, const User& user) {
  json::object out = user_json(user, admin.accounts().schools());
  out["disabled"] = user.disabled;
  json::array roles;
  for (const auto& grant : admin.accounts().users().grants_of(user.id)) {
    json::object scope{{"kind", scope_kind_name(grant.scope.kind)}, {"id", grant.scope.id}};
    roles.push_back(
        json::object{{"id", grant.id}, {"role", role_name(grant.role)}, {"scope", scope}});
  }
  out["roles"] = std::move(roles);
  return out;
}

Response api_failure(const Request& request, const AdminFailure& failure) {
  const std::string text =
      failure.text.starts_with("admin_") ? message(request, failure.text) : failure.text;
  return web::error_page(request, failure.status, text);
}

Response api_list(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.read");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  UserQuery query;
  if (!user_query(admin, request, query)) {
    return web::error_page(request, 400, message(request, "admin_error_filter"));
  }
  const UserPage page = admin.store().search_users(
      scope_filter(guarded.who->principal(), Permission::users_read), query);
  json::array users;
  for (const auto& user : page.users) {
    users.push_back(user_list_json(admin, user));
  }
  return no_store_json(
      json::object{{"users", users}, {"page", page_number(request)}, {"more", page.more}});
}

Response api_create(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  if (!body) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  std::string id;
  if (const auto failure = create_staff(
          admin, *guarded.who, request, json_string(*body, "username").value_or(""),
          json_string(*body, "display_name").value_or(""),
          json_string(*body, "password").value_or(""), json_string(*body, "role").value_or(""),
          json_string(*body, "scope").value_or(""), id)) {
    return api_failure(request, *failure);
  }
  return no_store_json(user_list_json(admin, *admin.accounts().users().by_id(id)), 201);
}

Response api_patch(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  const auto* disabled = body ? body->if_contains("disabled") : nullptr;
  if (disabled == nullptr || !disabled->is_bool()) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  const std::string id = request.path_param("id").value_or("");
  if (const auto failure = set_disabled(admin, *guarded.who, request, id, disabled->as_bool())) {
    return api_failure(request, *failure);
  }
  return no_store_json(user_list_json(admin, *admin.accounts().users().by_id(id)));
}

Response api_grant(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  if (!body) {
    return web::error_page(request, 400, message(request, "admin_error_body"));
  }
  const std::string id = request.path_param("id").value_or("");
  if (const auto failure =
          grant_role(admin, *guarded.who, request, id, json_string(*body, "role").value_or(""),
                     json_string(*body, "scope").value_or(""))) {
    return api_failure(request, *failure);
  }
  return no_store_json(user_list_json(admin, *admin.accounts().users().by_id(id)), 201);
}

Response api_revoke(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const std::string id = request.path_param("id").value_or("");
  if (const auto failure =
          revoke_role(admin, *guarded.who, request, id, request.path_param("grant").value_or(""))) {
    return api_failure(request, *failure);
  }
  Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

// --- the page ---------------------------------------------------------------------------

web::TemplateList role_options(const Request& request) {
  web::TemplateList out;
  for (const Role role : all_roles()) {
    if (role == Role::pupil) {
      continue;
    }
    web::TemplateData item;
    item.set("value", std::string(role_name(role)));
    item.set("label", message(request, "admin_role_" + std::string(role_name(role))));
    out.push_back(std::move(item));
  }
  return out;
}

std::string scope_label(Administration& admin, const Scope& scope) {
  if (scope.kind == ScopeKind::school) {
    if (const auto school = admin.accounts().schools().school_by_id(scope.id)) {
      return "school:" + school->code;
    }
  }
  if (scope.kind == ScopeKind::class_) {
    if (const auto school_class = admin.accounts().schools().class_by_id(scope.id)) {
      const auto school = admin.accounts().schools().school_by_id(school_class->school_id);
      return "class:" + scope.id + " (" + (school ? school->code + " " : "") + school_class->name +
             ")";
    }
  }
  return scope_spec(scope);
}

Response users_page(Administration& admin, const Request& request, const SignedIn& who,
                    const std::string& notice, const std::string& error, int status) {
  UserQuery query;
  const bool good_filter = user_query(admin, request, query);
  const Principal principal = who.principal();
  const UserPage page = good_filter ? admin.store().search_users(
                                          scope_filter(principal, Permission::users_read), query)
                                    : UserPage{};
  const bool can_manage = !scope_filter(principal, Permission::users_manage).empty();
  const std::string csrf = csrf_token_for(who.session);
  web::TemplateList rows;
  for (const auto& user : page.users) {
    web::TemplateData row;
    row.set("id", user.id);
    row.set("display_name", user.display_name);
    row.set("username", user.username);
    row.set("pupil", user.kind == UserKind::pupil);
    row.set("disabled", user.disabled);
    row.set("csrf", csrf);
    row.set("can_manage", can_manage && user.id != who.user.id);
    row.set("exportable",
            user.kind == UserKind::pupil &&
                is_allowed(principal, Permission::pupils_export, admin.store().user_path(user)));
    web::TemplateList grants;
    for (const auto& grant : admin.accounts().users().grants_of(user.id)) {
      web::TemplateData item;
      item.set("id", grant.id);
      item.set("user_id", user.id);
      item.set("role", message(request, "admin_role_" + std::string(role_name(grant.role))));
      item.set("scope", scope_label(admin, grant.scope));
      item.set("revocable", can_manage && grant.role != Role::pupil && user.id != who.user.id);
      grants.push_back(std::move(item));
    }
    row.set("grants", web::TemplateData(grants));
    rows.push_back(std::move(row));
  }
  web::Page view;
  view.title = message(request, "admin_users_title");
  view.template_name = "accounts/templates/admin_users";
  view.status = status;
  view.data.set("q", query.text);
  view.data.set("scope", request.query_param("scope").value_or(""));
  view.data.set("users", web::TemplateData(rows));
  view.data.set("empty", rows.empty());
  view.data.set("roles", web::TemplateData(role_options(request)));
  view.data.set("can_manage", can_manage);
  view.data.set("csrf", csrf);
  const std::size_t number = page_number(request);
  std::string base = "/admin/users?q=" + http::percent_encode(query.text) +
                     "&role=" + http::percent_encode(request.query_param("role").value_or("")) +
                     "&scope=" + http::percent_encode(request.query_param("scope").value_or("")) +
                     "&page=";
  if (number > 1) {
    view.data.set("previous", base + std::to_string(number - 1));
  }
  if (page.more) {
    view.data.set("next", base + std::to_string(number + 1));
  }
  if (!good_filter) {
    view.data.set("error", message(request, "admin_error_filter"));
    view.status = 400;
  } else if (!error.empty()) {
    view.data.set("error", error);
  }
  if (!notice.empty()) {
    view.data.set("notice", notice);
  }
  Response response = web::render_page(request, view);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response show_users(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.read");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const bool done = request.query_param("done").has_value();
  return users_page(admin, request, *guarded.who, done ? message(request, "admin_done_saved") : "",
                    {}, 200);
}

// "Désactiver" and "Retirer" (a role) ask first, on their own page (web/confirm_page.hpp):
// GET /admin/users/confirm?action=disable&user=… or ?action=revoke&user=…&grant=….
Response confirm_user_action(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const SignedIn& who = *guarded.who;
  const std::string action = request.query_param("action").value_or("");
  const auto target = visible_user(admin, who, request.query_param("user").value_or(""));
  if (!target) {
    return not_found(request);
  }
  web::Confirmation confirmation{
      .title = {},
      .subject = target->display_name + " (" + target->username + ")",
      .explain = {},
      .action = "/admin/users",
      .fields = {{"action", action}, {"user", target->id}},
      .csrf_token = csrf_token_for(who.session),
      .cancel_url = "/admin/users",
      .breadcrumbs = {{message(request, "home_title"), "/"},
                      {message(request, "admin_users_title"), "/admin/users"}}};
  if (action == "disable") {
    if (!manages_user(admin, who, *target)) {
      return web::error_page(request, 403, message(request, "admin_error_not_yours"));
    }
    confirmation.title = message(request, "safe_disable_title");
    confirmation.explain = message(request, "safe_disable_explain");
  } else if (action == "revoke") {
    const std::string grant_id = request.query_param("grant").value_or("");
    const auto grant =
        core::is_valid_id(grant_id) ? admin.store().grant_by_id(grant_id) : std::nullopt;
    if (!grant || grant->user_id != target->id) {
      return not_found(request);
    }
    confirmation.title = message(request, "safe_revoke_title");
    confirmation.subject += " · " +
                            message(request, "admin_role_" + std::string(role_name(grant->role))) +
                            " · " + scope_label(admin, grant->scope);
    confirmation.explain = message(request, "safe_revoke_explain");
    confirmation.fields.emplace_back("grant", grant->id);
  } else {
    return web::error_page(request, 400, message(request, "admin_error_action"));
  }
  return web::confirmation_page(request, confirmation);
}

Response submit_users(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "users.manage");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const SignedIn& who = *guarded.who;
  const Form form = http::parse_form(request.body);
  const std::string action = form_value(form, "action");
  const std::string user = form_value(form, "user");
  std::optional<AdminFailure> failure;
  // Only through the confirmation page: an old one-click form cannot skip the question.
  if ((action == "disable" || action == "revoke") &&
      !web::is_confirmed(form_value(form, "confirm"))) {
    return users_page(admin, request, who, {}, message(request, "safe_error_not_confirmed"), 400);
  }
  if (action == "create") {
    std::string id;
    failure = create_staff(admin, who, request, form_value(form, "username"),
                           form_value(form, "display_name"), form_value(form, "password"),
                           form_value(form, "role"), form_value(form, "scope"), id);
  } else if (action == "disable" || action == "enable") {
    failure = set_disabled(admin, who, request, user, action == "disable");
  } else if (action == "grant") {
    failure =
        grant_role(admin, who, request, user, form_value(form, "role"), form_value(form, "scope"));
  } else if (action == "revoke") {
    failure = revoke_role(admin, who, request, user, form_value(form, "grant"));
  } else {
    failure = AdminFailure{400, "admin_error_action"};
  }
  if (failure) {
    const std::string text =
        failure->text.starts_with("admin_") ? message(request, failure->text) : failure->text;
    if (failure->status == 404 || failure->status == 403) {
      return web::error_page(request, failure->status, text);
    }
    return users_page(admin, request, who, {}, text, failure->status);
  }
  const web::Flash done = action == "create"    ? web::Flash::created
                          : action == "disable" ? web::Flash::deactivated
                          : action == "revoke"  ? web::Flash::removed
                                                : web::Flash::saved;
  return web::with_flash(see_other("/admin/users"), request, done);
}

}  // namespace

void register_admin_user_routes(http::Router& router, Administration& admin) {
  // ?q= names people: kept out of the access log.
  const http::RouteOptions read{
      .access = "users.read", .blocking = true, .max_body_bytes = 1024, .log_query = false};
  const http::RouteOptions manage{
      .access = "users.manage", .blocking = true, .max_body_bytes = 16 * 1024};
  router.get(
      "/admin/users", [&admin](Request& request) { return show_users(admin, request); }, read);
  router.post(
      "/admin/users", [&admin](Request& request) { return submit_users(admin, request); }, manage);
  router.get(
      "/admin/users/confirm",
      [&admin](Request& request) { return confirm_user_action(admin, request); },
      http::RouteOptions{.access = "users.manage", .blocking = true, .log_query = false});
  router.get(
      "/api/v1/users", [&admin](Request& request) { return api_list(admin, request); }, read);
  router.post(
      "/api/v1/users", [&admin](Request& request) { return api_create(admin, request); }, manage);
  router.add(
      http::Method::patch, "/api/v1/users/{id}",
      [&admin](Request& request) { return api_patch(admin, request); }, manage);
  router.post(
      "/api/v1/users/{id}/grants", [&admin](Request& request) { return api_grant(admin, request); },
      manage);
  router.add(
      http::Method::del, "/api/v1/users/{id}/grants/{grant}",
      [&admin](Request& request) { return api_revoke(admin, request); }, manage);
}

}  // namespace imaginecole::accounts
