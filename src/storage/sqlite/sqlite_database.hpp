// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite backend: one file in WAL mode, one writer connection (writes queue for it) and a pool
// of reader connections that run beside it.
#pragma once

#include <filesystem>
#include <memory>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct SqliteOptions {
  std::filesystem::path path;
  std::size_t readers = 4;
  int busy_timeout_ms = 5000;
};

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

}  // namespace imaginecole::storage
