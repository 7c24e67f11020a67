// SPDX-License-Identifier: AGPL-3.0-or-later
// One's own account: GET/POST /account (a page with forms, no JavaScript) and the same through
// the API: PATCH /api/v1/me, POST /api/v1/me/password, GET /api/v1/me/sessions,
// DELETE /api/v1/me/sessions/{id}. Everybody signed in (account.self); pupils change their
// language and, when they have one, their password; their name is their teacher's to set.
#include <boost/json.hpp>

#include "accounts/admin_common.hpp"
#include "accounts/csrf.hpp"
#include "accounts/user_provisioning.hpp"
#include "http/cookie.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::string_view kSelf = "account.self";
constexpr std::size_t kMaxPasswordBytes = 1024;

// The scope an account's own changes are logged under: its school, else its first grant's.
Scope home_scope(const SignedIn& who) {
  if (who.user.school_id) {
    return Scope{.kind = ScopeKind::school, .id = *who.user.school_id};
  }
  return who.grants.empty() ? Scope{} : who.grants.front().scope;
}

// Empty when done; otherwise the message key of what is wrong. Nothing is written then.
std::string change_profile(Administration& admin, const SignedIn& who, const Request& request,
                           const std::optional<std::string>& display_name,
                           const std::optional<std::string>& language) {
  std::string name = who.user.display_name;
  if (display_name && *display_name != name) {
    if (who.user.kind == UserKind::pupil) {
      return "admin_error_pupil_name";
    }
    const auto clean = clean_name(*display_name);
    if (!clean) {
      return "admin_error_name";
    }
    name = *clean;
  }
  std::optional<std::string> lang = who.user.preferred_language;
  if (language) {
    if (!web::Messages::instance().supports(*language)) {
      return "admin_error_language";
    }
    lang = *language;
  }
  auto connection = admin.store().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  admin.store().set_profile(*connection, who.user.id, name, lang);
  AuditEntry entry = audit_entry(who, request, "account.profile", home_scope(who));
  entry.target_kind = "user";
  entry.target_id = who.user.id;
  admin.accounts().audit().record(*connection, entry);
  transaction.commit();
  return {};
}

std::string change_password(Administration& admin, const SignedIn& who, const Request& request,
                            const std::string& current, const std::string& fresh) {
  if (!who.user.password_hash) {
    return "admin_error_no_password";
  }
  const std::size_t minimum =
      who.user.kind == UserKind::pupil ? kMinPupilPasswordLength : kMinStaffPasswordLength;
  if (fresh.size() < minimum || fresh.size() > kMaxPasswordBytes || fresh == who.user.username) {
    return "admin_error_weak_password";
  }
  // Guessing the current password from a stolen session is as slow as guessing at sign-in,
  // and refused before hashing.
  auto& throttle = admin.accounts().throttle();
  if (throttle.retry_after(AttemptKind::current_password, who.user.id,
                           throttle.options().max_current_password_failures)) {
    return "admin_error_password_throttled";
  }
  if (current.size() > kMaxPasswordBytes ||
      !admin.accounts().hasher().verify(*who.user.password_hash, current)) {
    throttle.record_failure({{AttemptKind::current_password, who.user.id}});
    return "admin_error_current_password";
  }
  throttle.forget(AttemptKind::current_password, who.user.id);
  const std::string hash = admin.accounts().hasher().hash(fresh);
  {
    auto connection = admin.store().database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    admin.accounts().users().set_password_hash(*connection, who.user.id, hash);
    AuditEntry entry = audit_entry(who, request, "account.password", home_scope(who));
    entry.target_kind = "user";
    entry.target_id = who.user.id;
    admin.accounts().audit().record(*connection, entry);
    transaction.commit();
  }
  admin.store().revoke_other_sessions(who.user.id, who.session.id);
  return {};
}

int status_of_password_error(std::string_view error_key) {
  if (error_key == "admin_error_password_throttled") {
    return 429;
  }
  return error_key == "admin_error_current_password" ? 403 : 400;
}

Response lang_cookie(const Request& request, Response response, const std::string& language) {
  http::set_cookie(response, request, web::language_cookie(language));
  return response;
}

