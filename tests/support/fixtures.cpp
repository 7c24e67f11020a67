// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace imaginecole::testing {

std::filesystem::path fixture_path(const std::string& relative) {
  return std::filesystem::path(IMAGINECOLE_SOURCE_DIR) / "tests" / "fixtures" / relative;
}

std::string read_fixture(const std::string& relative) {
  const std::filesystem::path path = fixture_path(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read the fixture " << path;
    return {};
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::filesystem::path samples_dir() {
  if (const char* overridden = std::getenv("IMAGINECOLE_SAMPLES_DIR");
      overridden != nullptr && *overridden != '\0') {
    return overridden;
  }
  return IMAGINECOLE_SAMPLES_DIR;
}

std::optional<std::filesystem::path> sample_path(const std::string& relative) {
  std::filesystem::path path = samples_dir() / relative;
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    return std::nullopt;
  }
  return path;
}

}  // namespace imaginecole::testing
