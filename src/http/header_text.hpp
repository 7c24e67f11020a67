// SPDX-License-Identifier: AGPL-3.0-or-later
// The two small text rules of HTTP header values, in one place: optional whitespace (spaces
// and tabs) around a value, and names and tokens compared without regard to ASCII case.
#pragma once

#include <cctype>
#include <string_view>

namespace imaginecole::http {

// `text` without the spaces and tabs around it (RFC 9110 "OWS").
inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace imaginecole::http
