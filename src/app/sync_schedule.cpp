// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/sync_schedule.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "app/network_sync_run.hpp"

namespace imaginecole::app {

SyncSchedule::SyncSchedule(Platform& platform, std::chrono::seconds every)
    : platform_(platform), every_(every), thread_([this](std::stop_token stop) { loop(stop); }) {}

SyncSchedule::~SyncSchedule() {
  thread_.request_stop();
  wake_.notify_all();
}

void SyncSchedule::loop(const std::stop_token& stop) {
  auto pause_for = std::min<std::chrono::seconds>(every_, std::chrono::seconds(5));
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, stop, pause_for, [&stop] { return stop.stop_requested(); })) {
        return;
      }
    }
    pause_for = every_;
    NetworkSyncOutcome outcome;
    try {
      outcome = run_network_sync_once(platform_, NetworkSyncSettings{.quiet = true});
    } catch (const std::exception& failure) {
      outcome = {.exit_code = 2, .message = failure.what()};
    }
    // One JSON line like the server's other logs.
    const std::string line = boost::json::serialize(
        boost::json::object{{"level", outcome.exit_code == 0 ? "info" : "warn"},
                            {"msg", "scheduled sync"},
                            {"outcome", outcome.message}});
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  }
}

}  // namespace imaginecole::app
