// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/records.hpp"

#include "core/clock.hpp"
#include "storage/node_identity.hpp"

namespace imaginecole::storage {

void mark_erased(Connection& connection, std::string_view entity, std::string_view entity_id) {
  connection.execute(
      "INSERT INTO erased_records (entity, entity_id, erased_at) VALUES (?, ?, ?) "
      "ON CONFLICT (entity, entity_id) DO NOTHING",
      {std::string(entity), std::string(entity_id), core::now_timestamp()});
}

void rename_in_change_log(Connection& connection, std::string_view old_id,
                          std::string_view new_id) {
  connection.execute("UPDATE change_log SET entity_id = ? WHERE entity_id = ?",
                     {std::string(new_id), std::string(old_id)});
}

std::string node_id(Database& database) {
  return load_node_identity(database).node_id;
}

}  // namespace imaginecole::storage
