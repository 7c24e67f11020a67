// SPDX-License-Identifier: AGPL-3.0-or-later
// Media files on the USB key beside a bundle: `sync export --to FILE` on the hub also writes
// FILE.media/<hash> for each file the bundle's rows name (the payload header's list) that the
// hub's store has, and `sync import FILE` on the box takes from it the files its rows name and
// its store lacks. The files need no seal: each is checked against its name (SHA-256) before it
// enters the store, as over the network (decision 0042). They are not split: a file larger
// than the key's part size stays on the hub, for `sync media` over the network.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "media/media_store.hpp"
#include "storage/database.hpp"

namespace imaginecole::sync {

// "X.imgcsync" and "X.imgcsync.part2of3" → "X.imgcsync.media".
std::filesystem::path media_folder_beside(const std::filesystem::path& bundle_file);

struct BundleMediaWritten {
  std::size_t files = 0;  // written now, or already on the key
  std::uint64_t bytes = 0;
  std::size_t too_large = 0;  // larger than max_file_bytes: left for the network
  std::size_t absent = 0;     // not in this server's store
  std::filesystem::path folder;
};

// Copies the files `payload` (a sync engine payload) names into media_folder_beside(bundle).
// max_file_bytes 0: no limit. std::runtime_error when the key cannot be written.
BundleMediaWritten write_bundle_media(std::string_view payload, const media::MediaStore& store,
                                      const std::filesystem::path& bundle_file,
                                      std::uint64_t max_file_bytes);

struct BundleMediaImported {
  std::size_t stored = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> refused;  // one line per file that did not match its name
};

// Stores the files beside `bundle_files` that the box's rows name and its store lacks.
BundleMediaImported import_bundle_media(const std::vector<std::filesystem::path>& bundle_files,
                                        storage::Database& database, media::MediaStore& store);

}  // namespace imaginecole::sync
