// SPDX-License-Identifier: AGPL-3.0-or-later
// One network sync of this school server with its hub (`imaginecole sync --hub URL`, and
// `serve --sync-every`): one run at a time per data folder (a lock), its outcome kept in
// sync_peers (last sync, last error) for the box's health.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/platform.hpp"

namespace imaginecole::app {

struct NetworkSyncSettings {
  std::string hub_url;  // empty: the URL saved at pairing
  std::string proxy;    // empty: http_proxy from the environment (unless no_proxy names the hub)
  std::size_t batch_rows = 500;
  std::uint64_t media_max_bytes = 0;  // media files fetched after the records; 0: no limit
  bool quiet = false;                 // the scheduler logs one line instead of progress
};

struct NetworkSyncOutcome {
  int exit_code = 0;  // 0 synced, 1 failed (run it again: it resumes), 2 refused, 4 busy
  std::string message;
};

NetworkSyncOutcome run_network_sync_once(Platform& platform, const NetworkSyncSettings& settings);

// "6h", "30m", "90s", "1d" -> duration; nullopt when unreadable or zero.
std::optional<std::chrono::seconds> parse_interval(std::string_view text);

}  // namespace imaginecole::app
