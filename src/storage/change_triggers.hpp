// SPDX-License-Identifier: AGPL-3.0-or-later
// Turns the record registry into database triggers, on SQLite and PostgreSQL alike:
//
//  - stamp: a row written locally (its `hlc` left as it was) gets a new hybrid-logical-clock
//    stamp larger than its previous one, and this server as its origin. A row applied from a
//    peer (sync sets `hlc` to the peer's stamp) keeps the peer's stamp and origin.
//  - log: every stamped or applied version, and every delete, appends a change-log line with
//    the row's scopes (country, school); a delete's line is a tombstone whose stamp beats the
//    row's last version. Writes of content tables bump content_version (page caches).
//  - erased: an id in erased_records can never be inserted again (sticky erasure).
//
// The triggers are rebuilt at start-up when the registry's digest changes.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/record_registry.hpp"

namespace imaginecole::storage {

// The statements that create the triggers of one table (for tests and `imaginecole changes`).
std::vector<std::string> change_trigger_sql(Backend backend, const SyncedTable& table);

// Checks every synced table's columns, then (re)creates the triggers when the registry changed
// since the last start, and stamps rows written before they existed. Safe to call from several
// servers starting at once. Throws std::logic_error on a registry that does not match the
// schema (a missing `hlc` column, an unknown table).
void install_change_triggers(Database& database, const RecordRegistry& registry);

// Names of every table in the schema (tests: each must be registered synced or local).
std::vector<std::string> schema_tables(Connection& connection);

}  // namespace imaginecole::storage
