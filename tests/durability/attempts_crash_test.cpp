// SPDX-License-Identifier: AGPL-3.0-or-later
// Pupils' answers under SIGKILL (issue 13, "Done when"): four clients, as two demo pupils,
// send attempts through POST /api/v1/attempts and /api/v1/attempts/batch while the real
// server is killed at a random moment, ten times per backend. After each restart:
//  - every attempt that got a success answer is in the attempts table, once, as its pupil's;
//  - an answer the kill cut off is sent again with the same client UUIDs: it is answered, and
//    each UUID is then recorded exactly once (the offline phone's replay);
//  - an acknowledged answer sent again returns its first attempt, recording nothing;
//  - the table holds exactly the UUIDs sent (acknowledged or cut), nothing else.
// Like crash_test.cpp, SIGKILL proves atomicity and the order of acknowledgements, not
// durability across a power cut (see its header). IMAGINECOLE_CRASH_SEED=N repeats a run.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
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
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/request_under_kill.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr int kRounds = 10;
constexpr int kClients = 4;
constexpr int kEarliestKillMs = 20;
constexpr int kLatestKillMs = 600;

// A published exercise set of the pupils' country and its numeric questions.
struct Target {
  std::string set_id;
  std::vector<std::string> questions;
};

// One request's attempts: their client UUIDs and the body that carries them.
struct Sent {
  std::vector<std::string> client_ids;
  std::string target;
  std::string body;
};

class PupilClient {
 public:
  PupilClient(std::string pupil_id, Headers session, const Target& target, std::uint64_t seed)
      : pupil_id_(std::move(pupil_id)),
        session_(std::move(session)),
        target_(target),
        random_(seed) {}

  // Answers one request after another until the server stops answering.
  void answer_until_killed(std::uint16_t port) {
    while (send(port, next_request())) {
    }
  }

  // After the restart: the requests the kill cut off, sent again as they were. Each must now
  // be answered with success.
  void replay_cut_requests(std::uint16_t port, const std::string& when) {
    std::vector<Sent> cut = std::move(cut_);
    cut_.clear();
    for (const auto& request : cut) {
      const auto answer = http_request(port, "POST", request.target, session_, request.body);
      if (!succeeded(answer, request)) {
        problems.push_back(when + ": the replay of a cut request answered " +
                           std::to_string(answer.status) + ": " + answer.body.substr(0, 300));
      }
    }
  }

  const std::string& pupil_id() const { return pupil_id_; }
  const Headers& session() const { return session_; }

  std::vector<std::string> acknowledged;  // client UUIDs answered with success
  std::set<std::string> sent;             // every UUID sent (answered or cut), replays included
  std::map<std::string, std::string> first_attempt_of;  // client UUID -> attempt id
  Unanswered unanswered;
  std::vector<std::string> problems;

 private:
  Sent next_request() {
    const int size = std::uniform_int_distribution<int>(0, 3)(random_) == 0
                         ? std::uniform_int_distribution<int>(2, 6)(random_)
                         : 1;
    Sent request;
    json::array attempts;
    for (int i = 0; i < size; ++i) {
      const std::string client_id = core::new_id();
      const auto& question = target_.questions[std::uniform_int_distribution<std::size_t>(
          0, target_.questions.size() - 1)(random_)];
      request.client_ids.push_back(client_id);
      attempts.push_back(
          json::object{{"client_id", client_id},
                       {"question", question},
                       {"resource", target_.set_id},
                       {"response", json::object{{"text", std::to_string(random_() % 30)}}},
                       {"duration_ms", 2000 + static_cast<std::int64_t>(random_() % 9000)}});
    }
    if (size == 1) {
      request.target = "/api/v1/attempts";
      request.body = json::serialize(attempts.front());
    } else {
      request.target = "/api/v1/attempts/batch";
      request.body = json::serialize(json::object{{"attempts", attempts}});
    }
    return request;
  }

  // False when the server did not answer (killed).
  bool send(std::uint16_t port, const Sent& request) {
    const auto answer =
        send_under_kill(port, "POST", request.target, session_, request.body, unanswered);
    if (answer.delivery == Delivery::refused) {
      return false;
    }
    sent.insert(request.client_ids.begin(), request.client_ids.end());
    if (answer.delivery == Delivery::cut) {
      cut_.push_back(request);
      return false;
    }
    if (!succeeded(*answer.response, request)) {
      problems.push_back(request.target + " answered " + std::to_string(answer.response->status) +
                         ": " + answer.response->body.substr(0, 300));
    }
    return true;
  }

