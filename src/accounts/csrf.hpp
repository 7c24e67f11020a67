// SPDX-License-Identifier: AGPL-3.0-or-later
// Cross-site request forgery tokens.
//  - Signed in: the token is a keyed hash of the session id with the session's own secret, so
//    it changes with every session and needs no storage. Forms carry it in a hidden field,
//    API clients in the X-CSRF-Token header.
//  - Before signing in (the sign-in form): a double-submit token, a random value both in an
//    HttpOnly SameSite cookie and in the form; another site can neither read nor set it.
#pragma once

#include <string>
#include <string_view>

#include "accounts/session_store.hpp"

namespace imaginecole::accounts {

inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
inline constexpr std::string_view kCsrfField = "csrf_token";
inline constexpr std::string_view kPreSessionCookie = "imaginecole_presession";

std::string csrf_token_for(const Session& session);
// Constant-time comparison.
bool csrf_token_matches(const Session& session, std::string_view token);

std::string new_presession_token();
// The form's token equals the cookie's, and both look like one of ours.
bool presession_token_matches(std::string_view cookie_value, std::string_view form_value);

}  // namespace imaginecole::accounts
