// SPDX-License-Identifier: AGPL-3.0-or-later
// Versioned schema migrations, embedded in the binary and applied in order, each in its own
// transaction (decision 0019).
//
// Layout of src/storage/migrations/: NNNN_name.sql is portable SQL run by both backends;
// sqlite/NNNN_name.sql or postgres/NNNN_name.sql replaces the portable file of the same number
// for that backend only, where the dialects differ. A number may also have the two backend
// files and no portable one. A number known to one backend only is an error.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/embedded.hpp"
#include "storage/database.hpp"

namespace imaginecole::storage {

struct Migration {
  int version = 0;
  std::string name;  // file name without folder or extension, e.g. "0001_foundation"
  std::string sql;
};

// The migrations of `backend` among `files` (paths relative to the migrations folder), in
// order. Throws StorageError when the files are inconsistent: a number with a file for one
// backend only, two files of one number in one folder, or variants of a number with
// different names (schema_migrations records the name: both backends must record the same).
std::vector<Migration> resolve_migrations(std::span<const EmbeddedFile> files, Backend backend);

// The migrations embedded in this binary for a backend, in order (resolve_migrations).
std::vector<Migration> known_migrations(Backend backend);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;
};

// A migration failed: it was rolled back, the ones before it stay applied.
class MigrationFailed : public StorageError {
 public:
  MigrationFailed(std::string migration, std::vector<std::string> applied_before,
                  const std::string& cause);
  const std::string& migration() const { return migration_; }
  // Migrations this run applied (and committed) before the failing one.
  const std::vector<std::string>& applied_before() const { return applied_before_; }

 private:
  std::string migration_;
  std::vector<std::string> applied_before_;
};

// Applies every known migration the database has not recorded yet, each in its own
// transaction. Safe to call from several processes at once (SQLite: the write lock;
// PostgreSQL: an advisory lock). Refuses to run against a database newer than this binary.
// Throws MigrationFailed naming the migration that failed.
MigrationReport migrate(Database& database);
// The same with a given list (tests use it to inject a broken migration).
MigrationReport migrate(Database& database, std::span<const Migration> migrations);

int current_schema_version(Database& database);

}  // namespace imaginecole::storage
