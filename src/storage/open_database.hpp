// SPDX-License-Identifier: AGPL-3.0-or-later
// Chooses the backend: a postgresql:// URL, or the SQLite file inside the data folder.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct DatabaseConfig {
  std::filesystem::path data_dir;  // holds imaginecole.db when no URL is given
  std::string url;                 // "postgresql://..." or empty
  std::size_t pool_size = 8;
  // Only `init` creates a new SQLite file; everything else refuses a folder without one, so a
  // mistyped path never starts an empty platform.
  bool create_if_missing = false;
};

inline constexpr const char* kSqliteFileName = "imaginecole.db";

std::unique_ptr<Database> open_database(const DatabaseConfig& config);

}  // namespace imaginecole::storage
