// SPDX-License-Identifier: AGPL-3.0-or-later
// Cookies as values. Every Set-Cookie the platform sends is rendered here, by one function,
// so that none can forget `Secure` when the site is served over HTTPS (see
// http/transport_security.hpp) and none can carry a character that would end the header
// or the cookie early (CR, LF, ';').
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::http {

enum class SameSite { lax, strict };

struct Cookie {
  std::string name;
  std::string value;
  // Seconds the browser keeps it; nullopt: until the browser closes (shared classroom
  // computers); 0: delete it now.
  std::optional<std::int64_t> max_age;
  bool http_only = true;
  SameSite same_site = SameSite::lax;
};

// "name=value; Path=/[; Max-Age=N]; HttpOnly; SameSite=Lax[; Secure]", or nullopt when the
// name is not an RFC 6265 token or the value holds a character a cookie cannot carry
// (control characters, space, '"', ',', ';', '\\').
std::optional<std::string> render_set_cookie(const Cookie& cookie, bool secure);

// Appends the Set-Cookie header, Secure when served_over_https(request). Our cookies' names
// and values come from us (tokens, language codes): one that cannot be rendered is a bug,
// reported with std::invalid_argument instead of being sent.
void set_cookie(Response& response, const Request& request, const Cookie& cookie);

// The same cookie, emptied and expired (Max-Age=0), so the browser deletes it.
Cookie expired_cookie(std::string_view name);

}  // namespace imaginecole::http
