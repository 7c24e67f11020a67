// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo, seeded by the real binary, keeps the synced-record layer's promise on both backends,
// and `imaginecole changes` reads it page by page, by school, and refuses a broken cursor.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "support/backends.hpp"
#include "support/change_log_audit.hpp"
#include "support/demo_database.hpp"
#include "support/server_process.hpp"

namespace imaginecole::storage {
namespace {

using testing::BackendTest;
using testing::DemoBackendTest;
using testing::location_of;
using testing::run_imaginecole;

class ChangeFeedCommand : public testing::DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = testing::location_of(test_db());
    testing::wait_until_feed_is_final(db());
  }

  testing::CommandResult run(std::vector<std::string> args) {
    args.insert(args.end(), location_.begin(), location_.end());
    return run_imaginecole(args);
  }

  boost::json::object changes(std::vector<std::string> args) {
    args.insert(args.begin(), {"changes", "--json"});
    const auto result = run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return boost::json::parse(result.out).as_object();
  }

  std::vector<std::string> location_;
};

TEST_P(ChangeFeedCommand, EveryDemoRowHasItsStampAndALineWithItsScope) {
  auto connection = db().read();
  const auto problems = testing::audit_change_log(*connection);
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.front();
}

TEST_P(ChangeFeedCommand, PagesFollowEachOtherWithoutOverlap) {
  const auto first = changes({"--limit", "7"});
  ASSERT_EQ(first.at("changes").as_array().size(), 7U);
  const std::string next(first.at("next").as_string());
  const auto second = changes({"--limit", "7", "--since", next});
  ASSERT_EQ(second.at("changes").as_array().size(), 7U);
  std::set<std::string> cursors;
  for (const auto* page : {&first, &second}) {
    for (const auto& line : page->at("changes").as_array()) {
      const auto& change = line.as_object();
      EXPECT_TRUE(cursors.insert(std::string(change.at("cursor").as_string())).second);
      for (const char* field : {"entity", "id", "op", "country", "school"}) {
        EXPECT_TRUE(change.contains(field)) << field;
      }
    }
  }
}

TEST_P(ChangeFeedCommand, OneSchoolsLinesAreItsOwn) {
  const auto page = changes({"--school", "DKR001", "--limit", "1000"});
  const auto& lines = page.at("changes").as_array();
  ASSERT_FALSE(lines.empty());
  std::set<std::string> entities;
  for (const auto& line : lines) {
    EXPECT_EQ(line.at("school").as_string(), "DKR001");
    EXPECT_EQ(line.at("country").as_string(), "SN");
    entities.insert(std::string(line.at("entity").as_string()));
  }
  for (const char* entity : {"schools", "classes", "users", "picture_cards"}) {
    EXPECT_EQ(entities.count(entity), 1U) << entity;
  }
  const auto nothing = changes({"--school", "NOPE999"});
  EXPECT_TRUE(nothing.at("changes").as_array().empty());
}

TEST_P(ChangeFeedCommand, ABrokenOrForeignCursorIsAClearError) {
  for (const char* cursor : {"garbage", "abc.1", "0123456789ab.x.1", "zz.1.1"}) {
    const auto result = run({"changes", "--json", "--since", cursor});
    EXPECT_EQ(result.exit_code, 2) << cursor;
    EXPECT_NE(result.err.find("is not a cursor"), std::string::npos) << result.err;
  }
  const auto foreign = run({"changes", "--since", "0123456789ab.0.1"});
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_NE(foreign.err.find("read again from the start"), std::string::npos) << foreign.err;
  const auto node = run({"node", "show"});
  ASSERT_EQ(node.exit_code, 0) << node.err;
  EXPECT_NE(node.out.find("epoch "), std::string::npos);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ChangeFeedCommand);

}  // namespace
}  // namespace imaginecole::storage
