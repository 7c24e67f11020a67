// SPDX-License-Identifier: AGPL-3.0-or-later
// The synced-record layer's registry: every table of the schema is either synced (its rows
// travel between the national hub and school servers) or declared local to one server.
//
// Each capability registers its own tables (see <capability>/synced_tables.cpp); the layer
// turns the registry into database triggers (change_triggers.hpp) that stamp each written row
// with its hybrid-logical-clock version and origin, and write its change-log line with the
// row's scope, in the statement that wrote the row. No capability writes change_log itself,
// and a write that forgets the layer is impossible: the database does it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::storage {

// How two versions of one row written on two servers are reconciled (see decision 0018).
enum class ConflictRule {
  append_only,       // rows are written once and never changed: both copies are kept
  last_writer_wins,  // the version with the larger stamp wins; rows are split so that fields
                     // edited independently live in different rows
  owner_wins,        // only the owning server writes the row (a school's pupils, a country's
                     // curriculum); another server's version is refused
};
std::string_view conflict_rule_name(ConflictRule rule);

// SQL that yields the scopes of one row: a SELECT returning columns `country` and `school`
// (NULL: everyone), with {row} standing for the row (NEW or OLD in the trigger). It may
// return several rows (a resource placed in three countries) or none (nobody else needs it).
// Portable SQL only: it runs on SQLite and PostgreSQL.
struct ScopeQuery {
  std::string sql = "SELECT NULL AS country, NULL AS school";
};

// A write of this table that brings another row into a scope: a placement brings its resource
// into a country, a class made public brings its resource to the whole country.
struct AlsoLogs {
  std::string entity;  // the other row's table
  std::string id_sql;  // its id, as SQL over {row}
  ScopeQuery scope;    // the scope it enters, as SQL over {row}
};

struct SyncedTable {
  std::string name;   // table name; also the entity name in change-log lines
  std::string owner;  // the capability (src/<owner>/) that owns the table
  ConflictRule rule = ConflictRule::last_writer_wins;
  std::vector<std::string> key = {"id"};  // primary key columns
  ScopeQuery scope;
  // Pages show it: a write bumps the content version that page caches watch. Sign-ins,
  // sessions and learning records are not content and never empty a cache.
  bool content = false;
  bool has_row_version = true;
  std::vector<AlsoLogs> also_logs;
};

struct LocalTable {
  std::string name;
  std::string owner;
  std::string why;  // one line: why it stays on this server
};

class RecordRegistry {
 public:
  // Both throw std::logic_error on a table registered twice.
  void add(SyncedTable table);
  void add_local(LocalTable table);

  const std::vector<SyncedTable>& synced() const { return synced_; }
  const std::vector<LocalTable>& local() const { return local_; }
  const SyncedTable* find_synced(std::string_view name) const;
  bool is_local(std::string_view name) const;
  bool knows(std::string_view name) const { return find_synced(name) != nullptr || is_local(name); }
  // Changes whenever a registration changes: the triggers are rebuilt when it does.
  std::string digest() const;

 private:
  std::vector<SyncedTable> synced_;
  std::vector<LocalTable> local_;
};

// The storage layer's own tables (change log, node identity, peers, clocks).
void register_storage_tables(RecordRegistry& registry);

}  // namespace imaginecole::storage
