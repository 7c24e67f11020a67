// SPDX-License-Identifier: AGPL-3.0-or-later
// A consistent copy of a live SQLite database (VACUUM INTO: one read transaction of the WAL
// database, so a server may go on writing meanwhile), and the facts a backup's manifest
// records about it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace imaginecole::storage {

struct SnapshotFacts {
  int schema_version = 0;
  std::string node_id;
  std::string epoch;
  std::map<std::string, std::int64_t> counts;  // rows per table
};

// Writes the snapshot of `database` to `target` (which must not exist). std::runtime_error
// with SQLite's reason (disk full…) when it fails; `target` is then removed.
void snapshot_sqlite(const std::filesystem::path& database, const std::filesystem::path& target);

// Reads a snapshot's schema version, node id, epoch and row counts.
SnapshotFacts read_snapshot_facts(const std::filesystem::path& snapshot);

}  // namespace imaginecole::storage