  // A success answer with one recorded result per UUID; remembers them as acknowledged.
  bool succeeded(const HttpResponse& answer, const Sent& request) {
    if (answer.status != 200) {
      return false;
    }
    json::error_code ec;
    const json::value body = json::parse(answer.body, ec);
    if (ec) {
      return false;
    }
    std::vector<json::object> results;
    if (request.client_ids.size() == 1) {
      results.push_back(body.as_object());
    } else {
      for (const auto& result : body.at("results").as_array()) {
        results.push_back(result.as_object());
      }
    }
    if (results.size() != request.client_ids.size()) {
      return false;
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto* attempt_id = results[i].if_contains("attempt_id");
      if (attempt_id == nullptr || !attempt_id->is_string()) {
        return false;
      }
      acknowledged.push_back(request.client_ids[i]);
      first_attempt_of.emplace(request.client_ids[i], std::string(attempt_id->as_string()));
    }
    return true;
  }

  std::string pupil_id_;
  Headers session_;
  const Target& target_;
  std::mt19937_64 random_;
  std::vector<Sent> cut_;
};

class AttemptsCrash : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    database_ = testing::make_demo_test_database(GetParam());
    location_ = testing::location_of(*database_);
    target_ = numeric_questions_of_senegal();
    ASSERT_FALSE(target_.questions.empty()) << "the demo has no published numeric question in SN";
    // The test reads with connections of its own, opened after each kill.
    database_->database.reset();
  }

  Target numeric_questions_of_senegal() {
    auto connection = database_->database->read();
    Target target;
    const auto rows = connection->query(
        "SELECT id, questions FROM resources WHERE kind = 'exercise_set' "
        "AND status = 'published' AND origin_country = 'SN' ORDER BY id");
    for (const auto& row : rows.rows) {
      const json::value questions = json::parse(row.text(1));
      for (const auto& question : questions.as_array()) {
        if (question.at("type") == "numeric") {
          target.questions.emplace_back(question.at("id").as_string());
        }
      }
      if (!target.questions.empty()) {
        target.set_id = row.text(0);
        break;
      }
    }
    return target;
  }

  std::string pupil_id_of(const Headers& session) {
    const auto me = http_get(server_->port(), "/api/v1/me", session);
    EXPECT_EQ(me.status, 200) << me.body;
    return std::string(json::parse(me.body).at("user").at("id").as_string());
  }

  // Every acknowledged attempt is there once, as its pupil's; then the cut requests are sent
  // again and the table holds exactly the UUIDs sent.
  void check_after_crash(std::vector<PupilClient>& clients, const std::string& when) {
    auto database = storage::open_database(storage::DatabaseConfig{
        .data_dir = database_->data_dir.path(), .url = database_->url, .pool_size = 1});
    {
      auto connection = database->read();
      std::map<std::string, std::string> pupil_of;
      for (const auto& row : connection->query("SELECT client_id, pupil_id FROM attempts").rows) {
        pupil_of.emplace(row.text(0), row.text(1));
      }
      for (const auto& client : clients) {
        for (const auto& client_id : client.acknowledged) {
          const auto found = pupil_of.find(client_id);
          EXPECT_TRUE(found != pupil_of.end())
              << when << ": the acknowledged attempt " << client_id << " is missing";
          if (found != pupil_of.end()) {
            EXPECT_EQ(found->second, client.pupil_id()) << when << ": " << client_id;
          }
        }
      }
      if (GetParam() == storage::Backend::sqlite) {
        const auto integrity = connection->query("PRAGMA integrity_check");
        ASSERT_FALSE(integrity.empty());
        EXPECT_EQ(integrity.front().text(0), "ok") << when;
      }
    }
    for (auto& client : clients) {
      client.replay_cut_requests(server_->port(), when);
    }
    auto connection = database->read();
    std::set<std::string> expected;
    for (const auto& client : clients) {
      expected.insert(client.sent.begin(), client.sent.end());
    }
    std::set<std::string> recorded;
    for (const auto& row : connection->query("SELECT client_id FROM attempts").rows) {
      EXPECT_TRUE(recorded.insert(row.text(0)).second)
          << when << ": the client UUID " << row.text(0) << " is recorded twice";
    }
    EXPECT_EQ(recorded, expected) << when << ": the attempts table does not hold exactly the "
                                  << expected.size() << " UUIDs sent (" << recorded.size()
                                  << " recorded)";
    const auto problems = testing::audit_change_log(*connection);
    EXPECT_TRUE(problems.empty()) << when << ": " << problems.size()
                                  << " change-log problems, first: " << problems.front();
  }

  // An acknowledged answer sent again: its first attempt, and nothing recorded.
  void check_replay_of_acknowledged(PupilClient& client, const std::string& when) {
    if (client.acknowledged.empty()) {
      return;
    }
    const std::string& client_id = client.acknowledged.front();
    const json::object body{{"client_id", client_id},
                            {"question", target_.questions.front()},
                            {"resource", target_.set_id},
                            {"response", json::object{{"text", "1"}}}};
    const auto answer = http_request(server_->port(), "POST", "/api/v1/attempts", client.session(),
                                     json::serialize(body));
    ASSERT_EQ(answer.status, 200) << when << ": " << answer.body;
    EXPECT_EQ(json::parse(answer.body).at("attempt_id").as_string(),
              client.first_attempt_of.at(client_id))
        << when << ": a replay of an acknowledged answer did not return its first attempt";
  }

  std::unique_ptr<TestDatabase> database_;
  std::vector<std::string> location_;
  std::optional<ServerProcess> server_;
  Target target_;
};

