// SPDX-License-Identifier: AGPL-3.0-or-later
// Pairing end to end: the real hub serving on loopback, a school server's data folder, the
// real binary's commands on both sides (`hub pair-code|revoke`, `sync pair|status|export|
// import`); codes used twice, expired or wrong; a revoked school server refused and told.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>

#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sync_peers.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class Pairing : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto hub_init = run_imaginecole({"init", "--demo", "--data", hub_dir_.path().string()});
    ASSERT_EQ(hub_init.exit_code, 0) << hub_init.err;
    const auto school_init = run_imaginecole({"init", "--data", school_dir_.path().string()});
    ASSERT_EQ(school_init.exit_code, 0) << school_init.err;
    hub_ =
        std::make_unique<ServerProcess>(ServerProcess::start({"--data", hub_dir_.path().string()}));
    hub_url_ = "http://127.0.0.1:" + std::to_string(hub_->port());
  }

  CommandResult on_hub(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", hub_dir_.path().string()});
    return run_imaginecole(args);
  }

  CommandResult on_school(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", school_dir_.path().string()});
    return run_imaginecole(args);
  }

  std::string new_code() {
    const auto made = on_hub({"hub", "pair-code", "--school", "DKR001"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return pairing_code_in(made.out);
  }

  CommandResult pair(const std::string& code) {
    return on_school({"sync", "pair", "--hub", hub_url_, "--code", code});
  }

  json::object status_of(const CommandResult& result) {
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out).as_object();
  }

  TempDir hub_dir_;
  TempDir school_dir_;
  TempDir key_;
  std::unique_ptr<ServerProcess> hub_;
  std::string hub_url_;
};

TEST_F(Pairing, ASchoolServerPairsWithItsCodeAndBothSidesKeepTheOthersKeys) {
  const auto made = on_hub({"hub", "pair-code", "--school", "DKR001"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string code = pairing_code_in(made.out);
  EXPECT_EQ(code.size(), 11U) << made.out;  // XXXXX-XXXXX
  const auto paired = pair(code);
  ASSERT_EQ(paired.exit_code, 0) << paired.err;
  EXPECT_NE(paired.out.find("as the server of school DKR001"), std::string::npos);

  const auto hub = status_of(on_hub({"sync", "status", "--json"}));
  const auto school = status_of(on_school({"sync", "status", "--json"}));
  // The fingerprint the hub's admin read out is the one the school server received.
  EXPECT_NE(made.out.find(std::string(hub.at("fingerprint").as_string())), std::string::npos);
  EXPECT_NE(paired.out.find(std::string(hub.at("fingerprint").as_string())), std::string::npos);
  ASSERT_EQ(hub.at("peers").as_array().size(), 1U);
  const auto& box_seen = hub.at("peers").as_array()[0].as_object();
  EXPECT_EQ(box_seen.at("role"), "school");
  EXPECT_EQ(box_seen.at("school"), "DKR001");
  // The hub records the box's records-layer identity and epoch, and its key.
  EXPECT_EQ(box_seen.at("node"), school.at("node"));
  EXPECT_EQ(box_seen.at("epoch"), school.at("epoch"));
  EXPECT_EQ(box_seen.at("fingerprint"), school.at("fingerprint"));
  ASSERT_EQ(school.at("peers").as_array().size(), 1U);
  const auto& hub_seen = school.at("peers").as_array()[0].as_object();
  EXPECT_EQ(hub_seen.at("role"), "hub");
  EXPECT_EQ(hub_seen.at("node"), hub.at("node"));
  EXPECT_EQ(hub_seen.at("fingerprint"), hub.at("fingerprint"));
  // The school's keys file is the school's alone.
  const auto rights = std::filesystem::status(school_dir_.path() / "sync-key").permissions();
  EXPECT_EQ(rights & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // The code served once.
  const auto again = pair(code);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already used"), std::string::npos) << again.err;
}

TEST_F(Pairing, AWrongCodeIsRefusedAndWrongCodesAreThrottled) {
  const auto wrong = pair("AAAAA-AAAAA");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("pairing code is wrong"), std::string::npos) << wrong.err;
  const auto school = status_of(on_school({"sync", "status", "--json"}));
  EXPECT_TRUE(school.at("peers").as_array().empty());
  const std::string body =
      R"({"code": "ZZZZZ-ZZZZZ", "node_id": "n", "epoch": "e", "sign_public_key": ")" +
      std::string(64, 'a') + R"(", "box_public_key": ")" + std::string(64, 'b') + R"("})";
  HttpResponse last;
  for (int i = 0; i < 10; ++i) {
    last = http_request(hub_->port(), "POST", "/api/v1/sync/pair",
                        {{"Content-Type", "application/json"}}, body);
  }
  EXPECT_EQ(last.status, 429) << last.body;
  EXPECT_TRUE(last.header("retry-after").has_value());
  // Even the right code waits now, from that address.
  const auto throttled = pair(new_code());
  EXPECT_EQ(throttled.exit_code, 2);
  EXPECT_NE(throttled.err.find("Too many wrong pairing codes"), std::string::npos) << throttled.err;
}

