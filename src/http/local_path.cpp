// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/local_path.hpp"

#include "http/request.hpp"

namespace imaginecole::http {
namespace {

bool judged_safe(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return false;
  }
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) {
    return false;
  }
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || c == '\\') {
      return false;
    }
  }
  // A scheme before the first "/" of the path is impossible here (it starts with "/"), but
  // "/..//evil" style tricks normalise to "//": refuse any "//" in the path part.
  const auto end = path.find_first_of("?#");
  return path.substr(0, end).find("//") == std::string_view::npos;
}

}  // namespace

std::optional<std::string> safe_local_path(std::string_view value) {
  if (value.size() > 2048) {
    return std::nullopt;
  }
  const std::string once = percent_decode(value, false);
  const std::string twice = percent_decode(once, false);
  if (!judged_safe(value) || !judged_safe(once) || !judged_safe(twice)) {
    return std::nullopt;
  }
  return std::string(value);
}

std::string local_path_or(std::string_view value, std::string_view fallback) {
  auto safe = safe_local_path(value);
  return safe ? std::move(*safe) : std::string(fallback);
}

}  // namespace imaginecole::http
