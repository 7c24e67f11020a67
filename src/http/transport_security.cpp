// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/transport_security.hpp"

#include <atomic>

namespace imaginecole::http {
namespace {

std::atomic<bool> site_https{false};

}  // namespace

std::optional<PublicUrl> PublicUrl::parse(std::string_view text) {
  PublicUrl out{.text = std::string(text), .https = false};
  std::string_view rest;
  if (text.starts_with("https://")) {
    out.https = true;
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return std::nullopt;
  }
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) {
    return std::nullopt;
  }
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '\\') {
      return std::nullopt;
    }
  }
  return out;
}

void set_site_served_over_https(bool https) {
  site_https.store(https);
}

bool site_served_over_https() {
  return site_https.load();
}

bool served_over_https(const Request& request) {
  return request.secure || site_served_over_https();
}

void add_strict_transport_security(const Request& request, Response& response) {
  if (served_over_https(request) && !response.header("Strict-Transport-Security")) {
    response.set_header("Strict-Transport-Security", std::string(kStrictTransportSecurity));
  }
}

}  // namespace imaginecole::http
