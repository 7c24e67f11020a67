// SPDX-License-Identifier: AGPL-3.0-or-later
// The backup file: one zip archive (libzip, already used for QTI packages) holding
// manifest.json first, then the parts it lists (the database snapshot, the media files), each
// with its size and SHA-256. It is written under a temporary name beside the target, brought
// to disk (fsync), then renamed: a backup file is whole or absent (decision 0048).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct zip;

namespace imaginecole::app {

inline constexpr int kBackupFormatVersion = 1;

struct BackupPart {
  std::string name;  // inside the archive: "imaginecole.db", "media/ab/cd/abcd…"
  std::uint64_t size = 0;
  std::string sha256;
};

struct BackupManifest {
  int format_version = kBackupFormatVersion;
  std::string version;  // of the imaginecole that wrote it
  std::string backend;  // "sqlite"
  int schema_version = 0;
  std::string node_id;
  std::string epoch;
  std::string created_at;
  std::map<std::string, std::int64_t> counts;  // rows per table in the snapshot
  std::vector<BackupPart> parts;

  std::string to_json() const;
  // InvalidInput with a reason a person understands when the text is not a manifest.
  static BackupManifest parse(std::string_view json);
};

// A file on disk to put in the archive under `part.name` (size and hash already computed).
struct PartSource {
  BackupPart part;
  std::filesystem::path file;
  bool compress = false;  // media are already compressed; the database is not
};

// Size and SHA-256 of a file, read once. std::runtime_error when it cannot be read.
BackupPart describe_file(std::string name, const std::filesystem::path& file);

// Writes manifest + parts to `target`, whole or not at all. std::runtime_error with the
// system's reason (disk full…) when it fails; nothing is then left at `target` or beside it.
void write_backup_archive(const std::filesystem::path& target, const BackupManifest& manifest,
                          const std::vector<PartSource>& parts);

// An opened backup file whose manifest and parts have been checked against each other.
class BackupReader {
 public:
  // Opens, reads the manifest, and verifies that the archive holds exactly the listed parts
  // with their sizes and SHA-256 (every byte is read once). InvalidInput naming what is wrong
  // when the file is not a backup or is damaged.
  explicit BackupReader(const std::filesystem::path& file);
  ~BackupReader();
  BackupReader(const BackupReader&) = delete;
  BackupReader& operator=(const BackupReader&) = delete;

  const BackupManifest& manifest() const { return manifest_; }
  // Copies a part into `folder` (a temporary file there, fsynced) then renames it to
  // `target`, durably. std::runtime_error when the disk refuses; `target` is then untouched.
  void extract(const BackupPart& part, const std::filesystem::path& temporary_folder,
               const std::filesystem::path& target) const;

 private:
  struct Closer {
    void operator()(struct zip* archive) const;
  };
  std::unique_ptr<struct zip, Closer> archive_;
  std::filesystem::path file_;
  BackupManifest manifest_;
};

}  // namespace imaginecole::app
