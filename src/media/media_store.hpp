// SPDX-License-Identifier: AGPL-3.0-or-later
// The content-addressed store: each file is named by the SHA-256 of its bytes
// (media/ab/cd/abcd…), stored once however many resources use it, written atomically and
// durably (fsync before the rename, media/durable_file.hpp). The folder may be shared by
// several app servers (--media on NFS or CephFS): a name, once there, always means the same
// bytes, so servers never need to coordinate their writes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::media {

class TemporaryFile;

struct StoredObject {
  std::string hash;  // 64 lowercase hex digits
  std::uint64_t size = 0;
  bool already_present = false;
};

class MediaStore {
 public:
  // Creates the folder's tmp/ if needed and removes the temporaries in it that nobody has
  // written for a day (left by a killed writer: no write or conversion goes that long without
  // a byte, and another server sharing the folder may be writing the recent ones).
  explicit MediaStore(std::filesystem::path root);

  StoredObject put(std::string_view bytes);
  // Streams a file from disk into the store (large videos never sit in memory).
  StoredObject put_file(const std::filesystem::path& source);
  // Moves `file` (on the store's filesystem, e.g. under root()) into the store as `hash`,
  // durably; the caller has checked that its bytes are `hash`. When the store already has the
  // file, `file` is removed instead.
  StoredObject adopt(const std::filesystem::path& file, const std::string& hash);
  // Deletes the file of `hash` (callers make sure nothing else needs it). True when removed.
  bool remove(std::string_view hash);
  // The file for `hash`, if the hash is well-formed and present.
  std::optional<std::filesystem::path> find(std::string_view hash) const;

  // Removes the files of tmp/ last written more than `age` ago; returns how many went.
  std::size_t remove_stale_temporaries(std::chrono::hours age);

  static bool is_valid_hash(std::string_view hash);
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path path_for(std::string_view hash) const;
  StoredObject commit(TemporaryFile& temporary, std::string hash, std::uint64_t size);

  std::filesystem::path root_;
};

// The media type of a file from its first bytes ("image/png"), or nullopt when unknown.
// Reads up to 64 bytes (WebM and Ogg name their content a little way in).
std::optional<std::string> sniff_media_type(std::string_view head);

// What a refused file really is, for the refusal message ("une page HTML", "une image SVG").
std::string describe_content(std::string_view head);

}  // namespace imaginecole::media
