// SPDX-License-Identifier: AGPL-3.0-or-later
#include "opds/zim_metadata.hpp"

#include <zim/archive.h>
#include <zim/error.h>
#include <zim/item.h>

#include <fstream>

namespace imaginecole::opds {
namespace {

std::string metadata_or_empty(const zim::Archive& archive, const std::string& key) {
  try {
    return archive.getMetadata(key);
  } catch (const zim::EntryNotFound&) {
    return {};
  }
}

// "ZIM\x04" in little-endian: the magic number every ZIM file starts with.
bool starts_like_a_zim(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 4 && magic[0] == 'Z' && magic[1] == 'I' && magic[2] == 'M' && magic[3] == 4;
}

}  // namespace

std::vector<std::string> ZimMetadata::tag_list() const {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= tags.size()) {
    const std::size_t end = std::min(tags.find(';', at), tags.size());
    if (end > at) {
      out.push_back(tags.substr(at, end - at));
    }
    at = end + 1;
  }
  return out;
}

std::string ZimMetadata::category() const {
  constexpr std::string_view kPrefix = "_category:";
  for (const auto& tag : tag_list()) {
    if (tag.rfind(kPrefix, 0) == 0) {
      return tag.substr(kPrefix.size());
    }
  }
  return {};
}

std::variant<ZimMetadata, ZimRefusal> read_zim_metadata(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return ZimRefusal{"cannot read '" + path.string() + "': no such file"};
  }
  if (!starts_like_a_zim(path)) {
    return ZimRefusal{"'" + path.filename().string() +
                      "' is not a ZIM file (it does not start with the ZIM magic number)"};
  }
  try {
    zim::Archive archive(path.string());
    // A file cut short (an interrupted download or copy) still opens when its header and
    // pointers are whole: the checksum at its end is what proves every byte arrived.
    if (!archive.hasChecksum() || !archive.check()) {
      return ZimRefusal{"'" + path.filename().string() +
                        "' is damaged or incomplete: its checksum does not match its content"};
    }
    ZimMetadata out;
    out.uuid = static_cast<std::string>(archive.getUuid());
    out.name = metadata_or_empty(archive, "Name");
    if (out.name.empty()) {
      out.name = path.stem().string();
    }
    out.title = metadata_or_empty(archive, "Title");
    out.description = metadata_or_empty(archive, "Description");
    out.language = metadata_or_empty(archive, "Language");
    out.creator = metadata_or_empty(archive, "Creator");
    out.publisher = metadata_or_empty(archive, "Publisher");
    out.date = metadata_or_empty(archive, "Date");
    out.tags = metadata_or_empty(archive, "Tags");
    out.flavour = metadata_or_empty(archive, "Flavour");
    out.article_count = archive.getArticleCount();
    out.media_count = archive.getMediaCount();
    out.size = archive.getFilesize();
    if (archive.hasIllustration(48)) {
      out.illustration_png = std::string(archive.getIllustrationItem(48).getData());
    }
    if (out.title.empty()) {
      return ZimRefusal{"'" + path.filename().string() + "' has no Title metadata"};
    }
    return out;
  } catch (const std::exception& error) {
    return ZimRefusal{"'" + path.filename().string() +
                      "' is not a readable ZIM file (damaged or incomplete): " + error.what()};
  }
}

}  // namespace imaginecole::opds
