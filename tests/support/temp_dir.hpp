// SPDX-License-Identifier: AGPL-3.0-or-later
// A temporary folder removed with everything in it when the test ends.
#pragma once

#include <filesystem>

namespace imaginecole::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace imaginecole::testing
