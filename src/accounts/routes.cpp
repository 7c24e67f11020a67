// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/routes.hpp"

#include "accounts/cookies.hpp"
#include "http/cookie.hpp"

#include "accounts/route_parts.hpp"

namespace imaginecole::accounts {

Credentials with_origin(Credentials credentials, const http::Request& request) {
  credentials.remote_address = request.remote_address;
  credentials.user_agent = std::string(request.header("user-agent").value_or(""));
  credentials.device_cookie = request.cookie(kDeviceCookie).value_or("");
  return credentials;
}

void set_sign_in_cookies(http::Response& response, const SignInResult& result,
                         const http::Request& request) {
  http::set_cookie(response, request, session_cookie_for(result.session->token));
  if (!result.device_cookie.empty()) {
    http::set_cookie(response, request, device_cookie_for(result.device_cookie));
  }
}

void set_retry_after(http::Response& response, std::chrono::seconds wait) {
  response.set_header("Retry-After", std::to_string(wait.count()));
}

void register_account_routes(http::Router& router, Accounts& accounts) {
  register_auth_api_routes(router, accounts);
  register_signin_page_routes(router, accounts);
}

}  // namespace imaginecole::accounts
