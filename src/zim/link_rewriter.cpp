// SPDX-License-Identifier: AGPL-3.0-or-later
#include "zim/link_rewriter.hpp"

#include <array>

namespace imaginecole::zim {

std::string relative_url(std::string_view from, std::string_view to) {
  std::string out;
  for (const char c : from) {
    if (c == '/') {
      out += "../";
    }
  }
  out += to;
  return out;
}

namespace {

struct Attribute {
  std::string_view name;  // ` href="`
};

// What an attribute's value becomes: the rewritten URL, or nullopt to drop the attribute.
std::optional<std::string> rewritten(std::string_view value, std::string_view from,
                                     const LinkResolver& resolve) {
  if (!value.starts_with('/') || value.starts_with("//")) {
    if (value.starts_with("//")) {
      return std::nullopt;  // protocol-relative: would reach the internet
    }
    return std::string(value);
  }
  const auto fragment_at = value.find('#');
  const std::string_view fragment =
      fragment_at == std::string_view::npos ? std::string_view{} : value.substr(fragment_at);
  std::string_view path = value.substr(0, fragment_at);
  path = path.substr(0, path.find('?'));
  const auto target = resolve(path);
  if (!target) {
    return std::nullopt;
  }
  return relative_url(from, *target) + std::string(fragment);
}

}  // namespace

std::string rewrite_links(std::string_view html, std::string_view from,
                          const LinkResolver& resolve) {
  static constexpr std::array kAttributes{Attribute{" href=\""}, Attribute{" src=\""},
                                          Attribute{" action=\""}};
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  while (at < html.size()) {
    // The nearest attribute of any kind from `at`.
    std::size_t found = std::string_view::npos;
    const Attribute* which = nullptr;
    for (const auto& attribute : kAttributes) {
      const auto position = html.find(attribute.name, at);
      if (position < found) {
        found = position;
        which = &attribute;
      }
    }
    if (which == nullptr) {
      break;
    }
    const std::size_t start = found + which->name.size();
    const std::size_t end = html.find('"', start);
    if (end == std::string_view::npos) {
      break;
    }
    out.append(html, at, found - at);
    const auto value = rewritten(html.substr(start, end - start), from, resolve);
    if (value) {
      out.append(which->name);
      out += *value;
      out += '"';
    }
    at = end + 1;
  }
  out.append(html, at, std::string_view::npos);
  return out;
}

}  // namespace imaginecole::zim
