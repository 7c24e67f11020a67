// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite backend: one file in WAL mode, one writer connection (writes queue for it) and a pool
// of reader connections that run beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct SqliteOptions {
  std::filesystem::path path;
  std::size_t readers = 4;
  int busy_timeout_ms = 5000;
  // Readers map this much of the file (PRAGMA mmap_size) and read pages from the kernel's
  // page cache without a system call or a copy; the rest is read with pread. 0: no mapping.
  // Only on 64-bit builds, where address space is not scarce (decision 0050).
  std::int64_t reader_mmap_bytes = sizeof(void*) >= 8 ? std::int64_t{1} << 30 : 0;
};

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

}  // namespace imaginecole::storage
