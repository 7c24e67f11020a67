// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/records.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::storage {

void record_change(Connection& connection, std::string_view entity, std::string_view entity_id,
                   std::int64_t row_version, ChangeOp op, std::string_view node_id) {
  connection.execute(
      "INSERT INTO change_log (entity, entity_id, op, row_version, node_id, changed_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {std::string(entity), std::string(entity_id),
       std::string(op == ChangeOp::upsert ? "upsert" : "delete"), row_version, std::string(node_id),
       core::now_timestamp()});
}

void rename_in_change_log(Connection& connection, std::string_view old_id,
                          std::string_view new_id) {
  connection.execute("UPDATE change_log SET entity_id = ? WHERE entity_id = ?",
                     {std::string(new_id), std::string(old_id)});
}

std::string node_id(Database& database) {
  {
    auto connection = database.read();
    if (auto row = connection->query_one("SELECT value FROM node_settings WHERE key = 'node_id'")) {
      return row->text(0);
    }
  }
  auto connection = database.write();
  // ON CONFLICT keeps the first id when two processes start at once.
  connection->execute(
      "INSERT INTO node_settings (key, value) VALUES ('node_id', ?) ON CONFLICT (key) DO NOTHING",
      {core::new_id()});
  return connection->query_one("SELECT value FROM node_settings WHERE key = 'node_id'")->text(0);
}

std::int64_t last_change_seq(Connection& connection) {
  const auto row = connection.query_one("SELECT COALESCE(MAX(seq), 0) FROM change_log");
  return row ? row->integer(0) : 0;
}

}  // namespace imaginecole::storage
