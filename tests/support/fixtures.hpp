// SPDX-License-Identifier: AGPL-3.0-or-later
// Where the tests find their files: the project's own fixtures (tests/fixtures, always there)
// and the real files of other systems (../shared/samples, absent from a user's clone).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace imaginecole::testing {

// tests/fixtures/<relative> in the source tree.
std::filesystem::path fixture_path(const std::string& relative);

// The bytes of a fixture file; fails the test (and returns "") when it cannot be read.
std::string read_fixture(const std::string& relative);

// The folder of other systems' sample files: $IMAGINECOLE_SAMPLES_DIR when set (so a run can
// prove the suite stands without it), else the build's default (../shared/samples).
std::filesystem::path samples_dir();

// samples_dir()/<relative> when that file or folder exists, nullopt otherwise: a test that
// needs it then skips with one line (`GTEST_SKIP() << kNoSamples`).
std::optional<std::filesystem::path> sample_path(const std::string& relative);

inline constexpr const char* kNoSamples =
    "other systems' sample files are absent (../shared/samples or $IMAGINECOLE_SAMPLES_DIR)";

}  // namespace imaginecole::testing
