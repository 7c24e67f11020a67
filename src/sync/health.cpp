// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/health.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "sync/engine.hpp"

namespace imaginecole::sync {
namespace {

namespace json = boost::json;

json::object parse_object(std::string_view text) {
  boost::system::error_code failure;
  const auto parsed = json::parse(text, failure);
  return !failure && parsed.is_object() ? parsed.as_object() : json::object{};
}

std::optional<std::int64_t> number(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value != nullptr && value->is_int64()) {
    return value->get_int64();
  }
  if (value != nullptr && value->is_uint64()) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  return std::nullopt;
}

std::string text(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

// A box keeps its last error as "<timestamp> <message>" (peers::record_sync_outcome).
std::pair<std::string, std::string> split_error(const std::string& stored) {
  const auto space = stored.find(' ');
  if (space == std::string::npos || !seconds_of(stored.substr(0, space))) {
    return {"", stored};
  }
  return {stored.substr(0, space), stored.substr(space + 1)};
}

std::vector<TroubleNote> judge(const SchoolServerView& school, std::string_view health_at,
                               std::int64_t now) {
  std::vector<TroubleNote> troubles;
  if (!school.revoked_at.empty()) {
    troubles.push_back({.kind = Trouble::revoked});
  }
  const auto last = seconds_of(school.last_sync_at);
  if (!last) {
    troubles.push_back({.kind = Trouble::never_synced});
  } else if (now - *last > kQuietDays * 86400) {
    troubles.push_back({.kind = Trouble::quiet, .amount = (now - *last) / 86400});
  }
  if (!school.last_error.empty()) {
    troubles.push_back({.kind = Trouble::last_sync_failed});
  }
  if (school.disk_free_bytes && *school.disk_free_bytes < kLowDiskBytes) {
    troubles.push_back({.kind = Trouble::low_disk});
  }
  const auto box_clock = seconds_of(school.clock);
  const auto received = seconds_of(health_at);
  if (box_clock && received && std::llabs(*box_clock - *received) > kClockSlackSeconds) {
    troubles.push_back({.kind = Trouble::clock_off, .amount = *box_clock - *received});
  }
  return troubles;
}

}  // namespace

std::optional<std::int64_t> seconds_of(std::string_view timestamp) {
  if (timestamp.size() < 19) {
    return std::nullopt;
  }
  const std::string head(timestamp.substr(0, 19));
  std::tm parts{};
  if (std::sscanf(head.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts));
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<SchoolServerView> school_servers_view(
    const std::vector<peers::SchoolServerHealth>& records, std::int64_t now) {
  std::vector<SchoolServerView> schools;
  schools.reserve(records.size());
  for (const auto& record : records) {
    const json::object health = parse_object(record.health);
    SchoolServerView school{.school_code = record.school_code,
                            .node_id = record.node_id,
                            .revoked_at = record.revoked_at,
                            .last_sync_at = record.last_sync_at,
                            .version = text(health, "version"),
                            .clock = text(health, "clock"),
                            .last_error = split_error(text(health, "last_error")).second,
                            .disk_free_bytes = number(health, "disk_free_bytes"),
                            .data_bytes = number(health, "data_bytes"),
                            .pending_up = number(health, "pending_up"),
                            .troubles = {}};
    school.troubles = judge(school, record.health_at, now);
    schools.push_back(std::move(school));
  }
  std::stable_sort(schools.begin(), schools.end(), [](const auto& a, const auto& b) {
    return a.troubles.size() > b.troubles.size();
  });
  return schools;
}

std::string trouble_text(const TroubleNote& note) {
  switch (note.kind) {
    case Trouble::revoked:
      return "revoked";
    case Trouble::never_synced:
      return "never synced";
    case Trouble::quiet:
      return "no sync for " + std::to_string(note.amount) + " days";
    case Trouble::last_sync_failed:
      return "its last sync failed";
    case Trouble::low_disk:
      return "disk nearly full";
    case Trouble::clock_off:
      return "clock off by " + std::to_string(note.amount) + " s";
  }
  return "";
}

BoxHealthView box_health_view(const std::optional<Peer>& hub, std::string_view health_json,
                              std::int64_t media_to_fetch) {
  BoxHealthView view;
  view.media_to_fetch = media_to_fetch;
  if (!hub) {
    return view;
  }
  const json::object health = parse_object(health_json);
  const auto [error_at, error] = split_error(text(health, "last_error"));
  view.paired = true;
  view.hub_url = hub->hub_url;
  view.hub_node = hub->node_id;
  view.school_code = hub->school_code;
  view.paired_at = hub->paired_at;
  view.last_sync_at = text(health, "last_sync_at");
  view.last_error_at = error_at;
  view.last_error = error;
  view.revoked_at = hub->revoked_at;
  view.revoked_reason = hub->revoked_reason;
  view.version = text(health, "version");
  view.disk_free_bytes = number(health, "disk_free_bytes");
  view.data_bytes = number(health, "data_bytes");
  view.pending_up = number(health, "pending_up").value_or(0);
  view.pending_up_at_least = view.pending_up >= kPendingUpBound;
  return view;
}

}  // namespace imaginecole::sync
