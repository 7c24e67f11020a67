// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/change_history.hpp"

#include <string>

namespace imaginecole::storage {

std::int64_t changes_recorded(Connection& connection, std::string_view entity,
                              std::string_view entity_id) {
  const auto row =
      connection.query_one("SELECT COUNT(*) FROM change_log WHERE entity = ? AND entity_id = ?",
                           {std::string(entity), std::string(entity_id)});
  return row ? row->integer(0) : 0;
}

}  // namespace imaginecole::storage
