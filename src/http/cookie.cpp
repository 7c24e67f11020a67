// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/cookie.hpp"

#include <stdexcept>

#include "http/transport_security.hpp"

namespace imaginecole::http {
namespace {

// RFC 6265 section 4.1.1: cookie-octet, i.e. visible ASCII except '"', ',', ';' and '\'.
bool is_cookie_octet(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

// RFC 9110 token characters (a cookie name is a token).
bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) {
    return false;
  }
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

}  // namespace

std::optional<std::string> render_set_cookie(const Cookie& cookie, bool secure) {
  if (cookie.name.empty()) {
    return std::nullopt;
  }
  for (const char c : cookie.name) {
    if (!is_token_char(c)) {
      return std::nullopt;
    }
  }
  for (const char c : cookie.value) {
    if (!is_cookie_octet(c)) {
      return std::nullopt;
    }
  }
  std::string out = cookie.name + "=" + cookie.value + "; Path=/";
  if (cookie.max_age) {
    out += "; Max-Age=" + std::to_string(*cookie.max_age < 0 ? 0 : *cookie.max_age);
  }
  if (cookie.http_only) {
    out += "; HttpOnly";
  }
  out += cookie.same_site == SameSite::strict ? "; SameSite=Strict" : "; SameSite=Lax";
  if (secure) {
    out += "; Secure";
  }
  return out;
}

void set_cookie(Response& response, const Request& request, const Cookie& cookie) {
  auto rendered = render_set_cookie(cookie, served_over_https(request));
  if (!rendered) {
    throw std::invalid_argument("a cookie that cannot be sent: " + cookie.name);
  }
  response.headers.emplace_back("Set-Cookie", std::move(*rendered));
}

Cookie expired_cookie(std::string_view name) {
  return Cookie{.name = std::string(name), .value = {}, .max_age = 0};
}

}  // namespace imaginecole::http
