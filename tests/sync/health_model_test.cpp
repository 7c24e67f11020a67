// SPDX-License-Identifier: AGPL-3.0-or-later
// The page model of sync health (sync/health.hpp) without a request: records in, the values
// `hub status` and the pages show out.
#include <gtest/gtest.h>

#include "sync/health.hpp"

namespace imaginecole::sync {
namespace {

constexpr std::string_view kNow = "2026-12-06T12:00:00.000Z";

peers::SchoolServerHealth school(std::string code, std::string last_sync, std::string health) {
  return peers::SchoolServerHealth{.school_code = std::move(code),
                                   .node_id = "node",
                                   .revoked_at = "",
                                   .last_sync_at = last_sync,
                                   .health_at = last_sync,
                                   .health = std::move(health)};
}

std::vector<Trouble> kinds(const SchoolServerView& view) {
  std::vector<Trouble> out;
  for (const auto& note : view.troubles) {
    out.push_back(note.kind);
  }
  return out;
}

TEST(SyncHealthModel, SchoolServersInTroubleComeFirstEachSayingWhy) {
  const std::string healthy =
      R"({"version": "1.2", "clock": "2026-12-06T11:00:00Z", "disk_free_bytes": 9000000000,
          "data_bytes": 1048576, "pending_up": 4, "last_error": ""})";
  auto revoked = school("AAA003", "2026-12-06T11:00:00Z", healthy);
  revoked.revoked_at = "2026-12-06T11:30:00Z";
  const std::vector<peers::SchoolServerHealth> records = {
      school("AAA001", "2026-12-06T11:00:00Z", healthy),
      school("AAA002", "", ""),
      revoked,
      school("AAA004", "2026-11-30T11:00:00Z",
             R"({"clock": "2026-11-30T11:00:00Z", "disk_free_bytes": 9000000000})"),
      school("AAA005", "2026-12-06T11:00:00Z",
             R"({"clock": "2026-12-06T11:20:00Z", "disk_free_bytes": 1000,
                 "last_error": "2026-12-06T10:00:00.000Z hub unreachable"})"),
  };
  const auto view = school_servers_view(records, *seconds_of(kNow));
  ASSERT_EQ(view.size(), 5U);
  // Most troubles first; the order of the records among equals.
  EXPECT_EQ(view[0].school_code, "AAA005");
  EXPECT_EQ(kinds(view[0]),
            (std::vector{Trouble::last_sync_failed, Trouble::low_disk, Trouble::clock_off}));
  EXPECT_EQ(view[0].last_error, "hub unreachable");
  EXPECT_EQ(view[0].troubles[2].amount, 1200);
  EXPECT_EQ(trouble_text(view[0].troubles[2]), "clock off by 1200 s");
  EXPECT_EQ(view[1].school_code, "AAA002");
  EXPECT_EQ(kinds(view[1]), std::vector{Trouble::never_synced});
  EXPECT_EQ(view[2].school_code, "AAA003");
  EXPECT_EQ(kinds(view[2]), std::vector{Trouble::revoked});
  EXPECT_EQ(view[3].school_code, "AAA004");
  EXPECT_EQ(kinds(view[3]), std::vector{Trouble::quiet});
  EXPECT_EQ(trouble_text(view[3].troubles[0]), "no sync for 6 days");
  EXPECT_EQ(view[4].school_code, "AAA001");
  EXPECT_FALSE(view[4].in_trouble());
  EXPECT_EQ(view[4].version, "1.2");
  EXPECT_EQ(view[4].pending_up.value_or(-1), 4);
  EXPECT_EQ(view[4].data_bytes.value_or(-1), 1048576);
  EXPECT_FALSE(view[1].disk_free_bytes.has_value()) << "never told: unknown, not zero";
}

TEST(SyncHealthModel, ABoxReadsItsHubRecordAndTheHealthItWouldSend) {
  EXPECT_FALSE(box_health_view(std::nullopt, "", 0).paired);
  Peer hub;
  hub.node_id = "hub-node";
  hub.role = PeerRole::hub;
  hub.school_code = "DKR001";
  hub.hub_url = "http://hub.example";
  hub.revoked_at = "2026-12-06T10:00:00Z";
  hub.revoked_reason = "box stolen";
  const auto view =
      box_health_view(hub,
                      R"({"version": "1.2", "last_sync_at": "2026-12-05T08:00:00.000Z",
          "last_error": "2026-12-06T09:00:00.000Z connection refused", "pending_up": 10000,
          "disk_free_bytes": 123})",
                      7);
  EXPECT_TRUE(view.paired);
  EXPECT_EQ(view.school_code, "DKR001");
  EXPECT_EQ(view.last_sync_at, "2026-12-05T08:00:00.000Z");
  EXPECT_EQ(view.last_error_at, "2026-12-06T09:00:00.000Z");
  EXPECT_EQ(view.last_error, "connection refused");
  EXPECT_EQ(view.revoked_reason, "box stolen");
  EXPECT_TRUE(view.pending_up_at_least);
  EXPECT_EQ(view.media_to_fetch, 7);
  EXPECT_EQ(view.disk_free_bytes.value_or(-1), 123);
  EXPECT_FALSE(view.data_bytes.has_value());
}

TEST(SyncHealthModel, TimestampsAreReadAsUtcAndNonsenseIsNot) {
  EXPECT_EQ(seconds_of("1970-01-02T00:00:00Z").value_or(-1), 86400);
  EXPECT_EQ(seconds_of("2026-12-06T12:00:00.123Z").value_or(-1),
            seconds_of("2026-12-06T12:00:00Z").value_or(-2));
  EXPECT_FALSE(seconds_of("").has_value());
  EXPECT_FALSE(seconds_of("yesterday at noon, more or less").has_value());
}

}  // namespace
}  // namespace imaginecole::sync
