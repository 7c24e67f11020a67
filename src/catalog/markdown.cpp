// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/markdown.hpp"

#include <md4c-html.h>
#include <md4c.h>

#include <cctype>

namespace imaginecole::catalog {
namespace {

void append(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

bool safe_url(std::string_view url) {
  // Relative URLs have no scheme: no ':' before the first '/', '?' or '#'. An entity there
  // ("javascript&#58;") could hide one: refused.
  const auto end = url.find_first_of(":/?#");
  if (url.substr(0, end).find('&') != std::string_view::npos) {
    return false;
  }
  if (end == std::string_view::npos || url[end] != ':') {
    return true;
  }
  std::string scheme;
  for (char c : url.substr(0, end)) {
    scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// md4c keeps any URL scheme; neutralize the ones that could run code (javascript:, data:…).
std::string filter_urls(std::string html) {
  for (const std::string_view attribute : {" href=\"", " src=\""}) {
    std::size_t at = 0;
    while ((at = html.find(attribute, at)) != std::string::npos) {
      const std::size_t start = at + attribute.size();
      const std::size_t end = html.find('"', start);
      if (end == std::string::npos) {
        break;
      }
      if (!safe_url(std::string_view(html).substr(start, end - start))) {
        html.replace(start, end - start, "#");
      }
      at = start;
    }
  }
  return html;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 4);
  const unsigned parser_flags =
      MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS;
  const int failed = md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append, &out,
                             parser_flags, 0);
  if (failed != 0) {
    return {};
  }
  return filter_urls(std::move(out));
}

}  // namespace imaginecole::catalog
