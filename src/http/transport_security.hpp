// SPDX-License-Identifier: AGPL-3.0-or-later
// Is this request served over HTTPS? Either the whole site is (its public URL, given at
// start, begins with https:// because TLS ends at a proxy or load balancer in front of us),
// or this request says so (Request::secure, set by the server from X-Forwarded-Proto when the
// peer is a trusted proxy). Then cookies are Secure (http/cookie.hpp) and responses carry
// Strict-Transport-Security.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::http {

// A year; no includeSubDomains: a ministry's other sites under the same domain are not ours
// to commit to HTTPS.
inline constexpr std::string_view kStrictTransportSecurity = "max-age=31536000";

// The site's public address as configured ("https://ecole.example.sn"): nullopt when it does
// not start with http:// or https:// followed by a host.
struct PublicUrl {
  std::string text;
  bool https = false;

  static std::optional<PublicUrl> parse(std::string_view text);
};

// The site-wide fact, set once at start before the server accepts connections (serve's
// --public-url). A process-wide setting rather than a field of each Request because cookies
// are set deep inside capabilities, which see only the Request.
void set_site_served_over_https(bool https);
bool site_served_over_https();

// True when the site or this request is served over HTTPS.
bool served_over_https(const Request& request);

// Adds Strict-Transport-Security to a response served over HTTPS (unless already set).
void add_strict_transport_security(const Request& request, Response& response);

}  // namespace imaginecole::http
