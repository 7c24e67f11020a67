// SPDX-License-Identifier: AGPL-3.0-or-later
// What the sync engine (src/sync/) asks of the record layer's own tables: whether an id was
// erased, the scopes the change log gave a row, the lines a transaction wrote, each peer's
// cursor, and the clock floor a peer's stamps raise (decision 0018).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::storage {

bool is_erased(Connection& connection, std::string_view entity, std::string_view entity_id);

struct LineScope {
  std::string entity;
  std::string entity_id;
  std::optional<std::string> country;
  std::optional<std::string> school;
};

// The scopes of a row's latest version (its lines with the largest stamp).
std::vector<LineScope> latest_scopes(Connection& connection, std::string_view entity,
                                     std::string_view entity_id);

// A mark before writing, then the lines this transaction wrote since the mark.
std::int64_t change_log_mark(Connection& connection);
std::vector<LineScope> lines_written_since(Connection& connection, std::int64_t mark);

// Raises this server's clock floor to `stamp`: later local writes follow what a peer sent.
void raise_clock_floor(Connection& connection, std::int64_t stamp);

}  // namespace imaginecole::storage
