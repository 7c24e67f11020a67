// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/backup_archive.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "media/durable_file.hpp"

namespace imaginecole::app {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kManifestName = "manifest.json";
constexpr std::size_t kChunk = 1 << 16;
// A manifest lists every media file; a hundred thousand files take about 15 MB.
constexpr zip_uint64_t kMaxManifestBytes = 256ull << 20;

[[noreturn]] void damaged(const fs::path& file, const std::string& why) {
  throw InvalidInput("the backup " + file.string() + " cannot be restored: " + why);
}

// A part's name must stay inside the folder it is restored into.
bool is_safe_part_name(std::string_view name) {
  if (name == "imaginecole.db") {
    return true;
  }
  if (!name.starts_with("media/") || name.starts_with("media/tmp/") || name.ends_with("/")) {
    return false;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

std::string zip_reason(zip_t* archive) {
  return zip_error_strerror(zip_get_error(archive));
}

// fsync of a closed file by its name (libzip writes and closes the archive itself).
void sync_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("cannot open " + file.string() + ": " + std::strerror(errno));
  }
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) {
    throw std::runtime_error("cannot write " + file.string() + " to disk: " + std::strerror(error));
  }
}

struct EntryCloser {
  void operator()(zip_file_t* entry) const { zip_fclose(entry); }
};
using Entry = std::unique_ptr<zip_file_t, EntryCloser>;

Entry open_entry(zip_t* archive, const std::string& name, const fs::path& file) {
  const zip_int64_t index = zip_name_locate(archive, name.c_str(), ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    damaged(file, name + " is missing");
  }
  Entry entry(zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (!entry) {
    damaged(file, name + " cannot be read (" + zip_reason(archive) + ")");
  }
  return entry;
}

// Reads an entry to its end, giving each chunk to `sink`; returns the bytes read. libzip
// checks the CRC at the end of the entry.
template <typename Sink>
std::uint64_t read_entry(zip_file_t* entry, const std::string& name, const fs::path& file,
                         Sink&& sink) {
  std::array<char, kChunk> buffer{};
  std::uint64_t total = 0;
  for (;;) {
    const zip_int64_t got = zip_fread(entry, buffer.data(), buffer.size());
    if (got < 0) {
      damaged(file, name + " is damaged (" + zip_error_strerror(zip_file_get_error(entry)) + ")");
    }
    if (got == 0) {
      return total;
    }
    total += static_cast<std::uint64_t>(got);
    sink(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  }
}

}  // namespace

std::string BackupManifest::to_json() const {
  json::object out;
  out["format"] = "imaginecole-backup";
  out["format_version"] = format_version;
  out["version"] = version;
  out["backend"] = backend;
  out["schema_version"] = schema_version;
  out["node_id"] = node_id;
  out["epoch"] = epoch;
  out["created_at"] = created_at;
  json::object count_object;
  for (const auto& [table, rows] : counts) {
    count_object[table] = rows;
  }
  out["counts"] = std::move(count_object);
  json::array part_array;
  for (const auto& part : parts) {
    part_array.push_back(
        json::object{{"name", part.name}, {"size", part.size}, {"sha256", part.sha256}});
  }
  out["parts"] = std::move(part_array);
  return json::serialize(out);
}

BackupManifest BackupManifest::parse(std::string_view text) {
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_object()) {
    throw InvalidInput("its manifest is not JSON");
  }
  const auto& object = value.as_object();
  const auto* format = object.if_contains("format");
  if (format == nullptr || !format->is_string() || format->as_string() != "imaginecole-backup") {
    throw InvalidInput("it is not an Imaginécole backup (no \"format\" in its manifest)");
  }
  try {
    BackupManifest manifest;
    manifest.format_version = json::value_to<int>(object.at("format_version"));
    manifest.version = json::value_to<std::string>(object.at("version"));
    manifest.backend = json::value_to<std::string>(object.at("backend"));
    manifest.schema_version = json::value_to<int>(object.at("schema_version"));
    manifest.node_id = json::value_to<std::string>(object.at("node_id"));
    manifest.epoch = json::value_to<std::string>(object.at("epoch"));
    manifest.created_at = json::value_to<std::string>(object.at("created_at"));
    for (const auto& [table, rows] : object.at("counts").as_object()) {
      manifest.counts[std::string(table)] = rows.to_number<std::int64_t>();
    }
    for (const auto& item : object.at("parts").as_array()) {
      const auto& part = item.as_object();
      manifest.parts.push_back(BackupPart{
          .name = json::value_to<std::string>(part.at("name")),
          .size = part.at("size").to_number<std::uint64_t>(),
          .sha256 = json::value_to<std::string>(part.at("sha256")),
      });
    }
    return manifest;
  } catch (const std::exception& wrong) {
    throw InvalidInput(std::string("its manifest is incomplete (") + wrong.what() + ")");
  }
}

BackupPart describe_file(std::string name, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + file.string());
  }
  core::Sha256 hash;
  std::array<char, kChunk> buffer{};
  std::uint64_t size = 0;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    size += static_cast<std::uint64_t>(in.gcount());
  }
  if (in.bad()) {
    throw std::runtime_error("cannot read " + file.string());
  }
  return BackupPart{.name = std::move(name), .size = size, .sha256 = hash.final_hex()};
}

