// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/media_store.hpp"

#include <fstream>
#include <stdexcept>

#include "core/hash.hpp"
#include "core/ids.hpp"

namespace imaginecole::media {
namespace fs = std::filesystem;

MediaStore::MediaStore(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_ / "tmp");
}

bool MediaStore::is_valid_hash(std::string_view hash) {
  return hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

fs::path MediaStore::path_for(std::string_view hash) const {
  return root_ / std::string(hash.substr(0, 2)) / std::string(hash.substr(2, 2)) /
         std::string(hash);
}

std::optional<fs::path> MediaStore::find(std::string_view hash) const {
  if (!is_valid_hash(hash)) {
    return std::nullopt;
  }
  fs::path path = path_for(hash);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return std::nullopt;
  }
  return path;
}

StoredObject MediaStore::commit(const fs::path& temporary, std::string hash, std::uint64_t size) {
  const fs::path target = path_for(hash);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    fs::remove(temporary, ec);
    return StoredObject{.hash = std::move(hash), .size = size, .already_present = true};
  }
  fs::create_directories(target.parent_path());
  fs::rename(temporary, target);  // atomic: readers see all of the file or none of it
  return StoredObject{.hash = std::move(hash), .size = size, .already_present = false};
}

StoredObject MediaStore::put(std::string_view bytes) {
  const fs::path temporary = root_ / "tmp" / core::new_id();
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(temporary, ec);
      throw std::runtime_error("cannot write to the media store at " + root_.string());
    }
  }
  return commit(temporary, core::sha256_hex(bytes), bytes.size());
}

StoredObject MediaStore::put_file(const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + source.string());
  }
  const fs::path temporary = root_ / "tmp" / core::new_id();
  std::ofstream out(temporary, std::ios::binary);
  core::Sha256 hasher;
  std::uint64_t size = 0;
  std::string chunk(64 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) {
      break;
    }
    hasher.update(std::string_view(chunk.data(), got));
    out.write(chunk.data(), static_cast<std::streamsize>(got));
    size += got;
  }
  out.flush();
  if (!out || in.bad()) {
    std::error_code ec;
    fs::remove(temporary, ec);
    throw std::runtime_error("cannot copy " + source.string() + " into the media store");
  }
  out.close();
  return commit(temporary, hasher.final_hex(), size);
}

std::optional<std::string> sniff_media_type(std::string_view head) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return head.size() >= at + magic.size() && head.substr(at, magic.size()) == magic;
  };
  if (starts("\x89PNG\r\n\x1a\n")) {
    return "image/png";
  }
  if (starts("\xff\xd8\xff")) {
    return "image/jpeg";
  }
  if (starts("GIF87a") || starts("GIF89a")) {
    return "image/gif";
  }
  if (starts("RIFF") && starts("WEBP", 8)) {
    return "image/webp";
  }
  if (starts("RIFF") && starts("WAVE", 8)) {
    return "audio/wav";
  }
  if (starts("%PDF-")) {
    return "application/pdf";
  }
  if (starts("ftyp", 4)) {
    return starts("M4A ", 8) ? "audio/mp4" : "video/mp4";
  }
  if (starts("\x1a\x45\xdf\xa3")) {
    return "video/webm";
  }
  if (starts("OggS")) {
    return "audio/ogg";
  }
  if (starts("ID3") || (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0xff &&
                        (static_cast<unsigned char>(head[1]) & 0xe0) == 0xe0)) {
    return "audio/mpeg";
  }
  if (starts("PK\x03\x04")) {
    return "application/zip";
  }
  return std::nullopt;
}

}  // namespace imaginecole::media
