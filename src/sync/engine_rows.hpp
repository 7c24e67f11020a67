// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading and writing one synced row by its table and change-log id, whatever the table: the
// engine moves rows of every capability's synced tables, like the record layer's triggers do.
// Table names come from the engine's rules (sync_scope.cpp), never from a payload, and column
// names from a payload are checked against the table's own columns before any SQL is built.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "sync/sync_scope.hpp"

namespace imaginecole::sync {

// The columns of each table, read once per payload.
class TableColumns {
 public:
  explicit TableColumns(storage::Connection& connection) : connection_(connection) {}
  const std::set<std::string>& of(std::string_view table);

 private:
  storage::Connection& connection_;
  std::map<std::string, std::set<std::string>, std::less<>> cache_;
};

// "k1 = ?" or "k1 || '/' || k2 = ?": the row whose change-log id is the parameter.
std::string key_condition(const EntityRule& rule);

std::optional<RowValues> read_row(storage::Connection& connection, const EntityRule& rule,
                                  std::string_view id);

struct RowStamp {
  std::int64_t hlc = 0;
  std::string origin;
};
std::optional<RowStamp> read_stamp(storage::Connection& connection, const EntityRule& rule,
                                   std::string_view id);

void insert_row(storage::Connection& connection, const EntityRule& rule, const RowValues& row);
void update_row(storage::Connection& connection, const EntityRule& rule, std::string_view id,
                const RowValues& row);
void delete_row(storage::Connection& connection, const EntityRule& rule, std::string_view id);

// Deletes what hangs on an erased user here (their records, cards, grants, sessions), then the
// user: the hub erased them, and nothing of them may stay on the box.
void delete_user_and_records(storage::Connection& connection, std::string_view user_id);

}  // namespace imaginecole::sync
