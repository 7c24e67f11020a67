// SPDX-License-Identifier: AGPL-3.0-or-later
// Network sync under SIGKILL (issue 15, item 7): a hub (SQLite, or PostgreSQL) and a paired
// SQLite school server (box) exchange thousands of learning records in small batches while
// either side is killed at a random moment (the box's sync 50 times, the hub 50 times); the
// school keeps working between kills (answers keep arriving on both sides). After one last complete
// sync:
//  - every run ended by a kill or with a failure that says it resumes (exit 1), never with a
//    refusal (a replay, a tampered batch) nor "another sync is running" (a lock left behind);
//  - both sides hold exactly the same rows, by key and stamp, for every synced table: each row
//    of the box is on the hub, and each of the school's learning records and accounts on the
//    hub is on the box;
//  - each answer made on either side is recorded once on both, none missing, none extra;
//  - SQLite's integrity_check is ok and the change-log audit passes on both;
//  - a further sync moves nothing (no row ping-pongs after the interruptions).
// IMAGINECOLE_CRASH_SEED=N repeats a run's choices (kill delays, which side answers); the
// moments the kills land still depend on the machine's speed.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"
#include "support/change_log_audit.hpp"
#include "support/crash_seed.hpp"
#include "support/http_client.hpp"
#include "support/hub_and_box_on_backend.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "sync/sync_scope.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr int kBoxKills = 50;            // the box's sync killed, in one case
constexpr int kHubKills = 50;            // the hub killed, in one case
constexpr int kBoxAnswersBefore = 600;   // answers waiting on the box when the kills start
constexpr int kHubPupilsBefore = 100;    // accounts waiting on the hub
constexpr int kHubAnswersBefore = 300;   // answers of the school made on the hub
constexpr int kBoxAnswersPerRound = 12;  // the school keeps working between kills
constexpr int kHubAnswersPerRound = 4;
constexpr const char* kBatchRows = "20";  // small batches: a run takes many round trips
constexpr int kEarliestKillMs = 30;
constexpr int kLatestKillMs = 1500;

// Rows of one table on one side: "key" -> stamp.
using Stamps = std::map<std::string, std::string>;

Stamps stamps_of(storage::Connection& connection, const sync::EntityRule& rule,
                 const std::string& where = "", std::initializer_list<storage::Value> values = {}) {
  std::string columns;
  for (const auto& column : rule.key) {
    columns.append(std::string(column)).append(", ");
  }
  Stamps out;
  const auto rows = connection.query(
      "SELECT " + columns + "hlc FROM " + std::string(rule.name) + " t " + where, values);
  for (const auto& row : rows.rows) {
    std::string key;
    for (std::size_t i = 0; i < rule.key.size(); ++i) {
      key.append(i == 0 ? "" : "/").append(row.text(i));
    }
    out.emplace(std::move(key), row.text(rule.key.size()));
  }
  return out;
}

// Where the school's records on the hub, which must all be on the box, are found (the table's
// alias is t; ? is the school's id).
const std::map<std::string_view, std::string>& school_rows_on_hub() {
  static const std::string pupils =
      "(SELECT u.id FROM users u WHERE u.school_id = ? AND u.kind = 'pupil')";
  static const std::map<std::string_view, std::string> where = {
      {"classes", "WHERE t.school_id = ?"},
      {"users", "WHERE t.school_id = ? AND t.kind = 'pupil'"},
      {"user_credentials", "WHERE t.user_id IN " + pupils},
      {"user_status", "WHERE t.user_id IN " + pupils},
      {"picture_cards", "WHERE t.id IN " + pupils},
      {"attempts", "WHERE t.school_id = ?"},
      {"attempt_marks", "WHERE t.school_id = ?"},
      {"step_completions", "WHERE t.school_id = ?"},
      {"assignments", "WHERE t.school_id = ?"},
      {"join_requests", "WHERE t.school_id = ?"},
  };
  return where;
}

// An API client of one side: pupil awa's session and an exercise set's question to answer.
struct Answering {
  std::uint16_t port = 0;
  Headers session;
  std::string set;
  std::string question;
};

