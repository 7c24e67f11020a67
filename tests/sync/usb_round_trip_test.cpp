// SPDX-License-Identifier: AGPL-3.0-or-later
// A school with no internet, end to end with the real binary: the box pairs with its hub,
// the hub writes the school's bundle to a USB key, the box imports it and its pupils sign in
// offline; a pupil's answer on the box goes back up on the key and reaches the hub once; the
// hub's next bundle starts where the box said it had read.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/sync_peers.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

class UsbRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", hub_dir_.path().string()}).exit_code, 0);
    ASSERT_EQ(run_imaginecole({"init", "--data", box_dir_.path().string()}).exit_code, 0);
    auto hub = ServerProcess::start({"--data", hub_dir_.path().string()});
    ASSERT_TRUE(pair_school({"--data", hub_dir_.path().string()},
                            "http://127.0.0.1:" + std::to_string(hub.port()),
                            {"--data", box_dir_.path().string()}, "DKR001"));
  }

  CommandResult on_hub(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", hub_dir_.path().string()});
    return run_imaginecole(args);
  }

  CommandResult on_box(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", box_dir_.path().string()});
    return run_imaginecole(args);
  }

  static std::int64_t count(const std::filesystem::path& data, const std::string& sql,
                            std::initializer_list<storage::Value> values = {}) {
    return count_rows(data, sql, values);
  }

  // A pupil's answer to a single-choice question, through the box's own API.
  std::string answer_on_box(std::uint16_t port) {
    const auto awa = sign_in(port, {"awa", "soleil", "DKR001"});
    const auto database = storage::open_database({.data_dir = box_dir_.path()});
    std::string set;
    {
      auto connection = database->read();
      const auto row = connection->query_one(
          "SELECT id FROM resources WHERE kind = 'exercise_set' AND status = 'published' AND "
          "origin_country = 'SN' ORDER BY id LIMIT 1");
      EXPECT_TRUE(row.has_value()) << "the box has SN's exercise sets after the import";
      set = row ? row->text(0) : "";
    }
    return answer_exercise(port, awa, set, single_choice_question(port, awa, set));
  }

  TempDir hub_dir_;
  TempDir box_dir_;
  TempDir key_;
};

TEST_F(UsbRoundTrip, TheBoxServesItsPupilsFromTheKeyAndTheirAnswersGoBackUpOnce) {
  const auto down_file = (key_.path() / "down.imgcsync").string();
  const auto down = on_hub({"sync", "export", "--school", "DKR001", "--to", down_file});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  ASSERT_EQ(count(box_dir_.path(), "SELECT COUNT(*) FROM users"), 0);
  const auto imported = on_box({"sync", "import", down_file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_GT(count(box_dir_.path(), "SELECT COUNT(*) FROM users WHERE kind = 'pupil'"), 0);
  // Staff with rights beyond the school never reach the box.
  EXPECT_EQ(count(box_dir_.path(), "SELECT COUNT(*) FROM users WHERE username = 'sn.admin'"), 0);

  std::string client_id;
  {
    auto box = ServerProcess::start({"--data", box_dir_.path().string()});
    client_id = answer_on_box(box.port());
  }
  ASSERT_EQ(
      count(box_dir_.path(), "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);

  const auto up_file = (key_.path() / "up.imgcsync").string();
  const auto up = on_box({"sync", "export", "--to", up_file});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const auto taken = on_hub({"sync", "import", up_file});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_EQ(
      count(hub_dir_.path(), "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);
  // The same key read twice: refused as a replay, still one attempt.
  const auto replayed = on_hub({"sync", "import", up_file});
  EXPECT_EQ(replayed.exit_code, 2);
  EXPECT_NE(replayed.err.find("(replayed)"), std::string::npos) << replayed.err;
  EXPECT_EQ(
      count(hub_dir_.path(), "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);

  // The box's bundle said how far it had read the hub: the next bundle down starts there, so
  // it is far smaller than the first, and the answer does not come back down.
  const auto next_file = (key_.path() / "next.imgcsync").string();
  const auto next = on_hub({"sync", "export", "--school", "DKR001", "--to", next_file});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_LT(std::filesystem::file_size(next_file) * 4, std::filesystem::file_size(down_file));
  const auto again = on_box({"sync", "import", next_file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(
      count(box_dir_.path(), "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);
}

}  // namespace
}  // namespace imaginecole::testing
