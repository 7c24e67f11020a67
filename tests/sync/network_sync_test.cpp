// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole sync --hub URL` end to end with the real binary (decision 0041): a hub serving
// on loopback, a paired school server's data folder, and a forwarding proxy the test starts
// (tests/support/forwarding_proxy.hpp) that can cut the link or make it a 2G one.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/forwarding_proxy.hpp"
#include "support/http_client.hpp"
#include "support/paired_hub.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

class NetworkSync : public ::testing::Test {
 protected:
  void SetUp() override { pair_ = std::make_unique<PairedHubAndBox>(storage::Backend::sqlite); }

  CommandResult on_hub(std::vector<std::string> args) { return pair_->on_hub(std::move(args)); }

  CommandResult on_box(std::vector<std::string> args,
                       const std::map<std::string, std::string>& env = {}) {
    return pair_->on_box(std::move(args), env);
  }

  // `sync` with the hub's URL saved at pairing, and `extra` options.
  CommandResult sync(std::vector<std::string> extra = {},
                     const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {"sync"};
    args.insert(args.end(), extra.begin(), extra.end());
    return on_box(args, env);
  }

  static std::int64_t count(const std::filesystem::path& data, const std::string& sql,
                            std::initializer_list<storage::Value> values = {}) {
    const auto database = storage::open_database({.data_dir = data});
    auto connection = database->read();
    return connection->query_one(sql, values)->integer(0);
  }

  // A pupil's grant names a class: the demo's class of DKR001 on the hub.
  std::string dkr001_class() const {
    const auto database = storage::open_database({.data_dir = pair_->hub_dir()});
    auto connection = database->read();
    return connection
        ->query_one(
            "SELECT c.id FROM classes c JOIN schools s ON s.id = c.school_id WHERE s.code = "
            "'DKR001'")
        ->text(0);
  }

  static void write(const std::filesystem::path& data, const std::string& sql,
                    std::initializer_list<storage::Value> values = {}) {
    const auto database = storage::open_database({.data_dir = data});
    auto connection = database->write();
    connection->execute(sql, values);
  }

  std::int64_t pupils_of_dkr001(const std::filesystem::path& data) {
    return count(data,
                 "SELECT COUNT(*) FROM users u JOIN schools s ON s.id = u.school_id "
                 "WHERE s.code = 'DKR001' AND u.kind = 'pupil'");
  }

  // `how_many` answers of pupil awa on the box, through its own API; their client ids.
  std::vector<std::string> answers_on_box(int how_many) {
    auto box = ServerProcess::start({"--data", pair_->box_dir().string()});
    const auto awa = sign_in(box.port(), {"awa", "soleil", "DKR001"});
    std::string set;
    std::string question;
    {
      const auto database = storage::open_database({.data_dir = pair_->box_dir()});
      auto connection = database->read();
      const auto row = connection->query_one(
          "SELECT q.resource_id, q.question_id FROM exercise_set_questions q JOIN questions x "
          "ON x.id = q.question_id WHERE x.type = 'single_choice' ORDER BY q.resource_id LIMIT 1");
      EXPECT_TRUE(row.has_value()) << "the box has exercise sets after the sync";
      if (!row) {
        return {};
      }
      set = row->text(0);
      question = row->text(1);
    }
    std::vector<std::string> ids;
    for (int i = 0; i < how_many; ++i) {
      ids.push_back(core::new_id());
      const auto posted = http_request(box.port(), "POST", "/api/v1/attempts", with_json(awa),
                                       R"({"client_id": ")" + ids.back() + R"(", "resource": ")" +
                                           set + R"(", "question": ")" + question +
                                           R"(", "response": {"choice": 0}, "duration_ms": 3000})");
      EXPECT_TRUE(posted.status == 200 || posted.status == 201) << posted.body;
    }
    return ids;
  }

  std::int64_t attempts_with(const std::filesystem::path& data,
                             const std::vector<std::string>& ids) {
    std::int64_t total = 0;
    for (const auto& id : ids) {
      total += count(data, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {id});
    }
    return total;
  }

  std::unique_ptr<PairedHubAndBox> pair_;
};

