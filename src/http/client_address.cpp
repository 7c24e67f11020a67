// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include "http/header_text.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace imaginecole::http {
namespace {

namespace ip = boost::asio::ip;

std::optional<ip::address_v6> parse_v6(std::string_view text) {
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string(text), ec);
  if (ec) {
    return std::nullopt;
  }
  if (address.is_v4()) {
    return ip::make_address_v6(ip::v4_mapped, address.to_v4());
  }
  return address.to_v6();
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  while (true) {
    const auto at = text.find(separator);
    out.push_back(trim_blanks(text.substr(0, at)));
    if (at == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(at + 1);
  }
}

// A node of Forwarded's for= or an X-Forwarded-For entry: "1.2.3.4", "1.2.3.4:80",
// "\"[2001:db8::1]:443\"", "[::1]". Empty when it is not an address (obfuscated, unknown).
std::string node_address(std::string_view node) {
  node = trim_blanks(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
    node = node.substr(1, node.size() - 2);
  }
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    if (close == std::string_view::npos) {
      return {};
    }
    node = node.substr(1, close - 1);
  } else if (std::count(node.begin(), node.end(), ':') == 1) {
    node = node.substr(0, node.find(':'));  // IPv4 with a port
  }
  return canonical_address(node);
}

std::string_view header_value(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

}  // namespace

std::string canonical_address(std::string_view text) {
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string(trim_blanks(text)), ec);
  if (ec) {
    return {};
  }
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& specs) {
  for (const std::string& spec : specs) {
    const std::string_view text = trim_blanks(spec);
    if (text.empty()) {
      continue;
    }
    const auto slash = text.find('/');
    const auto parsed = parse_v6(text.substr(0, slash));
    if (!parsed) {
      throw std::invalid_argument("not an IP address or network: \"" + spec + "\"");
    }
    const bool v4 = parsed->is_v4_mapped();
    Network network;
    network.bytes = parsed->to_bytes();
    if (slash != std::string_view::npos) {
      const std::string bits(text.substr(slash + 1));
      char* end = nullptr;
      const long value = std::strtol(bits.c_str(), &end, 10);
      const long most = v4 ? 32 : 128;
      if (bits.empty() || *end != '\0' || value < 0 || value > most) {
        throw std::invalid_argument("bad network prefix in \"" + spec + "\"");
      }
      network.prefix_bits = static_cast<int>(v4 ? value + 96 : value);
    }
    networks_.push_back(network);
  }
}

bool TrustedProxies::contains(std::string_view address) const {
  if (networks_.empty()) {
    return false;
  }
  const auto parsed = parse_v6(address);
  if (!parsed) {
    return false;
  }
  const auto bytes = parsed->to_bytes();
  for (const Network& network : networks_) {
    int bits = network.prefix_bits;
    bool same = true;
    for (std::size_t i = 0; i < 16 && bits > 0 && same; ++i, bits -= 8) {
      const std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
      same = (bytes[i] & mask) == (network.bytes[i] & mask);
    }
    if (same) {
      return true;
    }
  }
  return false;
}

ClientOrigin resolve_client(std::string_view peer,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const TrustedProxies& trusted) {
  ClientOrigin origin;
  origin.address = canonical_address(peer);
  if (origin.address.empty()) {
    origin.address = std::string(peer);
  }
  if (!trusted.contains(origin.address)) {
    return origin;
  }
  // The hops, nearest last: Forwarded's for= values, else X-Forwarded-For.
  std::vector<std::string> hops;
  std::string forwarded_proto;
  if (const auto forwarded = header_value(headers, "forwarded"); !forwarded.empty()) {
    for (const auto element : split(forwarded, ',')) {
      std::string hop;
      for (const auto pair : split(element, ';')) {
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos) {
          continue;
        }
        const auto key = trim_blanks(pair.substr(0, equals));
        const auto value = trim_blanks(pair.substr(equals + 1));
        if (equals_ignoring_case(key, "for")) {
          hop = node_address(value);
        } else if (equals_ignoring_case(key, "proto")) {
          forwarded_proto = std::string(value);
        }
      }
      hops.push_back(hop);
    }
  } else if (const auto list = header_value(headers, "x-forwarded-for"); !list.empty()) {
    for (const auto entry : split(list, ',')) {
      hops.push_back(node_address(entry));
    }
  }
  // Walk back from the nearest hop while it is one of our proxies; the first other one is the
  // client. An unreadable hop stops the walk: what lies before it cannot be trusted.
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (hop->empty()) {
      break;
    }
    origin.address = *hop;
    if (!trusted.contains(*hop)) {
      break;
    }
  }
  std::string_view proto = forwarded_proto;
  if (proto.empty()) {
    const auto list = split(header_value(headers, "x-forwarded-proto"), ',');
    proto = list.back();
  }
  if (proto.size() >= 2 && proto.front() == '"' && proto.back() == '"') {
    proto = proto.substr(1, proto.size() - 2);
  }
  origin.secure = equals_ignoring_case(proto, "https");
  return origin;
}

}  // namespace imaginecole::http
