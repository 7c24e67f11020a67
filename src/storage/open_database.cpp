// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/open_database.hpp"

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace imaginecole::storage {

std::unique_ptr<Database> open_database(const DatabaseConfig& config) {
  if (!config.url.empty()) {
    if (!config.url.starts_with("postgresql://") && !config.url.starts_with("postgres://")) {
      throw ConfigError("database URL must start with postgresql:// (got \"" +
                        redact_url(config.url) + "\")");
    }
    return open_postgres(PostgresOptions{.url = config.url, .max_connections = config.pool_size});
  }
  if (config.data_dir.empty()) {
    throw ConfigError("no data folder given (--data DIR) and no --database URL");
  }
  std::error_code error;
  if (!std::filesystem::is_directory(config.data_dir, error)) {
    throw ConfigError("data folder " + config.data_dir.string() +
                      " does not exist: create it with `imaginecole init --data " +
                      config.data_dir.string() + "`");
  }
  const auto path = config.data_dir / kSqliteFileName;
  if (!config.create_if_missing && !std::filesystem::exists(path, error)) {
    throw ConfigError("data folder " + config.data_dir.string() +
                      " holds no database: create it with `imaginecole init --data " +
                      config.data_dir.string() + "`");
  }
  return open_sqlite(SqliteOptions{.path = path, .readers = config.pool_size});
}

}  // namespace imaginecole::storage