class SyncInterruption : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    seed_ = chosen_crash_seed();
    random_.seed(seed_);
    std::cout << "[sync-interruption] " << storage::backend_name(GetParam()) << " hub: seed "
              << seed_ << " (IMAGINECOLE_CRASH_SEED=" << seed_ << " repeats it)" << std::endl;
    pair_ = std::make_unique<HubAndBoxOnBackend>(GetParam());
    // The box gets the school's accounts and content first: its pupils answer on it.
    const auto first = pair_->on_box({"sync", "--hub", pair_->hub_url()});
    ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
    box_.emplace(ServerProcess::start(pair_->box_location()));
    // What waits on each side when the kills start: a school's day or two of answers on the
    // box, new accounts and answers on the hub.
    const auto pupils = pair_->on_hub({"demo", "pupils", "--school", "DKR001", "--count",
                                       std::to_string(kHubPupilsBefore), "--class-size", "50",
                                       "--prefix", "interrompu", "--password", "lune1234"});
    ASSERT_EQ(pupils.exit_code, 0) << pupils.err;
    answer_on_box(kBoxAnswersBefore);
    answer_on_hub(kHubAnswersBefore);
  }

  void TearDown() override {
    box_.reset();
    pair_.reset();
  }

  CommandResult sync_once() {
    return pair_->on_box({"sync", "--hub", pair_->hub_url(), "--batch-rows", kBatchRows});
  }

  RunningCommand start_sync() {
    std::vector<std::string> args = {"sync", "--hub", pair_->hub_url(), "--batch-rows", kBatchRows};
    const auto location = pair_->box_location();
    args.insert(args.end(), location.begin(), location.end());
    return RunningCommand::start(args);
  }

  // Awa signed in on a side's server, with a single-choice question of that side's sets.
  Answering answering_on(std::uint16_t port, storage::Database& database) {
    Answering answering;
    answering.port = port;
    answering.session = with_json(sign_in(port, {"awa", "soleil", "DKR001"}));
    auto connection = database.read();
    const auto row = connection->query_one(
        "SELECT q.resource_id, q.question_id FROM exercise_set_questions q JOIN questions x "
        "ON x.id = q.question_id WHERE x.type = 'single_choice' ORDER BY q.resource_id LIMIT 1");
    EXPECT_TRUE(row.has_value()) << "no single-choice question to answer";
    if (row) {
      answering.set = row->text(0);
      answering.question = row->text(1);
    }
    return answering;
  }

  // `how_many` answers through POST /api/v1/attempts/batch; their client ids are kept.
  void answer(const Answering& answering, int how_many, std::set<std::string>& made) {
    while (how_many > 0) {
      const int size = std::min(how_many, 200);
      json::array attempts;
      std::vector<std::string> ids;
      for (int i = 0; i < size; ++i) {
        ids.push_back(core::new_id());
        attempts.push_back(json::object{{"client_id", ids.back()},
                                        {"question", answering.question},
                                        {"resource", answering.set},
                                        {"response", json::object{{"choice", random_() % 3}}},
                                        {"duration_ms", 1000 + random_() % 9000}});
      }
      const auto posted =
          http_request(answering.port, "POST", "/api/v1/attempts/batch", answering.session,
                       json::serialize(json::object{{"attempts", attempts}}));
      ASSERT_EQ(posted.status, 200) << posted.body.substr(0, 500);
      made.insert(ids.begin(), ids.end());
      how_many -= size;
    }
  }

  void answer_on_box(int how_many) {
    if (!box_answering_) {
      const auto database = pair_->open_box();
      box_answering_ = answering_on(box_->port(), *database);
    }
    answer(*box_answering_, how_many, made_on_box_);
  }

  // The hub's server changes port at each restart; awa's session stays valid.
  void answer_on_hub(int how_many) {
    if (!hub_answering_) {
      const auto database = pair_->open_hub();
      hub_answering_ = answering_on(pair_->hub().port(), *database);
    }
    hub_answering_->port = pair_->hub().port();  // the session outlives a restart
    answer(*hub_answering_, how_many, made_on_hub_);
  }

  // One round of work between kills, as a school keeps answering while the link comes and goes.
  void keep_working() {
    answer_on_box(kBoxAnswersPerRound);
    answer_on_hub(kHubAnswersPerRound);
  }

  // A run that was not killed by the test ended on its own: done, or a failure that resumes.
  void check_run_end(const CommandResult& run, bool may_fail, const std::string& when) {
    if (run.exit_code == 0) {
      return;
    }
    ASSERT_TRUE(may_fail && run.exit_code == 1)
        << when << ": the sync ended with " << run.exit_code << ": " << run.err << run.out;
    EXPECT_NE(run.err.find("resume"), std::string::npos) << when << ": " << run.err;
  }

  // The last complete sync, then everything the issue asks both sides to agree on.
  void finish_and_compare(const std::string& label, int kills, int landed) {
    const auto last = sync_once();
    ASSERT_EQ(last.exit_code, 0) << label << ": the final sync failed: " << last.err << last.out;
    const auto again = sync_once();
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("0 rows sent, 0 received in 1 batches"), std::string::npos)
        << label << ": a sync after the complete one still moved rows: " << again.out;
    box_.reset();  // stops the box's server (and audits its change log)

    const auto hub = pair_->open_hub();
    const auto box = pair_->open_box();
    auto on_hub = hub->read();
    auto on_box = box->read();
    const std::string school =
        on_hub->query_one("SELECT id FROM schools WHERE code = 'DKR001'")->text(0);
    std::size_t compared = 0;
    for (const auto& rule : sync::entity_rules()) {
      const std::string table(rule.name);
      const Stamps box_rows = stamps_of(*on_box, rule);
      const Stamps hub_rows = stamps_of(*on_hub, rule);
      // Every row of the box is on the hub, at the same version: nothing extra on the box.
      for (const auto& [key, stamp] : box_rows) {
        const auto found = hub_rows.find(key);
        if (found == hub_rows.end()) {
          ADD_FAILURE() << label << ": " << table << " " << key << " is on the box, not the hub";
        } else if (found->second != stamp) {
          ADD_FAILURE() << label << ": " << table << " " << key << " differs: stamp " << stamp
                        << " on the box, " << found->second << " on the hub";
        }
        ++compared;
      }
      // Every record of the school on the hub is on the box: nothing missing.
      const auto where = school_rows_on_hub().find(rule.name);
      if (where != school_rows_on_hub().end()) {
        const std::size_t marks = std::count(where->second.begin(), where->second.end(), '?');
        const Stamps school_rows = marks == 1
                                       ? stamps_of(*on_hub, rule, where->second, {school})
                                       : stamps_of(*on_hub, rule, where->second, {school, school});
        for (const auto& [key, stamp] : school_rows) {
          if (box_rows.count(key) == 0) {
            ADD_FAILURE() << label << ": " << table << " " << key << " of the school is on the "
                          << "hub, not the box";
          }
        }
      }
      if (HasFailure()) {
        return;
      }
    }
    // Each answer once on each side, the ones made here and nothing else of the school's.
    std::set<std::string> made = made_on_box_;
    made.insert(made_on_hub_.begin(), made_on_hub_.end());
    for (storage::Connection* connection : {&*on_hub, &*on_box}) {
      const std::string side = connection == &*on_hub ? "the hub" : "the box";
      std::set<std::string> recorded;
      for (const auto& row :
           connection->query("SELECT client_id FROM attempts WHERE school_id = ?", {school}).rows) {
        EXPECT_TRUE(recorded.insert(row.text(0)).second)
            << label << ": " << row.text(0) << " is recorded twice on " << side;
      }
      std::set<std::string> before_test;
      std::set_difference(recorded.begin(), recorded.end(), made.begin(), made.end(),
                          std::inserter(before_test, before_test.end()));
      EXPECT_EQ(recorded.size() - before_test.size(), made.size())
          << label << ": " << side << " lacks some of the " << made.size() << " answers made";
      EXPECT_EQ(before_test, attempts_before_)
          << label << ": " << side << " holds answers the test did not make";
      if (connection->backend() == storage::Backend::sqlite) {
        EXPECT_EQ(connection->query_one("PRAGMA integrity_check")->text(0), "ok") << side;
      }
      const auto problems = audit_change_log(*connection);
      EXPECT_TRUE(problems.empty()) << label << ": " << side << ": " << problems.size()
                                    << " change-log problems, first: " << problems.front();
    }
    std::cout << "[sync-interruption] " << label << ": " << landed << " of " << kills
              << " kills landed during a run; " << made.size() << " answers made ("
              << made_on_box_.size() << " on the box, " << made_on_hub_.size()
              << " on the hub), all once on both sides; " << compared
              << " rows of the box compared by key and stamp (seed " << seed_ << ")" << std::endl;
  }

  // The school's answers both sides held before the test made any (the demo's).
  void remember_answers_before() {
    const auto hub = pair_->open_hub();
    auto connection = hub->read();
    for (const auto& row :
         connection
             ->query(
                 "SELECT a.client_id FROM attempts a JOIN schools s ON s.id = a.school_id WHERE "
                 "s.code = 'DKR001'")
             .rows) {
      if (made_on_hub_.count(row.text(0)) == 0) {
        attempts_before_.insert(row.text(0));
      }
    }
  }

  std::string when(const char* side, int kill) const {
    return std::string(storage::backend_name(GetParam())) + " hub, " + side + " kill " +
           std::to_string(kill) + " (seed " + std::to_string(seed_) + ")";
  }

  void kill_the_hub(int kills);

  int kill_delay_ms() {
    return std::uniform_int_distribution<int>(kEarliestKillMs, kLatestKillMs)(random_);
  }

  std::uint64_t seed_ = 0;
  std::mt19937_64 random_;
  std::unique_ptr<HubAndBoxOnBackend> pair_;
  std::optional<ServerProcess> box_;  // the box keeps serving its pupils while it syncs
  std::optional<Answering> box_answering_;
  std::optional<Answering> hub_answering_;
  std::set<std::string> made_on_box_;
  std::set<std::string> made_on_hub_;
  std::set<std::string> attempts_before_;
};

