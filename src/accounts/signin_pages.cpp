// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /signin, POST /signin, POST /signout: the sign-in form for browsers, without JavaScript.
// The form is protected by a double-submit token (cookie + hidden field) since there is no
// session yet; sign-out by the session's own CSRF token.
#include <algorithm>
#include <vector>

#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "accounts/landing.hpp"
#include "accounts/route_parts.hpp"
#include "http/local_path.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"
#include "web/templates.hpp"

namespace imaginecole::accounts {
namespace {

using http::Request;
using http::Response;

struct FormState {
  std::string school;
  std::string username;
  std::string next;
  std::string error_key;  // a message key; empty for none
  int status = 200;
};

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// Only a path on this site: never an open redirect.
std::string safe_next(const std::string& next) {
  std::string path = http::local_path_or(next, "/");
  if (path.starts_with("/signin") || path.starts_with("/signout")) {
    return "/";
  }
  return path;
}

std::string_view message(const Request& request, std::string_view key) {
  return web::Messages::instance().catalogue(web::choose_language(request)).get(key);
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response signin_form(const Request& request, const FormState& state) {
  // Keep the browser's token when it has a valid one, so two open tabs both work.
  std::string token = request.cookie(kPreSessionCookie).value_or("");
  const bool fresh = token.size() != 64;
  if (fresh) {
    token = new_presession_token();
  }
  web::Page page;
  page.title = std::string(message(request, "accounts_signin_title"));
  page.template_name = "accounts/templates/signin";
  page.status = state.status;
  page.data.set("signed_in", false);
  page.data.set("csrf_token", token);
  page.data.set("school", state.school);
  page.data.set("username", state.username);
  if (state.next != "/" && !state.next.empty()) {
    page.data.set("next", state.next);
  }
  if (!state.error_key.empty()) {
    page.data.set("error", std::string(message(request, state.error_key)));
  }
  Response response = no_store(web::render_page(request, page));
  if (fresh) {
    http::set_cookie(response, request, presession_cookie_for(token));
  }
  return response;
}

Response signed_in_page(const Request& request, const SignedIn& who) {
  web::Page page;
  page.title = std::string(message(request, "accounts_signin_title"));
  page.template_name = "accounts/templates/signin";
  page.data.set("signed_in", true);
  page.data.set("display_name", who.user.display_name);
  page.data.set("username", who.user.username);
  page.data.set("csrf_token", csrf_token_for(who.session));
  // The places this person may go, by the permissions they hold somewhere (each page then
  // shows only what is within their scopes).
  struct Space {
    std::string_view access;
    std::string_view url;
    std::string_view label_key;
  };
  static constexpr Space kSpaces[] = {
      {"account.self", "/account", "accounts_space_account"},
      {"pupils.read", "/classes", "accounts_space_classes"},
      {"content.edit", "/edit", "accounts_space_edit"},
      {"content.review", "/edit", "accounts_space_edit"},
      {"content.class", "/edit", "accounts_space_edit"},
      {"media.upload", "/edit/media", "accounts_space_media"},
      {"content.edit", "/edit/questions", "accounts_space_questions"},
      {"users.read", "/admin/users", "accounts_space_users"},
      {"classes.manage", "/admin/schools", "accounts_space_schools"},
      {"audit.read", "/admin/audit", "accounts_space_audit"},
      {"schools.manage", "/admin/sync/schools", "sync_schools_link"},
  };
  const Principal principal = who.principal();
  std::vector<std::string_view> shown;
  web::TemplateList spaces;
  for (const Space& space : kSpaces) {
    if (!may_call_route(&principal, space.access) ||
        std::find(shown.begin(), shown.end(), space.url) != shown.end()) {
      continue;
    }
    shown.push_back(space.url);
    web::TemplateData item;
    item.set("url", std::string(space.url));
    item.set("label", std::string(message(request, space.label_key)));
    spaces.push_back(std::move(item));
    // A class's pupils and teachers: the resources its teachers wrote for it.
    if (space.url == "/account" &&
        std::any_of(principal.grants.begin(), principal.grants.end(),
                    [](const auto& grant) { return grant.scope.kind == ScopeKind::class_; })) {
      web::TemplateData mine;
      mine.set("url", std::string("/class-resources"));
      mine.set("label", std::string(message(request, "accounts_space_class_resources")));
      spaces.push_back(std::move(mine));
    }
  }
  page.data.set("spaces", web::TemplateData(spaces));
  return no_store(web::render_page(request, page));
}

Response show_signin(Accounts& accounts, Request& request) {
  if (const auto who = accounts.authenticator().signed_in(request)) {
    return signed_in_page(request, *who);
  }
  FormState state;
  state.next = safe_next(request.query_param("next").value_or(""));
  return signin_form(request, state);
}

Response submit_signin(Accounts& accounts, Request& request) {
  const auto form = http::parse_form(request.body);
  FormState state;
  state.school = form_value(form, "school");
  state.username = form_value(form, "username");
  state.next = safe_next(form_value(form, "next"));
  if (http::form_was_refused(request)) {
    state.status = 403;
    state.error_key = "accounts_error_csrf";
    return signin_form(request, state);
  }
  const std::string password = form_value(form, "password");
  if (state.username.empty() || password.empty()) {
    state.status = 400;
    state.error_key = "accounts_error_missing";
    return signin_form(request, state);
  }
  Credentials credentials{
      .username = state.username,
      .school_code = state.school.empty() ? std::nullopt : std::optional<std::string>(state.school),
      .password = password,
      .picture_code = std::nullopt,
      .remote_address = {},
      .user_agent = {}};
  const SignInResult result =
      accounts.sign_in().sign_in(with_origin(std::move(credentials), request));
  if (result.status == SignInStatus::throttled) {
    state.status = 429;
    state.error_key = "accounts_error_throttled";
    Response response = signin_form(request, state);
    set_retry_after(response, result.retry_after);
    return response;
  }
  if (result.status == SignInStatus::invalid) {
    state.status = 401;
    state.error_key = "accounts_error_invalid";
    return signin_form(request, state);
  }
  // A new sign-in replaces the session this browser had.
  if (const auto token = request.cookie(kSessionCookie); token && !token->empty()) {
    accounts.sessions().revoke(session_id_of(*token));
  }
  // Where the person's work is, unless they were on their way to a page.
  Response response =
      no_store(Response::redirect(after_sign_in(accounts, result, state.next), 303));
  set_sign_in_cookies(response, result, request);
  http::set_cookie(response, request, http::expired_cookie(kPreSessionCookie));
  return response;
}

Response submit_signout(Accounts& accounts, Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  if (!who) {
    return no_store(Response::redirect("/signin", 303));
  }
  const auto form = http::parse_form(request.body);
  accounts.sign_in().sign_out(who->session, request.remote_address);
  Response response = no_store(Response::redirect("/signin", 303));
  http::set_cookie(response, request, http::expired_cookie(kSessionCookie));
  return response;
}

}  // namespace

void register_signin_page_routes(http::Router& router, Accounts& accounts) {
  // Blocking: it may record activity on a session (a write).
  router.get(
      "/signin", [&accounts](Request& request) { return show_signin(accounts, request); },
      http::public_route({.access = {}, .blocking = true}));
  const http::Handler signin = [&accounts](Request& request) {
    return submit_signin(accounts, request);
  };
  router.post("/signin", signin,
              http::shown_again_when_refused(
                  http::public_route(
                      {.blocking = true, .hashes_passwords = true, .max_body_bytes = 8 * 1024}),
                  signin));
  // "Mon espace" (/me) is the pupil's space: learning/space_routes.cpp.
  router.post(
      "/signout", [&accounts](Request& request) { return submit_signout(accounts, request); },
      http::public_route({.access = {}, .blocking = true, .max_body_bytes = 8 * 1024}));
}

}  // namespace imaginecole::accounts
