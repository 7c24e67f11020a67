// SPDX-License-Identifier: AGPL-3.0-or-later
// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/me.
#include <boost/json.hpp>

#include "accounts/account_json.hpp"
#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "accounts/route_parts.hpp"
#include "http/server.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response json_error(const Request& request, int status, std::string_view message) {
  Response response = http::default_error_response(request, status, message);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response no_store_json(const json::object& body, int status = 200) {
  Response response = Response::json(json::serialize(body), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response login(Accounts& accounts, Request& request) {
  auto credentials = parse_login_body(request.body);
  if (!credentials) {
    return json_error(request, 400, credentials.error());
  }
  const SignInResult result =
      accounts.sign_in().sign_in(with_origin(std::move(credentials).value(), request));
  if (result.status == SignInStatus::throttled) {
    Response response =
        json_error(request, 429, "Too many failed sign-in attempts. Try again later.");
    set_retry_after(response, result.retry_after);
    return response;
  }
  if (result.status == SignInStatus::invalid) {
    return json_error(request, 401, "Wrong username or password.");
  }
  // A new sign-in replaces the session this browser had.
  if (const auto token = request.cookie(kSessionCookie); token && !token->empty()) {
    accounts.sessions().revoke(session_id_of(*token));
  }
  json::object body;
  body["user"] = user_json(*result.user, accounts.schools());
  body["roles"] = roles_json(accounts.users().grants_of(result.user->id));
  body["csrf_token"] = csrf_token_for(result.session->session);
  Response response = no_store_json(body);
  set_sign_in_cookies(response, result, request);
  return response;
}

Response logout(Accounts& accounts, Request& request) {
  const AccessCheck access = accounts.authenticator().check(request, "public");
  if (!access.allowed()) {
    return json_error(request, access.status, access.message);
  }
  if (access.signed_in) {
    accounts.sign_in().sign_out(access.signed_in->session, request.remote_address);
  }
  Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  http::set_cookie(response, request, http::expired_cookie(kSessionCookie));
  return response;
}

Response me(Accounts& accounts, Request& request) {
  const AccessCheck access = accounts.authenticator().check(request, "account.self");
  if (!access.allowed()) {
    return json_error(request, access.status, access.message);
  }
  const SignedIn& who = *access.signed_in;
  json::object body;
  // The school came with the caller (kept with the session a moment, decision 0046).
  body["user"] =
      who.school ? user_json(who.user, &*who.school) : user_json(who.user, accounts.schools());
  body["roles"] = roles_json(who.grants);
  body["csrf_token"] = csrf_token_for(who.session);
  body["session"] =
      json::object{{"created_at", who.session.created_at}, {"expires_at", who.session.expires_at}};
  return no_store_json(body);
}

}  // namespace

void register_auth_api_routes(http::Router& router, Accounts& accounts) {
  // Sign-in hashes (~70 ms): on the hashing pool, never holding a worker. Small bodies only.
  router.post(
      "/api/v1/auth/login", [&accounts](Request& request) { return login(accounts, request); },
      http::public_route(
          {.access = {}, .blocking = true, .hashes_passwords = true, .max_body_bytes = 8 * 1024}));
  router.post(
      "/api/v1/auth/logout", [&accounts](Request& request) { return logout(accounts, request); },
      http::public_route({.access = {}, .blocking = true, .max_body_bytes = 8 * 1024}));
  // Answered from memory on the event loop when the caller is known (decision 0046); when it
  // must read the session or record activity on it (a write), it goes on to the workers.
  router.get(
      "/api/v1/me", [&accounts](Request& request) { return me(accounts, request); },
      http::RouteOptions{.access = "account.self", .max_body_bytes = 1024});
}

}  // namespace imaginecole::accounts
