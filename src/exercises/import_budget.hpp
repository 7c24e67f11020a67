// SPDX-License-Identifier: AGPL-3.0-or-later
// One import's budget: how many bytes it may read or decompress in all (a zip's entries, a
// package's files, base64 pictures), how large one file of it may be, and how many questions
// it may hold. Every reader asks the budget BEFORE the work (from a zip's central directory,
// a file's size, a count of the items a manifest lists), so a small archive that lists one
// large entry ten thousand times is refused at once instead of costing minutes of CPU. A file
// that several items refer to is read, checked and stored once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.hpp"

namespace imaginecole::exercises {

struct ImportLimits {
  std::uint64_t total_bytes = 256ULL << 20;  // read or decompressed, all files together
  std::uint64_t file_bytes = 64ULL << 20;    // one file of a package, once decompressed
  std::size_t questions = 5'000;             // questions (QTI items) in one import
};

// The import goes over one of its limits: it is refused as a whole, nothing is imported.
class ImportTooLarge : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

// "256 MiB", "1.5 MiB", "900 KiB", "12 bytes": limits as people read them.
std::string describe_bytes(std::uint64_t bytes);

class ImportBudget {
 public:
  explicit ImportBudget(ImportLimits limits = {});

  // Before `count` questions are read. ImportTooLarge naming the limit when over it.
  void require_questions(std::size_t count) const;
  // Before `bytes` more bytes of `what` are read, decoded or decompressed.
  void spend(std::uint64_t bytes, std::string_view what);
  // Before a file of `bytes` is read: InvalidInput over the per-file limit (that file alone
  // is refused), ImportTooLarge over the total.
  void spend_file(std::uint64_t bytes, std::string_view what);

  // A file of the import by its key (its path in the package): read at most once. `size` is
  // asked first (nullopt: the file is absent, nullptr is returned) and charged before `read`
  // runs. A file that could not be read throws the same InvalidInput each time it is asked.
  std::shared_ptr<const std::string> read_once(
      const std::string& key, const std::function<std::optional<std::uint64_t>()>& size,
      const std::function<std::string()>& read);

  // What became of a picture already checked and stored in this import (by its key): its
  // media hash, or the reason it was refused. nullopt when not seen yet.
  struct PictureVerdict {
    std::optional<std::string> hash;
    std::string refusal;
  };
  const PictureVerdict* picture(const std::string& key) const;
  void remember_picture(const std::string& key, PictureVerdict verdict);

  const ImportLimits& limits() const { return limits_; }
  std::uint64_t spent() const { return spent_; }

 private:
  ImportLimits limits_;
  std::uint64_t spent_ = 0;
  struct FileOutcome {
    std::shared_ptr<const std::string> content;  // nullptr: absent (or unreadable)
    std::string error;                           // why it could not be read
  };
  std::map<std::string, FileOutcome> files_;
  std::map<std::string, PictureVerdict> pictures_;
};

}  // namespace imaginecole::exercises
