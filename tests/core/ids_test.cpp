// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/hash.hpp"
#include "core/ids.hpp"

namespace imaginecole::core {
namespace {

TEST(Ids, AreCanonicalVersion7Uuids) {
  const std::string id = new_id();
  EXPECT_TRUE(is_valid_id(id)) << id;
  EXPECT_EQ(id[14], '7') << "version nibble";
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << "RFC 9562 variant";
}

TEST(Ids, IncreaseInCreationOrderEvenWithinOneMillisecond) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(new_id());
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    ASSERT_LT(ids[i - 1], ids[i]) << "at " << i;
  }
}

TEST(Ids, AreUniqueAcrossThreads) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& bucket : per_thread) {
    threads.emplace_back([&bucket] {
      for (int i = 0; i < 2000; ++i) {
        bucket.push_back(new_id());
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::set<std::string> all;
  for (const auto& bucket : per_thread) {
    all.insert(bucket.begin(), bucket.end());
  }
  EXPECT_EQ(all.size(), 8000U);
}

TEST(Ids, NameBasedIdsAreVersion8AndDependOnlyOnTheKey) {
  const std::string id = name_based_id("country:SN");
  EXPECT_TRUE(is_valid_id(id)) << id;
  EXPECT_EQ(id[14], '8') << "version nibble";
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << "RFC 9562 variant";
  EXPECT_EQ(name_based_id("country:SN"), id);
  EXPECT_NE(name_based_id("country:CI"), id);
  EXPECT_NE(name_based_id("country:sn"), id);
}

TEST(Ids, NameBasedIdsNeverChangeBetweenReleases) {
  // Checked against an independent SHA-256 of the namespace bytes and the key. Servers already
  // seeded hold these ids. A change of namespace or hash would split every
  // country, subject and curriculum node in two at the next sync.
  EXPECT_EQ(name_based_id("country:SN"), "219ed5c3-2059-8467-adb1-547f90da36f8");
}

TEST(Ids, ValidationRejectsMalformedText) {
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("not-an-id"));
  EXPECT_FALSE(is_valid_id("0190f3c2-0000-7000-8000-00000000000g"));
  EXPECT_FALSE(is_valid_id("0190f3c2x0000-7000-8000-000000000000"));
  EXPECT_TRUE(is_valid_id("0190F3C2-0000-7000-8000-000000000000"));
}

TEST(Clock, FormatsSortableUtcTimestamps) {
  const auto epoch_plus =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1764477362123));
  EXPECT_EQ(format_timestamp(epoch_plus), "2025-11-30T04:36:02.123Z");
  EXPECT_EQ(http_date(epoch_plus), "Sun, 30 Nov 2025 04:36:02 GMT");
}

TEST(Clock, ConsecutiveTimestampsOfOneThreadEachGetTheirOwnSecond) {
  // The thread keeps the text of its last second: a new second, an earlier one, or the same
  // second again must each read right.
  using std::chrono::milliseconds;
  const auto at = [](std::int64_t ms) {
    return format_timestamp(std::chrono::system_clock::time_point(milliseconds(ms)));
  };
  EXPECT_EQ(at(1764477362123), "2025-11-30T04:36:02.123Z");
  EXPECT_EQ(at(1764477362999), "2025-11-30T04:36:02.999Z");
  EXPECT_EQ(at(1764477363000), "2025-11-30T04:36:03.000Z");
  EXPECT_EQ(at(1764477302007), "2025-11-30T04:35:02.007Z");
  EXPECT_EQ(at(1764477363045), "2025-11-30T04:36:03.045Z");
  EXPECT_EQ(at(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(at(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(at(1798761599999), "2026-12-31T23:59:59.999Z");
  EXPECT_EQ(at(1798761600000), "2027-01-01T00:00:00.000Z");
  EXPECT_EQ(at(1764477362500), "2025-11-30T04:36:02.500Z");  // long since replaced
}

TEST(Hash, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 incremental;
  incremental.update("a");
  incremental.update("bc");
  EXPECT_EQ(incremental.final_hex(), sha256_hex("abc"));
}

}  // namespace
}  // namespace imaginecole::core
