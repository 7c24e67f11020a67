// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/etag.hpp"

#include <functional>

#include "core/hash.hpp"

namespace imaginecole::http {
namespace {

std::string_view opaque(std::string_view tag) {
  if (tag.starts_with("W/")) {
    tag.remove_prefix(2);
  }
  return tag;
}

}  // namespace

std::string strong_etag(std::string_view hash) {
  return "\"" + std::string(hash) + "\"";
}

std::string weak_etag_of(std::string_view body) {
  // std::hash (MurmurHash2 in libstdc++) runs at memory speed; FNV-1a costs ~1 ns a byte, too
  // much on every page. Weak tags only need "same bytes, same tag" within one deployment.
  return "W/\"" + core::to_hex(std::hash<std::string_view>{}(body)) + "\"";
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  const std::string_view wanted = opaque(etag);
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (item == "*" || opaque(item) == wanted) {
      return true;
    }
  }
  return false;
}

}  // namespace imaginecole::http