Response settings_page(Administration& admin, const Request& request, const SignedIn& who,
                       const std::string& notice_key, const std::string& error_key, int status) {
  web::Page page;
  page.title = message(request, "admin_account_title");
  page.template_name = "accounts/templates/settings_account";
  page.status = status;
  page.data.set("csrf", csrf_token_for(who.session));
  page.data.set("display_name", who.user.display_name);
  page.data.set("username", who.user.username);
  page.data.set("is_staff", who.user.kind == UserKind::staff);
  page.data.set("has_password", who.user.password_hash.has_value());
  const std::string current = who.user.preferred_language.value_or("");
  web::TemplateList languages;
  for (const auto& language : web::Messages::instance().languages()) {
    web::TemplateData item;
    item.set("code", language.code);
    item.set("name", language.native_name);
    item.set("selected", language.code == current);
    languages.push_back(std::move(item));
  }
  page.data.set("languages", web::TemplateData(languages));
  web::TemplateList sessions;
  for (const auto& session : admin.store().live_sessions(who.user.id)) {
    web::TemplateData item;
    item.set("id", session.id);
    item.set("created_at", session.created_at);
    item.set("last_seen_at", session.last_seen_at);
    item.set("remote_address", session.remote_address);
    item.set("user_agent", session.user_agent);
    item.set("current", session.id == who.session.id);
    sessions.push_back(std::move(item));
  }
  page.data.set("sessions", web::TemplateData(sessions));
  if (!notice_key.empty()) {
    page.data.set("notice", message(request, notice_key));
  }
  if (!error_key.empty()) {
    page.data.set("error", message(request, error_key));
  }
  Response response = web::render_page(request, page);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response show_settings(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const std::string done = request.query_param("done").value_or("");
  const std::string notice = done == "profile"    ? "admin_done_profile"
                             : done == "password" ? "admin_done_password"
                             : done == "sessions" ? "admin_done_sessions"
                                                  : "";
  return settings_page(admin, request, *guarded.who, notice, {}, 200);
}

Response submit_settings(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const SignedIn& who = *guarded.who;
  const Form form = http::parse_form(request.body);
  const std::string action = form_value(form, "action");
  if (action == "profile") {
    const std::string language = form_value(form, "language");
    const std::optional<std::string> name = who.user.kind == UserKind::staff
                                                ? std::optional(form_value(form, "display_name"))
                                                : std::nullopt;
    const std::string error = change_profile(
        admin, who, request, name, language.empty() ? std::nullopt : std::optional(language));
    if (!error.empty()) {
      return settings_page(admin, request, who, {}, error, 400);
    }
    Response response = see_other("/account?done=profile");
    return language.empty() ? response : lang_cookie(request, std::move(response), language);
  }
  if (action == "password") {
    const std::string error = change_password(admin, who, request, form_value(form, "current"),
                                              form_value(form, "new_password"));
    if (!error.empty()) {
      return settings_page(admin, request, who, {}, error, status_of_password_error(error));
    }
    return see_other("/account?done=password");
  }
  if (action == "revoke") {
    admin.store().revoke_session(who.user.id, form_value(form, "session"));
    return see_other(form_value(form, "session") == who.session.id ? "/signin"
                                                                   : "/account?done=sessions");
  }
  if (action == "revoke_others") {
    admin.store().revoke_other_sessions(who.user.id, who.session.id);
    return see_other("/account?done=sessions");
  }
  return settings_page(admin, request, who, {}, "admin_error_action", 400);
}

json::object me_json(Administration& admin, const std::string& user_id) {
  const auto user = admin.accounts().users().by_id(user_id);
  json::object out{{"id", user_id}};
  if (user) {
    out["username"] = user->username;
    out["display_name"] = user->display_name;
    out["preferred_language"] =
        user->preferred_language ? json::value(*user->preferred_language) : json::value(nullptr);
  }
  return out;
}

Response api_error(const Request& request, const std::string& key, int status = 400) {
  return web::error_page(request, status, message(request, key));
}

Response patch_me(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  if (!body) {
    return api_error(request, "admin_error_body");
  }
  const auto name = json_string(*body, "display_name");
  const auto language = json_string(*body, "preferred_language");
  if ((body->contains("display_name") && !name) ||
      (body->contains("preferred_language") && !language) || (!name && !language)) {
    return api_error(request, "admin_error_body");
  }
  const std::string error = change_profile(admin, *guarded.who, request, name, language);
  if (!error.empty()) {
    return api_error(request, error, error == "admin_error_pupil_name" ? 403 : 400);
  }
  Response response = no_store_json(me_json(admin, guarded.who->user.id));
  return language ? lang_cookie(request, std::move(response), *language) : response;
}

Response post_password(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto body = json_body(request);
  const auto current = body ? json_string(*body, "current_password") : std::nullopt;
  const auto fresh = body ? json_string(*body, "new_password") : std::nullopt;
  if (!current || !fresh) {
    return api_error(request, "admin_error_body");
  }
  const std::string error = change_password(admin, *guarded.who, request, *current, *fresh);
  if (!error.empty()) {
    return api_error(request, error, status_of_password_error(error));
  }
  return no_store_json(json::object{{"changed", true}, {"other_sessions_revoked", true}});
}

Response get_sessions(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  json::array out;
  for (const auto& session : admin.store().live_sessions(guarded.who->user.id)) {
    out.push_back(json::object{{"id", session.id},
                               {"created_at", session.created_at},
                               {"last_seen_at", session.last_seen_at},
                               {"remote_address", session.remote_address},
                               {"user_agent", session.user_agent},
                               {"current", session.id == guarded.who->session.id}});
  }
  return no_store_json(json::object{{"sessions", out}});
}

Response delete_session(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, kSelf);
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  if (!admin.store().revoke_session(guarded.who->user.id, request.path_param("id").value_or(""))) {
    return not_found(request);
  }
  Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_settings_routes(http::Router& router, Administration& admin) {
  const http::RouteOptions self{
      .access = std::string(kSelf), .blocking = true, .max_body_bytes = 16 * 1024};
  router.get(
      "/account", [&admin](Request& request) { return show_settings(admin, request); }, self);
  router.post(
      "/account", [&admin](Request& request) { return submit_settings(admin, request); }, self);
  router.add(
      http::Method::patch, "/api/v1/me",
      [&admin](Request& request) { return patch_me(admin, request); }, self);
  http::RouteOptions hashing = self;
  hashing.hashes_passwords = true;
  router.post(
      "/api/v1/me/password", [&admin](Request& request) { return post_password(admin, request); },
      hashing);
  router.get(
      "/api/v1/me/sessions", [&admin](Request& request) { return get_sessions(admin, request); },
      self);
  router.add(
      http::Method::del, "/api/v1/me/sessions/{id}",
      [&admin](Request& request) { return delete_session(admin, request); }, self);
}

}  // namespace imaginecole::accounts
