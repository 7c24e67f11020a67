// SPDX-License-Identifier: AGPL-3.0-or-later
// The hidden operator commands `sync collect` and `sync apply` of the real binary: a hub's
// payload for a school, applied on an empty box, lets the school's pupils sign in there; a
// damaged file is refused with its reason and changes nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

std::string node_of(const TempDir& data) {
  const auto shown = run_imaginecole({"node", "show", "--data", data.path().string()});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  const auto start = shown.out.find("node ") + 5;
  return shown.out.substr(start, shown.out.find('\n', start) - start);
}

TEST(SyncEngineCommands, CollectOnTheHubAndApplyOnTheBoxLetPupilsSignInOnTheBox) {
  TempDir hub;
  TempDir box;
  TempDir files;
  ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", hub.path().string()}).exit_code, 0);
  ASSERT_EQ(run_imaginecole({"init", "--data", box.path().string()}).exit_code, 0);
  const std::string hub_node = node_of(hub);
  const std::string box_node = node_of(box);
  const std::string payload = (files.path() / "down.sync").string();

  const auto collected = run_imaginecole({"sync", "collect", "--peer", box_node, "--peer-role",
                                          "school", "--country", "SN", "--school", "DKR001",
                                          "--out", payload, "--data", hub.path().string()});
  ASSERT_EQ(collected.exit_code, 0) << collected.err;

  // A damaged copy first: refused, with the reason, and the box stays empty.
  std::string bytes;
  {
    std::ifstream in(payload, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string damaged = (files.path() / "damaged.sync").string();
  std::ofstream(damaged, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const std::vector<std::string> apply_args = {
      "--peer", hub_node,   "--peer-role", "hub",    "--country",
      "SN",     "--school", "DKR001",      "--data", box.path().string()};
  auto args = std::vector<std::string>{"sync", "apply", damaged};
  args.insert(args.end(), apply_args.begin(), apply_args.end());
  const auto refused = run_imaginecole(args);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("truncated"), std::string::npos) << refused.err;
  {
    const auto database = storage::open_database({.data_dir = box.path()});
    auto connection = database->read();
    EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM users")->integer(0), 0);
  }

  args = {"sync", "apply", payload};
  args.insert(args.end(), apply_args.begin(), apply_args.end());
  const auto applied = run_imaginecole(args);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("Next cursor: "), std::string::npos) << applied.out;
  // Twice: nothing more.
  const auto again = run_imaginecole(args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 inserted, 0 updated, 0 deleted"), std::string::npos) << again.out;

  auto server = ServerProcess::start({"--data", box.path().string()});
  const auto pupil = sign_in(server.port(), {"fatou", "soleil", "DKR001"});
  EXPECT_EQ(http_get(server.port(), "/api/v1/me", pupil).status, 200);
  EXPECT_THROW(sign_in(server.port(), {"sn.admin"}), std::runtime_error)
      << "a country admin never reaches a box";
}

}  // namespace
}  // namespace imaginecole::testing
