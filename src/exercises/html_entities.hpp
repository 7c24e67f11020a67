// SPDX-License-Identifier: AGPL-3.0-or-later
// Named HTML character references ("radic" for &radic;) as UTF-8 text, for the bank readers.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace imaginecole::exercises {

// The text `&name;` stands for; nullopt for a name we do not know (left as written).
std::optional<std::string_view> named_entity(std::string_view name);

// The longest name in the table, to bound the search for the closing ";".
inline constexpr std::size_t kLongestEntityName = 32;

}  // namespace imaginecole::exercises
