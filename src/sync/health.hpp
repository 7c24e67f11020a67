// SPDX-License-Identifier: AGPL-3.0-or-later
// The health of sync as people read it (issue 15, item 8; decision 0049): plain functions from
// sync_peers records to the values that `imaginecole hub status`, the hub's page of school
// servers and the box's own page show. A hub judges each school server (revoked, never synced,
// quiet for days, last sync failed, disk nearly full, clock off) and lists the ones in trouble
// first; a box reads its own hub record and the health it would send next.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/peers.hpp"

namespace imaginecole::sync {

// A school server is in trouble when it was revoked, never synced or not for three days, its
// last sync failed, its disk is nearly full or its clock is off by more than five minutes.
inline constexpr std::int64_t kQuietDays = 3;
inline constexpr std::int64_t kLowDiskBytes = 500LL * 1024 * 1024;
inline constexpr std::int64_t kClockSlackSeconds = 300;

enum class Trouble { revoked, never_synced, quiet, last_sync_failed, low_disk, clock_off };

struct TroubleNote {
  Trouble kind = Trouble::never_synced;
  std::int64_t amount = 0;  // quiet: days without sync; clock_off: seconds ahead (< 0: behind)
};

// One school server as the hub's admins see it.
struct SchoolServerView {
  std::string school_code;
  std::string node_id;
  std::string revoked_at;
  std::string last_sync_at;  // when the hub last received its changes; empty: never
  std::string version;
  std::string clock;  // the box's clock when it sent its health
  std::string last_error;
  std::optional<std::int64_t> disk_free_bytes;
  std::optional<std::int64_t> data_bytes;
  std::optional<std::int64_t> pending_up;
  std::vector<TroubleNote> troubles;

  bool in_trouble() const { return !troubles.empty(); }
};

// The school servers, each judged at `now` (seconds since 1970), the ones with the most
// troubles first (the order of `records` otherwise: by school code).
std::vector<SchoolServerView> school_servers_view(
    const std::vector<peers::SchoolServerHealth>& records, std::int64_t now);

// A trouble in plain English (the command line's words; pages use the message catalogue).
std::string trouble_text(const TroubleNote& note);

// This school server's own sync, as its school head sees it.
struct BoxHealthView {
  bool paired = false;
  std::string hub_url;
  std::string hub_node;
  std::string school_code;
  std::string paired_at;
  std::string last_sync_at;  // last successful run; empty: never
  std::string last_error_at;
  std::string last_error;  // empty: the last run went well
  std::string revoked_at;  // empty: trusted
  std::string revoked_reason;
  std::string version;
  std::optional<std::int64_t> disk_free_bytes;
  std::optional<std::int64_t> data_bytes;
  std::int64_t pending_up = 0;       // change-log lines the hub has not acknowledged
  bool pending_up_at_least = false;  // counted up to a bound: "at least" that many
  std::int64_t media_to_fetch = 0;   // files this box's rows name that it has not received
};

// The box's view from its hub record (nullopt: not paired), the health it would send now
// (JSON object text, engine.hpp's box_health_now) and the files it still lacks.
BoxHealthView box_health_view(const std::optional<Peer>& hub, std::string_view health_json,
                              std::int64_t media_to_fetch);

// Seconds since 1970 of "2026-12-05T14:41:46…" (UTC); nullopt when unreadable.
std::optional<std::int64_t> seconds_of(std::string_view timestamp);

// The time now, in seconds since 1970.
std::int64_t now_seconds();

}  // namespace imaginecole::sync
