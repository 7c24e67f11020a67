// SPDX-License-Identifier: AGPL-3.0-or-later
// The seed of a test that kills processes at random moments: IMAGINECOLE_CRASH_SEED when set
// (to replay a run's choices), else a fresh one. Tests print it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace imaginecole::testing {

inline std::uint64_t chosen_crash_seed() {
  if (const char* text = std::getenv("IMAGINECOLE_CRASH_SEED"); text != nullptr && *text != 0) {
    return std::stoull(text);
  }
  return std::random_device{}();
}

}  // namespace imaginecole::testing
