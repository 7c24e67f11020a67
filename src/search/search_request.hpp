// SPDX-License-Identifier: AGPL-3.0-or-later
// The parameters of a search request (?q=&country=&level=&subject=&kind=&lang=&exam=&page=) as a
// value: parsed and checked once, then used by the API and the page alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "search/search_index.hpp"

namespace imaginecole::search {

// Longer queries are refused (400): no one types them, and they cost the database.
inline constexpr std::size_t kMaxQueryBytes = 500;

struct SearchRequest {
  SearchQuery query;
  // Set when a parameter is refused: the message key (search_error_…) and English text.
  std::optional<std::string> error_key;
  std::string error_text;
};

// The resource language filter is `lang` in the API; the page calls it `language` because
// `lang` there chooses the language of the interface. Both accept `language`.
SearchRequest parse_search_request(const http::Request& request);

const std::vector<std::string_view>& searchable_kinds();

}  // namespace imaginecole::search
