// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/hub_status.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "sync/health.hpp"
#include "sync/peers.hpp"

namespace imaginecole::app {
namespace {

namespace json = boost::json;

std::string megabytes(const std::optional<std::int64_t>& bytes) {
  return bytes ? std::to_string(*bytes / (1024 * 1024)) + " MB" : "?";
}

json::value optional_number(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

}  // namespace

int print_hub_status(Platform& platform, bool as_json) {
  std::vector<sync::peers::SchoolServerHealth> records;
  {
    auto connection = platform.database().read();
    records = sync::peers::school_servers_health(*connection);
  }
  // The same page model as the hub's page of school servers (sync/health.hpp).
  const auto schools = sync::school_servers_view(records, sync::now_seconds());
  if (as_json) {
    json::array list;
    for (const auto& school : schools) {
      json::array troubles;
      for (const auto& trouble : school.troubles) {
        troubles.emplace_back(sync::trouble_text(trouble));
      }
      list.push_back(json::object{{"school", school.school_code},
                                  {"node", school.node_id},
                                  {"revoked_at", school.revoked_at},
                                  {"last_sync_at", school.last_sync_at},
                                  {"version", school.version},
                                  {"clock", school.clock},
                                  {"last_error", school.last_error},
                                  {"disk_free_bytes", optional_number(school.disk_free_bytes)},
                                  {"data_bytes", optional_number(school.data_bytes)},
                                  {"pending_up", optional_number(school.pending_up)},
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
      troubles += (troubles.empty() ? "" : ", ") + sync::trouble_text(trouble);
    }
    std::printf(
        "%s %s: last sync %s; version %s, free disk %s, data %s, pending up %lld, clock %s\n",
        school.in_trouble() ? "TROUBLE" : "ok     ", school.school_code.c_str(),
        school.last_sync_at.empty() ? "never" : school.last_sync_at.c_str(),
        school.version.empty() ? "?" : school.version.c_str(),
        megabytes(school.disk_free_bytes).c_str(), megabytes(school.data_bytes).c_str(),
        static_cast<long long>(school.pending_up.value_or(0)),
        school.clock.empty() ? "?" : school.clock.c_str());
    if (!troubles.empty()) {
      std::printf("        %s\n", troubles.c_str());
    }
  }
  return 0;
}

}  // namespace imaginecole::app
