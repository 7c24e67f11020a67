// SPDX-License-Identifier: AGPL-3.0-or-later
// Who is really on the other end. Behind a reverse proxy or load balancer every connection
// comes from the proxy: the client's address (and whether it spoke HTTPS) is read from
// X-Forwarded-For / Forwarded / X-Forwarded-Proto, but only when the direct peer is a proxy
// we were told to trust. Anyone else could write those headers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imaginecole::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "10.0.0.5", "10.0.0.0/8", "::1", "fd00::/8". Throws std::invalid_argument with the bad
  // entry.
  explicit TrustedProxies(const std::vector<std::string>& specs);

  bool empty() const { return networks_.empty(); }
  bool contains(std::string_view address) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  std::vector<Network> networks_;
};

struct ClientOrigin {
  std::string address;
  bool secure = false;
};

// The client's address and scheme: the peer itself, unless the peer is trusted, in which case
// the nearest untrusted hop named by Forwarded (RFC 7239) or X-Forwarded-For, and the
// proxy's X-Forwarded-Proto / proto=. Header names are lower case.
ClientOrigin resolve_client(std::string_view peer,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const TrustedProxies& trusted);

// "::ffff:1.2.3.4" -> "1.2.3.4"; other addresses unchanged; empty when not an IP address.
std::string canonical_address(std::string_view text);

}  // namespace imaginecole::http