TEST_P(AttemptsCrash, NoAcknowledgedAttemptIsLostAndReplaysCountOnce) {
  const std::uint64_t seed = chosen_crash_seed();
  const std::string backend(storage::backend_name(GetParam()));
  std::cout << "[attempts-crash] " << backend << ": seed " << seed
            << " (IMAGINECOLE_CRASH_SEED=" << seed << " repeats it)" << std::endl;
  server_.emplace(ServerProcess::start(location_));
  const Headers awa = with_json(
      sign_in(server_->port(), {.username = "awa", .password = "soleil", .school = "DKR001"}));
  const Headers moussa = with_json(
      sign_in(server_->port(), {.username = "moussa", .password = "soleil", .school = "DKR001"}));
  const std::string awa_id = pupil_id_of(awa);
  const std::string moussa_id = pupil_id_of(moussa);
  std::vector<PupilClient> clients;
  clients.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(i % 2 == 0 ? awa_id : moussa_id, i % 2 == 0 ? awa : moussa, target_,
                         seed * 1000 + static_cast<std::uint64_t>(i));
  }
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> kill_delay(kEarliestKillMs, kLatestKillMs);

  for (int round = 1; round <= kRounds; ++round) {
    const std::string when =
        backend + ", kill " + std::to_string(round) + " (seed " + std::to_string(seed) + ")";
    {
      std::vector<std::jthread> pupils;
      pupils.reserve(clients.size());
      for (auto& client : clients) {
        pupils.emplace_back(
            [&client, port = server_->port()] { client.answer_until_killed(port); });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(kill_delay(random)));
      server_->stop(SIGKILL);
    }
    server_.emplace(ServerProcess::start(location_));
    check_after_crash(clients, when);
    for (auto& client : clients) {
      check_replay_of_acknowledged(client, when);
      for (const auto& problem : client.problems) {
        ADD_FAILURE() << when << ": " << problem;
      }
      client.problems.clear();
    }
    if (HasFailure()) {
      return;
    }
  }
  std::size_t acknowledged = 0;
  Unanswered unanswered;
  for (const auto& client : clients) {
    acknowledged += client.acknowledged.size();
    unanswered.cut += client.unanswered.cut;
    unanswered.refused += client.unanswered.refused;
  }
  std::cout << "[attempts-crash] " << backend << ": " << kRounds << " kills, " << acknowledged
            << " acknowledged attempts all present once; " << unanswered.cut
            << " requests cut by the kills and replayed, " << unanswered.refused
            << " refused after them" << std::endl;
  EXPECT_GT(acknowledged, static_cast<std::size_t>(kRounds));
}

IMAGINECOLE_ON_BOTH_BACKENDS(AttemptsCrash);

}  // namespace
}  // namespace imaginecole::testing
