// SPDX-License-Identifier: AGPL-3.0-or-later
// A database left at an older schema, as a server of an earlier release would have it, so that
// a migration can be tested on real rows: fill it at `last_version`, then storage::migrate().
#pragma once

#include "storage/migrations.hpp"

namespace imaginecole::testing {

// Applies the known migrations up to and including `last_version`, recorded as the real
// runner records them, in one transaction.
inline void migrate_up_to(storage::Database& database, int last_version) {
  auto connection = database.write();
  connection->execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  for (const auto& migration : storage::known_migrations(database.backend())) {
    if (migration.version > last_version) {
      break;
    }
    connection->execute_script(migration.sql);
    connection->execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
        "'2026-01-01T00:00:00Z')",
        {static_cast<std::int64_t>(migration.version), migration.name});
  }
  transaction.commit();
}

}  // namespace imaginecole::testing
