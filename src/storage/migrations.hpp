// SPDX-License-Identifier: AGPL-3.0-or-later
// Versioned schema migrations, one folder per backend (src/storage/migrations/<backend>/),
// embedded in the binary and applied in order, each in its own transaction.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct Migration {
  int version = 0;
  std::string name;  // file name without extension, e.g. "0001_foundation"
  std::string sql;
};

// The migrations known to this binary for a backend, in order.
std::vector<Migration> known_migrations(Backend backend);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;
};

// Applies every migration newer than the database's version. Safe to call from several
// processes at once (SQLite: the write lock; PostgreSQL: an advisory lock). Refuses to run
// against a database newer than this binary.
MigrationReport migrate(Database& database);

int current_schema_version(Database& database);

}  // namespace imaginecole::storage
