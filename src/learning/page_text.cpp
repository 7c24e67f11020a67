// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/page_text.hpp"

#include "web/i18n.hpp"

namespace imaginecole::learning {

std::string message(const http::Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

std::string fill(std::string pattern,
                 const std::vector<std::pair<std::string_view, std::string>>& values) {
  for (const auto& [name, value] : values) {
    const std::string hole = "{" + std::string(name) + "}";
    for (auto at = pattern.find(hole); at != std::string::npos;
         at = pattern.find(hole, at + value.size())) {
      pattern.replace(at, hole.size(), value);
    }
  }
  return pattern;
}

std::string kind_label(const http::Request& request, std::string_view kind) {
  return kind.empty() ? message(request, "paths_step_unavailable_kind")
                      : message(request, "catalog_kind_" + std::string(kind));
}

}  // namespace imaginecole::learning