TEST_F(Pairing, AnExpiredCodeIsRefused) {
  const std::string code = new_code();
  {
    storage::DatabaseConfig config;
    config.data_dir = hub_dir_.path();
    const auto database = storage::open_database(config);
    auto connection = database->write();
    connection->execute("UPDATE sync_pairing_codes SET expires_at = '2020-01-01T00:00:00.000Z'");
  }
  const auto expired = pair(code);
  EXPECT_EQ(expired.exit_code, 2);
  EXPECT_NE(expired.err.find("expired"), std::string::npos) << expired.err;
}

TEST_F(Pairing, ARevokedSchoolServerIsRefusedEverywhereAndShowsIt) {
  ASSERT_EQ(pair(new_code()).exit_code, 0);
  const auto up = on_school({"sync", "export", "--to", (key_.path() / "up.imgcsync").string()});
  ASSERT_EQ(up.exit_code, 0) << up.err;

  const auto revoked = on_hub({"hub", "revoke", "--school", "DKR001", "--reason", "volé"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  // Its bundles are refused.
  const auto refused = on_hub({"sync", "import", (key_.path() / "up.imgcsync").string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("bundle refused (revoked)"), std::string::npos) << refused.err;
  // A fresh code does not bring it back; the box learns it was revoked and shows it.
  const auto again = pair(new_code());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("was revoked by the hub"), std::string::npos) << again.err;
  const auto shown = on_school({"sync", "status"});
  EXPECT_NE(shown.out.find("REVOKED by the hub"), std::string::npos) << shown.out;
  const auto school = status_of(on_school({"sync", "status", "--json"}));
  EXPECT_TRUE(school.at("peers").as_array()[0].as_object().at("revoked").as_bool());
  // And it no longer writes bundles.
  const auto blocked =
      on_school({"sync", "export", "--to", (key_.path() / "later.imgcsync").string()});
  EXPECT_EQ(blocked.exit_code, 2);
  EXPECT_NE(blocked.err.find("revoked by its hub"), std::string::npos) << blocked.err;
}

TEST_F(Pairing, TheHubsSplitBundleNeedsEveryPart) {
  ASSERT_EQ(pair(new_code()).exit_code, 0);
  const auto down =
      on_hub({"sync", "export", "--all-schools", key_.path().string(), "--max-size", "4K"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  std::vector<std::string> parts;
  for (const auto& entry : std::filesystem::directory_iterator(key_.path())) {
    parts.push_back(entry.path().string());
  }
  ASSERT_GE(parts.size(), 2U) << down.out;
  for (const auto& part : parts) {
    EXPECT_NE(part.find("DKR001.imgcsync.part"), std::string::npos) << part;
    EXPECT_LE(std::filesystem::file_size(part), 4096U);
  }
  std::sort(parts.begin(), parts.end());
  std::vector<std::string> args = {"sync", "import"};
  args.insert(args.end(), parts.begin() + 1, parts.end());
  const auto missing = on_school(args);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("(missing_part)"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("nothing was imported"), std::string::npos) << missing.err;
  // A part altered on the key is refused by name.
  {
    std::fstream file(parts[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-70, std::ios::end);
    file.put('#');
  }
  args = {"sync", "import"};
  args.insert(args.end(), parts.begin(), parts.end());
  const auto altered = on_school(args);
  EXPECT_EQ(altered.exit_code, 2);
  EXPECT_NE(altered.err.find("(tampered)"), std::string::npos) << altered.err;
}

}  // namespace
}  // namespace imaginecole::testing