TEST_F(NetworkSync, BothWaysThroughAProxyOnceAndASecondRunChangesNothing) {
  ForwardingProxy proxy;
  // A pupil created on the hub after the pairing.
  const auto added = on_hub({"user", "add", "--username", "zeinab", "--password", "lune1", "--role",
                             "pupil", "--scope", "class:" + dkr001_class()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // Through the proxy named by http_proxy, as a box behind a school's proxy would.
  const auto first = sync({"--hub", pair_->hub_url()}, {{"http_proxy", proxy.url()}});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_GT(proxy.requests(), 0) << "the sync went through the proxy";
  EXPECT_EQ(pupils_of_dkr001(pair_->box_dir()), pupils_of_dkr001(pair_->hub_dir()));
  // Staff with rights beyond the school never reach the box.
  EXPECT_EQ(count(pair_->box_dir(), "SELECT COUNT(*) FROM users WHERE username = 'sn.admin'"), 0);
  {
    auto box = ServerProcess::start({"--data", pair_->box_dir().string()});
    EXPECT_NO_THROW(sign_in(box.port(), {"zeinab", "lune1", "DKR001"}));
  }

  const auto ids = answers_on_box(3);
  const int through_proxy = proxy.requests();
  const auto second = sync({"--proxy", proxy.url()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_GT(proxy.requests(), through_proxy);
  EXPECT_EQ(attempts_with(pair_->hub_dir(), ids), 3);

  const auto third = sync();
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(third.out.find("0 rows sent, 0 received in 1 batches"), std::string::npos) << third.out;
  EXPECT_EQ(attempts_with(pair_->hub_dir(), ids), 3);
  EXPECT_EQ(attempts_with(pair_->box_dir(), ids), 3);

  // The hub keeps the box's health and shows it to its admin.
  const auto status = on_hub({"hub", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("DKR001"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("free disk"), std::string::npos) << status.out;
}

TEST_F(NetworkSync, AUserDisabledOrGivenRightsBeyondTheSchoolOnTheHubLeavesTheBox) {
  ASSERT_EQ(sync().exit_code, 0);
  const std::string teacher = "SELECT id FROM users WHERE username = 'sn.teacher'";
  ASSERT_EQ(count(pair_->box_dir(), "SELECT COUNT(*) FROM users WHERE username = 'sn.teacher'"), 1);
  ASSERT_EQ(
      count(pair_->box_dir(),
            "SELECT COUNT(*) FROM user_status WHERE disabled <> 0 AND user_id = (" + teacher + ")"),
      0);
  {
    auto box = ServerProcess::start({"--data", pair_->box_dir().string()});
    EXPECT_NO_THROW(sign_in(box.port(), {"sn.teacher"}));
  }
  // On the hub: moussa is disabled, the teacher becomes an editor of the country.
  write(pair_->hub_dir(),
        "UPDATE user_status SET disabled = 1 WHERE user_id = (SELECT u.id FROM users u WHERE "
        "u.username = 'moussa')");
  write(pair_->hub_dir(),
        "INSERT INTO role_grants (id, user_id, role, scope_kind, scope_id, created_at, "
        "updated_at, origin_node) SELECT ?, u.id, 'editor', 'country', 'SN', '2026-01-01', "
        "'2026-01-01', '' FROM users u WHERE u.username = 'sn.teacher'",
        {core::new_id()});
  const auto synced = sync();
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_EQ(count(pair_->box_dir(),
                  "SELECT COUNT(*) FROM user_status s JOIN users u ON u.id = s.user_id WHERE "
                  "u.username = 'moussa' AND s.disabled <> 0"),
            1);
  EXPECT_EQ(
      count(pair_->box_dir(),
            "SELECT COUNT(*) FROM user_status WHERE disabled <> 0 AND user_id = (" + teacher + ")"),
      1);
  EXPECT_EQ(
      count(pair_->box_dir(), "SELECT COUNT(*) FROM sessions WHERE user_id = (" + teacher + ")"),
      0);
  {
    auto box = ServerProcess::start({"--data", pair_->box_dir().string()});
    EXPECT_THROW(sign_in(box.port(), {"sn.teacher"}), std::runtime_error);
  }
  // The withdrawal stays on the box: the hub's teacher is not disabled by it.
  const auto again = sync();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(
      count(pair_->hub_dir(),
            "SELECT COUNT(*) FROM user_status WHERE disabled <> 0 AND user_id = (" + teacher + ")"),
      0);
}

TEST_F(NetworkSync, ARunCutByTheLinkResumesAndEverythingArrivesOnce) {
  ASSERT_EQ(sync().exit_code, 0);
  const auto ids = answers_on_box(40);
  // Cut the link a little further each time, in small batches, until a run gets through.
  ForwardingProxy proxy;
  int cut_runs = 0;
  for (std::uint64_t budget = 6000; cut_runs < 40; budget += 3000) {
    proxy.cut_after(budget);
    const auto run = sync({"--proxy", proxy.url(), "--batch-rows", "5"});
    if (run.exit_code == 0) {
      break;
    }
    ASSERT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find("resumes"), std::string::npos) << run.err;
    ++cut_runs;
  }
  EXPECT_GT(cut_runs, 0) << "the link was cut at least once";
  EXPECT_GT(proxy.cuts(), 0);
  proxy.cut_after(0);
  ASSERT_EQ(sync({"--proxy", proxy.url()}).exit_code, 0);
  EXPECT_EQ(attempts_with(pair_->hub_dir(), ids), 40);
  EXPECT_EQ(attempts_with(pair_->box_dir(), ids), 40);
  std::printf("[ cut runs ] %d runs cut before one got through\n", cut_runs);
}

TEST_F(NetworkSync, ARevokedBoxIsRefusedOverTheNetworkAndToldSo) {
  ASSERT_EQ(sync().exit_code, 0);
  ASSERT_EQ(on_hub({"hub", "revoke", "--school", "DKR001", "--reason", "box stolen"}).exit_code, 0);
  const auto refused = sync();
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("revoked"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("box stolen"), std::string::npos) << refused.err;
  const auto status = on_box({"sync", "status"});
  EXPECT_NE(status.out.find("REVOKED"), std::string::npos) << status.out;
  // Known on the box now: it does not even call.
  const auto again = sync();
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("revoked"), std::string::npos) << again.err;
}

TEST_F(NetworkSync, AServerSyncsOnItsScheduleAndTwoRunsNeverOverlap) {
  // While another run holds the lock, a run does nothing.
  {
    const auto lock_path = pair_->box_dir() / "sync.lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto busy = sync();
    ::close(fd);
    EXPECT_EQ(busy.exit_code, 4) << busy.err;
    EXPECT_NE(busy.err.find("another sync"), std::string::npos) << busy.err;
    EXPECT_EQ(count(pair_->box_dir(), "SELECT COUNT(*) FROM users WHERE username = 'awa'"), 0);
  }
  EXPECT_NE(run_imaginecole({"serve", "--sync-every", "often", "--data", pair_->box_dir().string(),
                             "--listen", "127.0.0.1:0"})
                .err.find("--sync-every"),
            std::string::npos);
  auto box = ServerProcess::start({"--data", pair_->box_dir().string(), "--sync-every", "1s"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count(pair_->box_dir(), "SELECT COUNT(*) FROM users WHERE username = 'awa'") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(count(pair_->box_dir(), "SELECT COUNT(*) FROM users WHERE username = 'awa'"), 1)
      << box.stderr_text();
}

TEST_F(NetworkSync, ADailySyncOverA2GLinkFinishes) {
  ASSERT_EQ(sync().exit_code, 0);
  // A day of a small school: a few dozen answers up, a few accounts changed down.
  const auto ids = answers_on_box(30);
  for (const char* name : {"amina", "omar", "mariama"}) {
    ASSERT_EQ(on_hub({"user", "add", "--username", name, "--password", "lune1", "--role", "pupil",
                      "--scope", "class:" + dkr001_class()})
                  .exit_code,
              0);
  }
  // 250 kbit/s, 300 ms added to every chunk each way.
  ForwardingProxy two_g(LinkShape{.bytes_per_second = 250000 / 8, .delay_ms_per_chunk = 300});
  const auto started = std::chrono::steady_clock::now();
  const auto run = sync({"--proxy", two_g.url()});
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(attempts_with(pair_->hub_dir(), ids), 30);
  EXPECT_EQ(pupils_of_dkr001(pair_->box_dir()), pupils_of_dkr001(pair_->hub_dir()));
  std::printf("[ 2G link ] daily sync: %.1f s, %llu bytes through the link; %s", took.count(),
              static_cast<unsigned long long>(two_g.bytes()), run.out.c_str());
}

}  // namespace
}  // namespace imaginecole::testing
