// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/snippet.hpp"

#include "search/query_text.hpp"

namespace imaginecole::search {

std::string snippet_html(std::string_view marked) {
  const std::string text = valid_utf8(marked);
  std::string out;
  out.reserve(text.size() + 32);
  bool open = false;
  bool space = false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == kMarkOpen || c == kMarkClose) {
      const bool opening = c == kMarkOpen;
      if (opening != open) {
        if (opening && space) {
          out += ' ';
          space = false;
        }
        out += opening ? "<mark>" : "</mark>";
        open = opening;
      }
      continue;
    }
    if (c == '#' || c == '*' || c == '`') {
      continue;  // Markdown markup of the body: noise in a one-line excerpt
    }
    if (byte < 0x20 || byte == 0x7F || c == ' ') {
      // Tabs, new lines and other control characters read as one space.
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  if (open) {
    out += "</mark>";
  }
  return out;
}

}  // namespace imaginecole::search
