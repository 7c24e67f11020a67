// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/media_store.hpp"

#include <cctype>
#include <fstream>
#include <stdexcept>

#include "core/hash.hpp"
#include "media/durable_file.hpp"

namespace imaginecole::media {
namespace fs = std::filesystem;

MediaStore::MediaStore(fs::path root) : root_(std::move(root)) {
  create_folders_durably(root_ / "tmp");
  remove_stale_temporaries(std::chrono::hours(24));
}

std::size_t MediaStore::remove_stale_temporaries(std::chrono::hours age) {
  const auto before = fs::file_time_type::clock::now() - age;
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_ / "tmp", ec)) {
    std::error_code entry_error;
    if (entry.is_regular_file(entry_error) && entry.last_write_time(entry_error) < before &&
        !entry_error && fs::remove(entry.path(), entry_error)) {
      ++removed;
    }
  }
  return removed;
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

bool MediaStore::remove(std::string_view hash) {
  if (!is_valid_hash(hash)) {
    return false;
  }
  const fs::path path = path_for(hash);
  std::error_code ec;
  const bool removed = fs::remove(path, ec);
  // Empty ab/cd folders go too (remove() refuses folders that are not empty).
  fs::remove(path.parent_path(), ec);
  fs::remove(path.parent_path().parent_path(), ec);
  return removed;
}

StoredObject MediaStore::commit(TemporaryFile& temporary, std::string hash, std::uint64_t size) {
  const fs::path target = path_for(hash);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    // Same name, same bytes (another upload, or another server on a shared folder): the
    // temporary goes with its destructor.
    return StoredObject{.hash = std::move(hash), .size = size, .already_present = true};
  }
  // Readers see all of the file or none of it, also after a power cut (durable_file.hpp).
  temporary.commit_as(target);
  return StoredObject{.hash = std::move(hash), .size = size, .already_present = false};
}

StoredObject MediaStore::adopt(const fs::path& file, const std::string& hash) {
  if (!is_valid_hash(hash)) {
    throw std::invalid_argument("not a content hash: " + hash);
  }
  const std::uint64_t size = fs::file_size(file);
  const fs::path target = path_for(hash);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    fs::remove(file, ec);
    return StoredObject{.hash = hash, .size = size, .already_present = true};
  }
  try {
    move_durably(file, target);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("cannot write to the media store at " + root_.string() + ": " +
                             error.what());
  }
  return StoredObject{.hash = hash, .size = size, .already_present = false};
}

StoredObject MediaStore::put(std::string_view bytes) {
  try {
    TemporaryFile temporary(root_ / "tmp");
    temporary.write(bytes);
    return commit(temporary, core::sha256_hex(bytes), bytes.size());
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("cannot write to the media store at " + root_.string() + ": " +
                             error.what());
  }
}

StoredObject MediaStore::put_file(const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + source.string());
  }
  TemporaryFile temporary(root_ / "tmp");
  core::Sha256 hasher;
  std::uint64_t size = 0;
  std::string chunk(64 * 1024, '\0');
  try {
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<std::size_t>(in.gcount());
      if (got == 0) {
        break;
      }
      const std::string_view piece(chunk.data(), got);
      hasher.update(piece);
      temporary.write(piece);
      size += got;
    }
    if (in.bad()) {
      throw std::runtime_error("cannot read " + source.string());
    }
    return commit(temporary, hasher.final_hex(), size);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("cannot copy " + source.string() +
                             " into the media store: " + error.what());
  }
}

std::optional<std::string> sniff_media_type(std::string_view head) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return head.size() >= at + magic.size() && head.substr(at, magic.size()) == magic;
  };
  auto contains = [&](std::string_view needle, std::size_t within) {
    return head.substr(0, within).find(needle) != std::string_view::npos;
  };
  const auto byte = [&](std::size_t at) {
    return at < head.size() ? static_cast<unsigned char>(head[at]) : 0U;
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
    if (starts("M4A ", 8) || starts("M4B ", 8)) {
      return "audio/mp4";
    }
    if (starts("qt  ", 8)) {
      return "video/quicktime";
    }
    if (starts("heic", 8) || starts("heix", 8) || starts("mif1", 8) || starts("avif", 8)) {
      return "image/heic";
    }
    return "video/mp4";
  }
  if (starts("\x1a\x45\xdf\xa3")) {
    return contains("webm", 64) ? "video/webm" : "video/x-matroska";
  }
  if (starts("OggS")) {
    return contains("OpusHead", 64) || contains("\x01vorbis", 64) ? "audio/ogg" : "video/ogg";
  }
  if (starts("ID3") || (byte(0) == 0xff && (byte(1) & 0xe0) == 0xe0 && (byte(1) & 0x06) != 0 &&
                        (byte(2) >> 4) != 0x0f)) {
    return "audio/mpeg";
  }
  if (starts("PK\x03\x04")) {
    return "application/zip";
  }
  return std::nullopt;
}

std::string describe_content(std::string_view head) {
  std::string start;
  for (const char c : head.substr(0, 512)) {
    start.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  const auto first = start.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  const std::string_view text =
      first == std::string::npos ? std::string_view{} : std::string_view(start).substr(first);
  if (start.find("<svg") != std::string::npos) {
    return "une image SVG";
  }
  if (text.starts_with("<!doctype html") || text.starts_with("<html") ||
      start.find("<script") != std::string::npos || text.starts_with("<head") ||
      text.starts_with("<body")) {
    return "une page HTML";
  }
  if (text.starts_with("<?xml")) {
    return "un document XML";
  }
  if (head.starts_with("MZ")) {
    return "un programme Windows";
  }
  if (head.starts_with("\x7f"
                       "ELF")) {
    return "un programme";
  }
  if (head.starts_with("#!")) {
    return "un script";
  }
  if (const auto type = sniff_media_type(head)) {
    return "un fichier " + *type;
  }
  return "un fichier de type inconnu";
}

}  // namespace imaginecole::media
