// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to the accounts routes: the two halves registered by register_account_routes, and
// what they share.
#pragma once

#include <chrono>

#include "accounts/accounts.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace imaginecole::accounts {

void register_auth_api_routes(http::Router& router, Accounts& accounts);
void register_signin_page_routes(http::Router& router, Accounts& accounts);

// The caller's address, user agent and device cookie.
Credentials with_origin(Credentials credentials, const http::Request& request);
// After a good sign-in: the session cookie and the renewed device cookie.
void set_sign_in_cookies(http::Response& response, const SignInResult& result,
                         const http::Request& request);
void set_retry_after(http::Response& response, std::chrono::seconds wait);

}  // namespace imaginecole::accounts
