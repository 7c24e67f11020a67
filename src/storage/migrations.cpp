// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/clock.hpp"
#include "core/embedded.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(migrations)

namespace imaginecole::storage {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Arbitrary constant: the key of PostgreSQL's advisory lock held while migrating.
constexpr std::int64_t kMigrationLockKey = 0x696d6167;

int read_version(Connection& connection) {
  const auto row = connection.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? static_cast<int>(row->integer(0)) : 0;
}

}  // namespace

std::vector<Migration> known_migrations(Backend backend) {
  const std::string prefix = std::string(backend_name(backend)) + "/";
  std::vector<Migration> out;
  for (const auto& file : embedded::migrations::files()) {
    if (!file.path.starts_with(prefix) || !file.path.ends_with(".sql")) {
      continue;
    }
    std::string name(file.path.substr(prefix.size()));
    name.resize(name.size() - 4);
    Migration migration;
    std::from_chars(name.data(), name.data() + name.size(), migration.version);
    migration.name = name;
    migration.sql = std::string(file.data);
    out.push_back(std::move(migration));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

int current_schema_version(Database& database) {
  auto connection = database.write();
  connection->execute(kCreateTable);
  return read_version(*connection);
}

MigrationReport migrate(Database& database) {
  const std::vector<Migration> migrations = known_migrations(database.backend());
  MigrationReport report;
  auto connection = database.write();
  connection->execute(kCreateTable);
  Transaction transaction(*connection, Transaction::Mode::write);
  if (database.backend() == Backend::postgres) {
    connection->query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey});
  }
  report.from_version = read_version(*connection);
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (report.from_version > newest_known) {
    throw StorageError("the database schema is at version " + std::to_string(report.from_version) +
                       " but this binary knows only up to " + std::to_string(newest_known) +
                       ": upgrade imaginecole");
  }
  // Apply every known migration not yet recorded, not only those above the highest: a
  // migration merged after a newer one (two branches) must not be skipped silently.
  std::set<int> applied;
  for (const auto& row : connection->query("SELECT version FROM schema_migrations").rows) {
    applied.insert(static_cast<int>(row.integer(0)));
  }
  for (const Migration& migration : migrations) {
    if (applied.count(migration.version) != 0) {
      continue;
    }
    try {
      connection->execute_script(migration.sql);
    } catch (const StorageError& error) {
      throw StorageError("migration " + migration.name + " failed: " + error.what());
    }
    connection->execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        {static_cast<std::int64_t>(migration.version), migration.name, core::now_timestamp()});
    report.applied.push_back(migration.name);
  }
  transaction.commit();
  report.to_version = report.applied.empty() ? report.from_version : newest_known;
  return report;
}

}  // namespace imaginecole::storage
