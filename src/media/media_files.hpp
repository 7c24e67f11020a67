// SPDX-License-Identifier: AGPL-3.0-or-later
// Every file the `media` table names, originals and renditions alike, with what a copier needs
// to order and check them (its hash, type and size). A school server asks it which files its
// synced rows refer to (sync/media_fetch.hpp), without reading the media table's SQL itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::media {

struct MediaFile {
  std::string hash;
  std::string type;         // the original's type for it, the rendition's for a rendition
  std::string record_type;  // the original's type ("image/png" for its w320.webp too)
  std::string variant;      // "w320.webp" for a rendition; empty for an original
  std::uint64_t size = 0;
};

// Each file once (a file named by several records, or by a record and a rendition of another,
// appears once, as the first record names it), in no particular order.
std::vector<MediaFile> all_media_files(storage::Connection& connection);

}  // namespace imaginecole::media
