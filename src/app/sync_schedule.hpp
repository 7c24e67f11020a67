// SPDX-License-Identifier: AGPL-3.0-or-later
// `serve --sync-every 6h`: a school server syncs with its hub in the background, first a few
// seconds after it starts (a box often starts when the power comes back), then at every
// interval. A run never overlaps another (the sync lock, also taken by `imaginecole sync`).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/platform.hpp"

namespace imaginecole::app {

class SyncSchedule {
 public:
  SyncSchedule(Platform& platform, std::chrono::seconds every);
  ~SyncSchedule();  // stops and waits for a run in progress
  SyncSchedule(const SyncSchedule&) = delete;
  SyncSchedule& operator=(const SyncSchedule&) = delete;

 private:
  void loop(const std::stop_token& stop);

  Platform& platform_;
  std::chrono::seconds every_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace imaginecole::app
