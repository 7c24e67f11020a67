// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/bundle_media.hpp"

#include <fstream>
#include <set>

#include "core/hash.hpp"
#include "media/durable_file.hpp"
#include "sync/engine_payload.hpp"
#include "sync/media_fetch.hpp"

namespace imaginecole::sync {
namespace {

namespace fs = std::filesystem;

// Copies `source` through a temporary file of `folder`; returns the SHA-256 of what was copied.
std::string copy_hashing(const fs::path& source, media::TemporaryFile& copy) {
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + source.string());
  }
  core::Sha256 hasher;
  std::string chunk(64 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const std::string_view piece(chunk.data(), static_cast<std::size_t>(in.gcount()));
    hasher.update(piece);
    copy.write(piece);
  }
  if (in.bad()) {
    throw std::runtime_error("cannot read " + source.string());
  }
  return hasher.final_hex();
}

}  // namespace

fs::path media_folder_beside(const fs::path& bundle_file) {
  std::string name = bundle_file.string();
  const auto part = name.rfind(".part");
  if (part != std::string::npos && name.find("of", part) != std::string::npos &&
      name.find_first_not_of("0123456789of", part + 5) == std::string::npos) {
    name.resize(part);
  }
  return name + ".media";
}

BundleMediaWritten write_bundle_media(std::string_view payload, const media::MediaStore& store,
                                      const fs::path& bundle_file, std::uint64_t max_file_bytes) {
  BundleMediaWritten written{.folder = media_folder_beside(bundle_file)};
  auto decoded = decode_payload(payload);
  if (!decoded) {
    return written;  // a revocation notice or an empty bundle names no file
  }
  std::set<std::string> seen;
  for (const std::string& hash : decoded.value().header.media_hashes) {
    if (!seen.insert(hash).second) {
      continue;
    }
    const auto source = store.find(hash);
    if (!source) {
      ++written.absent;
      continue;
    }
    const std::uint64_t size = fs::file_size(*source);
    if (max_file_bytes > 0 && size > max_file_bytes) {
      ++written.too_large;
      continue;
    }
    const fs::path target = written.folder / hash;
    std::error_code ec;
    if (!(fs::exists(target, ec) && fs::file_size(target, ec) == size)) {
      media::create_folders_durably(written.folder);
      media::TemporaryFile copy(written.folder);
      if (copy_hashing(*source, copy) != hash) {
        ++written.absent;  // damaged in this store: it would be refused on the box anyway
        continue;
      }
      copy.commit_as(target);
    }
    ++written.files;
    written.bytes += size;
  }
  return written;
}

BundleMediaImported import_bundle_media(const std::vector<fs::path>& bundle_files,
                                        storage::Database& database, media::MediaStore& store) {
  BundleMediaImported imported;
  std::set<fs::path> folders;
  for (const auto& file : bundle_files) {
    folders.insert(media_folder_beside(file));
  }
  const fs::path scratch = store.root() / "partial";
  media::create_folders_durably(scratch);
  for (const media::MediaFile& wanted : missing_media(database, store)) {
    for (const fs::path& folder : folders) {
      const fs::path source = folder / wanted.hash;
      std::error_code ec;
      if (!fs::is_regular_file(source, ec)) {
        continue;
      }
      media::TemporaryFile copy(scratch);
      const std::string actual = copy_hashing(source, copy);
      if (actual != wanted.hash) {
        imported.refused.push_back(source.string() +
                                   " does not match its name (damaged or altered): left out");
        continue;  // the temporary goes with its destructor
      }
      const fs::path ready = scratch / (wanted.hash + ".from-key");
      copy.commit_as(ready);
      store.adopt(ready, wanted.hash);
      ++imported.stored;
      imported.bytes += fs::file_size(*store.find(wanted.hash));
      break;
    }
  }
  return imported;
}

}  // namespace imaginecole::sync
