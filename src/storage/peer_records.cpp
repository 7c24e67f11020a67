// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/peer_records.hpp"

#include "core/clock.hpp"

namespace imaginecole::storage {
namespace {

std::vector<LineScope> scopes_of(const QueryResult& result) {
  std::vector<LineScope> out;
  for (const auto& row : result.rows) {
    out.push_back({.entity = row.text(0),
                   .entity_id = row.text(1),
                   .country = row.optional_text(2),
                   .school = row.optional_text(3)});
  }
  return out;
}

}  // namespace

bool is_erased(Connection& connection, std::string_view entity, std::string_view entity_id) {
  return connection
      .query_one("SELECT 1 FROM erased_records WHERE entity = ? AND entity_id = ?",
                 {std::string(entity), std::string(entity_id)})
      .has_value();
}

std::vector<LineScope> latest_scopes(Connection& connection, std::string_view entity,
                                     std::string_view entity_id) {
  const std::string e(entity);
  const std::string id(entity_id);
  return scopes_of(connection.query(
      "SELECT entity, entity_id, country, school FROM change_log WHERE entity = ? AND "
      "entity_id = ? AND op = 'upsert' AND hlc = (SELECT MAX(hlc) FROM change_log WHERE "
      "entity = ? AND entity_id = ? AND op = 'upsert')",
      {e, id, e, id}));
}

std::int64_t change_log_mark(Connection& connection) {
  return connection.query_one("SELECT COALESCE(MAX(seq), 0) FROM change_log")->integer(0);
}

std::vector<LineScope> lines_written_since(Connection& connection, std::int64_t mark) {
  // On PostgreSQL other transactions write lines too: keep this one's (its tx column).
  const std::string mine = connection.backend() == Backend::postgres
                               ? " AND tx = pg_current_xact_id()::text::BIGINT"
                               : "";
  return scopes_of(connection.query(
      "SELECT entity, entity_id, country, school FROM change_log WHERE seq > ?" + mine, {mark}));
}

void raise_clock_floor(Connection& connection, std::int64_t stamp) {
  connection.execute("UPDATE node_clock SET at_least = ? WHERE id = 1 AND at_least < ?",
                     {stamp, stamp});
}

}  // namespace imaginecole::storage