void write_backup_archive(const fs::path& target, const BackupManifest& manifest,
                          const std::vector<PartSource>& parts) {
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path temporary =
      folder / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()));
  int error_code = 0;
  zip_t* archive = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error_code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw std::runtime_error("cannot create " + temporary.string() + ": " + reason);
  }
  const auto fail = [&](const std::string& what) {
    const std::string reason = what + ": " + zip_reason(archive);
    zip_discard(archive);
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw std::runtime_error(reason);
  };
  const std::string manifest_json = manifest.to_json();
  zip_source_t* manifest_source =
      zip_source_buffer(archive, manifest_json.data(), manifest_json.size(), 0);
  if (manifest_source == nullptr ||
      zip_file_add(archive, kManifestName, manifest_source, ZIP_FL_ENC_UTF_8) < 0) {
    zip_source_free(manifest_source);
    fail("cannot add the manifest");
  }
  for (const auto& source : parts) {
    // Length 0: the whole file (libzip 1.7; later versions name it ZIP_LENGTH_TO_END).
    zip_source_t* file_source = zip_source_file(archive, source.file.c_str(), 0, 0);
    if (file_source == nullptr) {
      fail("cannot read " + source.file.string());
    }
    const zip_int64_t index =
        zip_file_add(archive, source.part.name.c_str(), file_source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(file_source);
      fail("cannot add " + source.part.name);
    }
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                                 source.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1) < 0) {
      fail("cannot add " + source.part.name);
    }
  }
  // libzip writes everything here (into its own temporary, renamed to ours when complete).
  if (zip_close(archive) != 0) {
    fail("cannot write " + target.string());
  }
  try {
    sync_file(temporary);
    if (std::rename(temporary.c_str(), target.c_str()) != 0) {
      throw std::runtime_error("cannot rename " + temporary.string() + " to " + target.string() +
                               ": " + std::strerror(errno));
    }
    media::sync_folder(folder);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

void BackupReader::Closer::operator()(struct zip* archive) const {
  zip_discard(archive);
}

BackupReader::~BackupReader() = default;

BackupReader::BackupReader(const fs::path& file) : file_(file) {
  int error_code = 0;
  archive_.reset(zip_open(file.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error_code));
  if (!archive_) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    const std::string reason = error_code == ZIP_ER_NOZIP ? "it is not a zip file or it is "
                                                            "truncated"
                                                          : zip_error_strerror(&error);
    zip_error_fini(&error);
    damaged(file, reason);
  }
  zip_t* archive = archive_.get();
  {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive, kManifestName, ZIP_FL_ENC_UTF_8, &stat) != 0) {
      damaged(file, "it has no manifest.json (not an Imaginécole backup)");
    }
    if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxManifestBytes) {
      damaged(file, "its manifest is too large");
    }
    std::string text;
    text.reserve(static_cast<std::size_t>(stat.size));
    auto entry = open_entry(archive, kManifestName, file);
    read_entry(entry.get(), kManifestName, file,
               [&](std::string_view chunk) { text.append(chunk); });
    try {
      manifest_ = BackupManifest::parse(text);
    } catch (const InvalidInput& wrong) {
      damaged(file, wrong.what());
    }
  }
  if (manifest_.format_version > kBackupFormatVersion) {
    damaged(file, "it was written by a newer Imaginécole (" + manifest_.version +
                      ", backup format " + std::to_string(manifest_.format_version) + ")");
  }
  // Exactly the listed parts, each once, with its size and hash.
  std::set<std::string> listed{kManifestName};
  for (const auto& part : manifest_.parts) {
    if (!is_safe_part_name(part.name)) {
      damaged(file, "its manifest names a part outside the data folder: " + part.name);
    }
    if (!listed.insert(part.name).second) {
      damaged(file, "its manifest lists " + part.name + " twice");
    }
  }
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0 || static_cast<std::size_t>(entries) != listed.size()) {
    damaged(file, "it holds " + std::to_string(entries) + " files where its manifest lists " +
                      std::to_string(listed.size()));
  }
  for (const auto& part : manifest_.parts) {
    auto entry = open_entry(archive, part.name, file);
    core::Sha256 hash;
    const std::uint64_t size = read_entry(entry.get(), part.name, file,
                                          [&](std::string_view chunk) { hash.update(chunk); });
    if (size != part.size || hash.final_hex() != part.sha256) {
      damaged(file, part.name + " does not match its manifest (size or SHA-256)");
    }
  }
}

void BackupReader::extract(const BackupPart& part, const fs::path& temporary_folder,
                           const fs::path& target) const {
  auto entry = open_entry(archive_.get(), part.name, file_);
  media::TemporaryFile temporary(temporary_folder);
  core::Sha256 hash;
  read_entry(entry.get(), part.name, file_, [&](std::string_view chunk) {
    hash.update(chunk);
    temporary.write(chunk);
  });
  // The file could have changed since it was checked (a copy still arriving).
  if (hash.final_hex() != part.sha256) {
    damaged(file_, part.name + " changed while it was being restored");
  }
  temporary.commit_as(target);
}

}  // namespace imaginecole::app
