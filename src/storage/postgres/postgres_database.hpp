// SPDX-License-Identifier: AGPL-3.0-or-later
// PostgreSQL backend through libpq's C API, with a bounded connection pool and per-connection
// prepared statements. Several app servers may share one PostgreSQL.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct PostgresOptions {
  std::string url;  // postgresql://user:password@host:port/dbname?...
  std::size_t max_connections = 8;
};

std::unique_ptr<Database> open_postgres(const PostgresOptions& options);

// The URL with any password replaced by "***", for logs.
std::string redact_url(const std::string& url);

}  // namespace imaginecole::storage
