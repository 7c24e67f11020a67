// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/hub_status.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "sync/peers.hpp"

namespace imaginecole::app {
namespace {

namespace json = boost::json;

// A school server is in trouble when it was revoked, never synced or not for three days, its
// last sync failed, its disk is nearly full or its clock is off by more than five minutes.
constexpr std::int64_t kQuietDays = 3;
constexpr std::int64_t kLowDiskBytes = 500LL * 1024 * 1024;
constexpr std::int64_t kClockSlackSeconds = 300;

std::optional<std::int64_t> seconds_of(const std::string& timestamp) {
  std::tm parts{};
  if (timestamp.size() < 19 ||
      std::sscanf(timestamp.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts));
}

struct SchoolHealth {
  std::string school;
  std::string node;
  std::string revoked_at;
  std::string last_sync_at;
  std::string health_at;
  json::object health;
  std::vector<std::string> troubles;
};

std::int64_t number(const json::object& object, std::string_view key, std::int64_t otherwise) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_int64() ? value->get_int64() : otherwise;
}

std::string text(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

void judge(SchoolHealth& school, std::int64_t now) {
  if (!school.revoked_at.empty()) {
    school.troubles.emplace_back("revoked");
  }
  const auto last = seconds_of(school.last_sync_at);
  if (!last) {
    school.troubles.emplace_back("never synced");
  } else if (now - *last > kQuietDays * 86400) {
    school.troubles.emplace_back("no sync for " + std::to_string((now - *last) / 86400) + " days");
  }
  if (!text(school.health, "last_error").empty()) {
    school.troubles.emplace_back("its last sync failed");
  }
  if (number(school.health, "disk_free_bytes", kLowDiskBytes) < kLowDiskBytes) {
    school.troubles.emplace_back("disk nearly full");
  }
  const auto box_clock = seconds_of(text(school.health, "clock"));
  const auto received = seconds_of(school.health_at);
  if (box_clock && received && std::llabs(*box_clock - *received) > kClockSlackSeconds) {
    school.troubles.emplace_back("clock off by " + std::to_string(*box_clock - *received) + " s");
  }
}

std::string megabytes(std::int64_t bytes) {
  return bytes < 0 ? "?" : std::to_string(bytes / (1024 * 1024)) + " MB";
}

}  // namespace

int print_hub_status(Platform& platform, bool as_json) {
  std::vector<SchoolHealth> schools;
  {
    auto connection = platform.database().read();
    for (auto& server : sync::peers::school_servers_health(*connection)) {
      SchoolHealth school{.school = std::move(server.school_code),
                          .node = std::move(server.node_id),
                          .revoked_at = std::move(server.revoked_at),
                          .last_sync_at = std::move(server.last_sync_at),
                          .health_at = std::move(server.health_at),
                          .health = {},
                          .troubles = {}};
      boost::system::error_code failure;
      const auto parsed = json::parse(server.health, failure);
      if (!failure && parsed.is_object()) {
        school.health = parsed.as_object();
      }
      schools.push_back(std::move(school));
    }
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (auto& school : schools) {
    judge(school, now);
  }
  std::stable_sort(schools.begin(), schools.end(), [](const auto& a, const auto& b) {
    return a.troubles.size() > b.troubles.size();
  });
  if (as_json) {
    json::array list;
    for (const auto& school : schools) {
      json::array troubles;
      for (const auto& trouble : school.troubles) {
        troubles.emplace_back(trouble);
      }
      list.push_back(json::object{{"school", school.school},
                                  {"node", school.node},
                                  {"revoked_at", school.revoked_at},
                                  {"last_sync_at", school.last_sync_at},
                                  {"health", school.health},
                                  {"troubles", std::move(troubles)}});
    }
    std::cout << json::serialize(json::object{{"schools", std::move(list)}}) << '\n';
    return 0;
  }
  if (schools.empty()) {
    std::printf("No school server is paired with this hub.\n");
  }
  for (const auto& school : schools) {
    std::string troubles;
    for (const auto& trouble : school.troubles) {
      troubles += (troubles.empty() ? "" : ", ") + trouble;
    }
    std::printf(
        "%s %s: last sync %s; version %s, free disk %s, data %s, pending up %lld, clock %s\n",
        school.troubles.empty() ? "ok     " : "TROUBLE", school.school.c_str(),
        school.last_sync_at.empty() ? "never" : school.last_sync_at.c_str(),
        text(school.health, "version").empty() ? "?" : text(school.health, "version").c_str(),
        megabytes(number(school.health, "disk_free_bytes", -1)).c_str(),
        megabytes(number(school.health, "data_bytes", -1)).c_str(),
        static_cast<long long>(number(school.health, "pending_up", 0)),
        text(school.health, "clock").empty() ? "?" : text(school.health, "clock").c_str());
    if (!troubles.empty()) {
      std::printf("        %s\n", troubles.c_str());
    }
  }
  return 0;
}

}  // namespace imaginecole::app
