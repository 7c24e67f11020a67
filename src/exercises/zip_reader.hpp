// SPDX-License-Identifier: AGPL-3.0-or-later
// An IMS content package held in memory, read with libzip: entries looked up by their exact
// name, never written to disk. Sizes are bounded before and while reading, so a small archive
// cannot expand into gigabytes; checksums are verified.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace imaginecole::exercises {

class ZipReader {
 public:
  // Opens the archive; InvalidInput when `bytes` is not a zip archive we can read. The bytes
  // must outlive the reader.
  explicit ZipReader(std::string_view bytes, std::uint64_t max_entry_bytes = 64ULL << 20);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // An entry's content by its exact name ("items/q1.xml"); nullopt when absent. InvalidInput
  // when it is damaged, encrypted, compressed another way or larger than the limit.
  std::optional<std::string> read(const std::string& name) const;
  bool contains(const std::string& name) const;
  // An entry's size once decompressed, as the central directory says (read() checks that it
  // holds), known before any byte is inflated; nullopt when absent.
  std::optional<std::uint64_t> size_of(const std::string& name) const;

 private:
  struct Discard {
    void operator()(struct zip* archive) const;
  };
  std::unique_ptr<struct zip, Discard> archive_;
  std::uint64_t max_entry_bytes_;
};

}  // namespace imaginecole::exercises
