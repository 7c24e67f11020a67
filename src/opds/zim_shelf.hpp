// SPDX-License-Identifier: AGPL-3.0-or-later
// The ZIM files a ministry publishes, kept in a downloads folder (<data>/downloads/zim/): each
// as <uuid>.zim, its illustration <uuid>.png, and last <uuid>.json (what the catalogue shows,
// the country that published it, when). Every file is written to a temporary of the folder,
// fsynced, then renamed (media/durable_file.hpp); the .json is the last to appear, and only a
// file with its .json is listed, so a publication cut short by a crash is never half-listed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "opds/zim_metadata.hpp"

namespace imaginecole::opds {

struct PublishedZim {
  ZimMetadata metadata;      // illustration_png left empty (read from the .png)
  std::string country;       // the publishing ministry's country code
  std::string published_at;  // ISO 8601 UTC
};

struct PublishRefusal {
  std::string reason;
};

class ZimShelf {
 public:
  explicit ZimShelf(std::filesystem::path folder);

  // Checks and copies the ZIM at `source` for `country` (its code, already checked); refused
  // when it is not a whole ZIM file or a file with its UUID is already published.
  std::variant<PublishedZim, PublishRefusal> publish(const std::filesystem::path& source,
                                                     const std::string& country);
  // Every published file, newest first.
  std::vector<PublishedZim> list() const;
  std::optional<PublishedZim> find(std::string_view uuid) const;
  std::filesystem::path zim_path(std::string_view uuid) const;
  std::filesystem::path illustration_path(std::string_view uuid) const;

  static bool is_uuid(std::string_view text);
  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

}  // namespace imaginecole::opds
