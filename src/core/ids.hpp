// SPDX-License-Identifier: AGPL-3.0-or-later
// Globally unique, time-ordered record ids (UUID version 7), so that two servers that never
// talked can both create records that later meet in one database without clashing.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::core {

// A new UUIDv7 as 36 lowercase characters ("0190f3c2-…").
std::string new_id();

// True when `text` is a UUID in canonical 8-4-4-4-12 lowercase or uppercase hex form.
bool is_valid_id(std::string_view text);

}  // namespace imaginecole::core
