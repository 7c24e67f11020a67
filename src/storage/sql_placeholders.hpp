// SPDX-License-Identifier: AGPL-3.0-or-later
// Our SQL uses `?` placeholders (SQLite's); PostgreSQL wants $1, $2, ... This rewrites one into
// the other, leaving quoted strings, quoted identifiers and comments alone.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::storage {

std::string to_numbered_placeholders(std::string_view sql);

}  // namespace imaginecole::storage
