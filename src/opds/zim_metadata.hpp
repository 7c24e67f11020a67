// SPDX-License-Identifier: AGPL-3.0-or-later
// What the OPDS catalogue says about a ZIM file, read from the file itself with libzim's
// zim::Archive (so it depends on no exporter): its UUID, metadata, counts and size, and its
// 48×48 illustration. Reading also checks the file: a file that is not a ZIM, is cut short or
// fails its checksum is refused with a reason a person understands.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace imaginecole::opds {

struct ZimMetadata {
  std::string uuid;  // 8-4-4-4-12 lowercase hex
  std::string name;  // "Name" (imaginecole_sn_cm2_fr); the file name when absent
  std::string title;
  std::string description;
  std::string language;  // ISO 639-3, possibly a comma list ("fra,wol")
  std::string creator;
  std::string publisher;
  std::string date;  // YYYY-MM-DD
  std::string tags;  // ";"-separated, "_category:…" among them
  std::string flavour;
  std::uint64_t article_count = 0;
  std::uint64_t media_count = 0;
  std::uint64_t size = 0;        // bytes
  std::string illustration_png;  // the 48×48 PNG, empty when the file has none
  std::vector<std::string> tag_list() const;
  // The "_category:" tag's value, or empty.
  std::string category() const;
};

struct ZimRefusal {
  std::string reason;
};

// Reads and checks (checksum included: the whole file is read once) the ZIM at `path`.
std::variant<ZimMetadata, ZimRefusal> read_zim_metadata(const std::filesystem::path& path);

}  // namespace imaginecole::opds
