// SPDX-License-Identifier: AGPL-3.0-or-later
// Files that a power cut cannot leave half-written under their final name: the bytes go to a
// temporary file of the same folder tree (same filesystem, so the rename is atomic, also on a
// shared NFS or CephFS media folder), reach the disk (fsync) before the rename that names
// them, and the folder that holds the new name reaches the disk after it. Without the first
// fsync, a crash soon after the rename can leave the name pointing at an empty or partial file
// (ext4 and XFS may write the rename before the data); without the second, the name itself
// can vanish although the write was acknowledged.
#pragma once

#include <filesystem>
#include <string_view>

namespace imaginecole::media {

class TemporaryFile {
 public:
  // A new, empty file with a unique name in `folder` (which must exist). std::runtime_error
  // when it cannot be created.
  explicit TemporaryFile(const std::filesystem::path& folder);
  // Not committed: the file is removed.
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  // Appends; std::runtime_error (with the system's reason) when the bytes cannot be written
  // (disk full, file too large): the file is then removed by the destructor.
  void write(std::string_view bytes);
  // fsync, rename to `target` (its folders are created, durably, when missing), fsync of the
  // target's folder. std::runtime_error when any step fails; the temporary is removed and
  // `target` is left as it was.
  void commit_as(const std::filesystem::path& target);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

// Makes a rename or a creation in `folder` durable (fsync of the folder itself).
void sync_folder(const std::filesystem::path& folder);

// Creates `folder` and its missing parents, each made durable in its own parent.
void create_folders_durably(const std::filesystem::path& folder);

// Gives a finished file of the same filesystem its final name with the guarantees of
// TemporaryFile::commit_as (fsync of the file, rename, fsync of the target's folder), for files
// written over several runs (a resumed download). std::runtime_error when a step fails;
// `target` is then left as it was.
void move_durably(const std::filesystem::path& file, const std::filesystem::path& target);

}  // namespace imaginecole::media
