// SPDX-License-Identifier: AGPL-3.0-or-later
// The processor time the calling thread has used. Tests that bound how much work something does
// compare this, not wall time: a test machine busy with other builds must not fail them.
#pragma once

#include <time.h>

namespace imaginecole::testing {

inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace imaginecole::testing
