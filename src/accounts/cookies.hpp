// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's cookies as values, rendered by http::set_cookie (which adds
// Secure over HTTPS). The session cookie has no Max-Age: it ends with the browser, which
// suits shared classroom computers.
#pragma once

#include <string_view>

#include "http/cookie.hpp"

namespace imaginecole::accounts {

http::Cookie session_cookie_for(std::string_view token);
// The token of a browser that has no session yet (sign-in and join forms' CSRF).
http::Cookie presession_cookie_for(std::string_view token);

}  // namespace imaginecole::accounts