TEST_P(SyncInterruption, TheBoxsSyncKilledFiftyTimesLosesAndDuplicatesNothing) {
  remember_answers_before();
  int landed = 0;
  for (int kill = 1; kill <= kBoxKills; ++kill) {
    keep_working();
    auto run = start_sync();
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_delay_ms()));
    const bool killed = run.signal(SIGKILL);
    landed += killed ? 1 : 0;
    const auto ended = run.wait();
    if (!killed) {
      check_run_end(ended, false, when("box", kill));
    }
    if (HasFailure()) {
      return;
    }
  }
  finish_and_compare(std::string(storage::backend_name(GetParam())) + " hub, box killed", kBoxKills,
                     landed);
}

// The hub killed at a random moment of a run, then started again on the same data.
void SyncInterruption::kill_the_hub(int kills) {
  remember_answers_before();
  int landed = 0;
  for (int kill = 1; kill <= kills; ++kill) {
    keep_working();
    auto run = start_sync();
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_delay_ms()));
    landed += run.running() ? 1 : 0;
    pair_->kill_hub();
    const auto ended = run.wait();
    check_run_end(ended, true, when("hub", kill));
    pair_->start_hub();
    if (HasFailure()) {
      return;
    }
  }
  finish_and_compare(std::string(storage::backend_name(GetParam())) + " hub, hub killed", kills,
                     landed);
}

TEST_P(SyncInterruption, TheHubKilledFiftyTimesLosesAndDuplicatesNothing) {
  kill_the_hub(kHubKills);
}

IMAGINECOLE_ON_BOTH_BACKENDS(SyncInterruption);

}  // namespace
}  // namespace imaginecole::testing
