// SPDX-License-Identifier: AGPL-3.0-or-later
// The crash test (issue 11, item 5). Four clients write through the JSON API of the real
// server: questions, classes, drafts (four tables in one transaction), the questions of an
// exercise set (a delete and several inserts that replace a list) and pupils (an account, a
// role and a picture card each, two pupils at a time). At a random moment the server is
// killed with SIGKILL, then started again on the same data; every write that got a success
// answer must be there, no multi-row write may be half there, and on SQLite
// `PRAGMA integrity_check` and `PRAGMA foreign_key_check` must pass. Twenty kills per backend.
//
// What it proves, and what it does not: SIGKILL ends the process, not the machine. The kernel
// keeps the page cache, so on SQLite whatever reached write() survives even without an fsync.
// The test therefore proves atomicity (no transaction is seen in part) and the order of
// acknowledgements (no success answer before the commit), not durability across a power cut,
// which rests on synchronous = FULL and fsync and needs the power cut off (a VM) to be tested.
// It knows the server only through HTTP and a few tables' ids, not how it commits: the same
// test holds for a single writer and for a group-commit writer.
//
// The seed is printed; IMAGINECOLE_CRASH_SEED=N repeats its kill delays and mix of writes
// (the interleaving of the clients is the scheduler's).
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

constexpr int kRounds = 20;
constexpr int kClients = 4;
// The kill comes this long after the clients start: short bursts keep a round near a second.
constexpr int kEarliestKillMs = 20;
constexpr int kLatestKillMs = 900;

// The demo staff the clients write as, and the class they add pupils to.
struct Staff {
  Headers editor;   // sn.editor: questions, drafts and sets of Senegal
  Headers head;     // sn.head: classes of school DKR001
  Headers teacher;  // sn.teacher: pupils of class CM2 A
  std::string class_id;
};

// The server's answer, or nothing when the connection was refused or cut (the kill).
std::optional<HttpResponse> send(std::uint16_t port, const std::string& method,
                                 const std::string& target, const Headers& headers,
                                 const std::string& body, Unanswered& unanswered) {
  return send_under_kill(port, method, target, headers, body, unanswered).response;
}

// What one client was told: the ids of the writes that got a success answer, and the list of
// its exercise set (acknowledged, or read back after a crash) with the one in flight, if any.
struct Acknowledged {
  std::vector<std::string> questions;
  std::vector<std::string> classes;
  std::vector<std::string> drafts;
  std::vector<std::string> pupils;
  int set_lists = 0;
  std::optional<std::string> set_id;
  std::vector<std::string> set_list;
  std::optional<std::vector<std::string>> set_list_in_flight;
};

class Client {
 public:
  Client(int index, const Staff& staff, std::uint64_t seed)
      : index_(index), staff_(staff), random_(seed) {}

  // Writes one request after another until the server stops answering.
  void write_until_killed(std::uint16_t port, int round) {
    port_ = port;
    std::uniform_int_distribution<int> dice(0, 9);
    for (int n = 0;; ++n) {
      const std::string label =
          std::to_string(index_) + "-" + std::to_string(round) + "-" + std::to_string(n);
      const int roll = dice(random_);
      bool answered = false;
      if (roll < 3) {
        answered = add_question(label);
      } else if (roll < 5) {
        answered = add_class(label);
      } else if (roll < 7 || !acked.set_id) {
        answered = add_draft(label);
      } else if (roll < 9) {
        answered = acked.questions.empty() ? add_question(label) : replace_set_list();
      } else {
        answered = add_pupils(label);
      }
      if (!answered) {
        return;
      }
    }
  }

  Acknowledged acked;
  Unanswered unanswered;              // requests the kill left without an answer
  std::vector<std::string> problems;  // answers other than success: the test fails

 private:
  // The body of a success answer; nothing (and a problem) for any other answer.
  std::optional<json::value> success(const HttpResponse& answer, int status,
                                     const std::string& what) {
    if (answer.status == status) {
      json::error_code ec;
      json::value body = json::parse(answer.body, ec);
      if (!ec) {
        return body;
      }
    }
    problems.push_back(what + " answered " + std::to_string(answer.status) + ": " +
                       answer.body.substr(0, 300));
    return std::nullopt;
  }

  bool add_question(const std::string& label) {
    const json::object body{{"country", "SN"},
                            {"type", "short_text"},
                            {"name", "Fleuve " + label},
                            {"prompt", "Quel fleuve passe à Saint-Louis ?"},
                            {"texts", json::array{json::object{{"text", "Sénégal"}}}}};
    const auto answer = send(port_, "POST", "/api/v1/questions", with_json(staff_.editor),
                             json::serialize(body), unanswered);
    if (!answer) {
      return false;
    }
    if (const auto created = success(*answer, 201, "POST /api/v1/questions")) {
      acked.questions.emplace_back(created->at("id").as_string());
    }
    return true;
  }

  bool add_class(const std::string& label) {
    const json::object body{{"name", "Classe " + label}, {"level", "cm2"}};
    const auto answer = send(port_, "POST", "/api/v1/schools/DKR001/classes",
                             with_json(staff_.head), json::serialize(body), unanswered);
    if (!answer) {
      return false;
    }
    if (const auto created = success(*answer, 201, "POST /api/v1/schools/DKR001/classes")) {
      acked.classes.emplace_back(created->at("id").as_string());
    }
    return true;
  }

  // A draft writes its resource, its workflow, its first version and its review line at once.
  // The client's first one becomes the exercise set whose list it replaces.
  bool add_draft(const std::string& label) {
    const json::object body{{"kind", "exercise_set"},
                            {"title", "Série " + label},
                            {"licence", "CC-BY-SA-4.0"},
                            {"country", "SN"}};
    const auto answer = send(port_, "POST", "/api/v1/drafts", with_json(staff_.editor),
                             json::serialize(body), unanswered);
    if (!answer) {
      return false;
    }
    if (const auto created = success(*answer, 201, "POST /api/v1/drafts")) {
      acked.drafts.emplace_back(created->at("id").as_string());
      if (!acked.set_id) {
        acked.set_id = acked.drafts.back();
      }
    }
    return true;
  }

  // One to five of this client's questions, in a random order: a delete and as many inserts.
  bool replace_set_list() {
    std::vector<std::string> list = acked.questions;
    std::shuffle(list.begin(), list.end(), random_);
    list.resize(std::uniform_int_distribution<std::size_t>(
        1, std::min<std::size_t>(5, list.size()))(random_));
    json::array ids;
    for (const auto& id : list) {
      ids.emplace_back(id);
    }
    acked.set_list_in_flight = list;
    const auto answer = send(port_, "PUT", "/api/v1/resources/" + *acked.set_id + "/questions",
                             with_json(staff_.editor),
                             json::serialize(json::object{{"question_ids", ids}}), unanswered);
    if (!answer) {
      return false;
    }
    if (success(*answer, 200, "PUT /api/v1/resources/{set}/questions")) {
      acked.set_list = list;
      ++acked.set_lists;
    }
    acked.set_list_in_flight.reset();
    return true;
  }

  // Two pupils in one request: all or nothing. Picture codes, not passwords: one hash each.
  bool add_pupils(const std::string& label) {
    const json::object body{
        {"pupils", json::array{json::object{{"display_name", "Crash " + label + " A"}},
                               json::object{{"display_name", "Crash " + label + " B"}}}},
        {"generate", "pictures"}};
    const auto answer = send(port_, "POST", "/api/v1/classes/" + staff_.class_id + "/pupils",
                             with_json(staff_.teacher), json::serialize(body), unanswered);
    if (!answer) {
      return false;
    }
    if (const auto created = success(*answer, 201, "POST /api/v1/classes/{id}/pupils")) {
      for (const auto& card : created->at("pupils").as_array()) {
        acked.pupils.emplace_back(card.at("id").as_string());
      }
    }
    return true;
  }

  int index_;
  const Staff& staff_;
  std::mt19937_64 random_;
  std::uint16_t port_ = 0;
};

std::set<std::string> ids_of(storage::Connection& connection, std::string_view sql) {
  std::set<std::string> out;
  for (const auto& row : connection.query(sql).rows) {
    out.insert(row.text(0));
  }
  return out;
}

void expect_all_present(const std::vector<std::string>& acked, const std::set<std::string>& found,
                        const std::string& what, const std::string& when) {
  for (const auto& id : acked) {
    EXPECT_TRUE(found.contains(id))
        << when << ": the acknowledged " << what << " " << id << " is missing";
  }
}

class Crash : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    database_ = testing::make_demo_test_database(GetParam());
    location_ = testing::location_of(*database_);
    // The test reads with connections of its own, opened after each kill.
    database_->database.reset();
  }

  void start_server() { server_.emplace(ServerProcess::start(location_)); }

  Staff sign_in_staff() {
    Staff staff{.editor = sign_in(server_->port(), {.username = "sn.editor"}),
                .head = sign_in(server_->port(), {.username = "sn.head"}),
                .teacher = sign_in(server_->port(), {.username = "sn.teacher"}),
                .class_id = {}};
    const auto classes = http_get(server_->port(), "/api/v1/classes", staff.teacher);
    EXPECT_EQ(classes.status, 200) << classes.body;
    staff.class_id = json::parse(classes.body).at("classes").at(0).at("id").as_string();
    return staff;
  }

  // After a kill and a restart: everything acknowledged is there, nothing is there in part.
  void check_after_crash(const Staff& staff, std::vector<Client>& clients,
                         const std::string& when) {
    auto database = storage::open_database(storage::DatabaseConfig{
        .data_dir = database_->data_dir.path(), .url = database_->url, .pool_size = 1});
    auto connection = database->read();

    const auto questions = ids_of(*connection, "SELECT id FROM questions");
    const auto classes = ids_of(*connection, "SELECT id FROM classes");
    const auto resources = ids_of(*connection, "SELECT id FROM resources");
    const auto workflows = ids_of(*connection, "SELECT id FROM resource_workflow");
    const auto versioned = ids_of(*connection, "SELECT resource_id FROM resource_versions");
    std::map<std::string, std::vector<std::string>> set_lists;
    for (const auto& row :
         connection
             ->query("SELECT resource_id, question_id FROM exercise_set_questions "
                     "ORDER BY resource_id, position")
             .rows) {
      set_lists[row.text(0)].push_back(row.text(1));
    }
    // A draft is its resource, its workflow and its first version, or nothing: also for the
    // drafts whose answer the kill cut off.
    for (const auto& id : workflows) {
      EXPECT_TRUE(resources.contains(id) && versioned.contains(id))
          << when << ": draft " << id << " is there only in part";
    }

    const auto pupils_page =
        http_get(server_->port(), "/api/v1/classes/" + staff.class_id + "/pupils", staff.teacher);
    ASSERT_EQ(pupils_page.status, 200) << when << ": " << pupils_page.body;
    std::set<std::string> pupils;
    std::map<std::string, int> pupils_per_request;
    const json::value listed = json::parse(pupils_page.body);
    for (const auto& pupil : listed.at("pupils").as_array()) {
      pupils.emplace(pupil.at("id").as_string());
      const std::string name(pupil.at("display_name").as_string());
      if (name.starts_with("Crash ")) {
        ++pupils_per_request[name.substr(0, name.size() - 2)];
      }
    }
    for (const auto& [request, count] : pupils_per_request) {
      EXPECT_EQ(count, 2) << when << ": the request '" << request << "' added " << count
                          << " of its 2 pupils";
    }

    for (auto& client : clients) {
      auto& acked = client.acked;
      expect_all_present(acked.questions, questions, "question", when);
      expect_all_present(acked.classes, classes, "class", when);
      expect_all_present(acked.drafts, workflows, "draft", when);
      expect_all_present(acked.pupils, pupils, "pupil", when);
      if (acked.set_id) {
        const auto& found = set_lists[*acked.set_id];
        const bool as_acknowledged = found == acked.set_list;
        const bool as_in_flight = acked.set_list_in_flight && found == *acked.set_list_in_flight;
        EXPECT_TRUE(as_acknowledged || as_in_flight)
            << when << ": exercise set " << *acked.set_id << " holds " << found.size()
            << " questions, neither its acknowledged list (" << acked.set_list.size()
            << ") nor the one in flight";
        // What the server holds now is the list the next round starts from.
        acked.set_list = found;
        acked.set_list_in_flight.reset();
      }
    }
    for (const Headers& session : {staff.editor, staff.head, staff.teacher}) {
      EXPECT_EQ(http_get(server_->port(), "/api/v1/me", session).status, 200)
          << when << ": an acknowledged sign-in was lost";
    }

    if (GetParam() == storage::Backend::sqlite) {
      const auto integrity = connection->query("PRAGMA integrity_check");
      ASSERT_FALSE(integrity.empty());
      EXPECT_EQ(integrity.front().text(0), "ok") << when;
      const auto orphans = connection->query("PRAGMA foreign_key_check");
      EXPECT_TRUE(orphans.empty())
          << when << ": " << orphans.rows.size()
          << " rows point at rows that do not exist, first in table " << orphans.front().text(0);
    }
    // Every row the writes touched, cut-off transactions included, has its stamp and its line.
    const auto problems = testing::audit_change_log(*connection);
    EXPECT_TRUE(problems.empty()) << when << ": " << problems.size()
                                  << " change-log problems, first: " << problems.front();
  }

  std::unique_ptr<TestDatabase> database_;
  std::vector<std::string> location_;
  std::optional<ServerProcess> server_;
};

TEST_P(Crash, EveryAcknowledgedWriteSurvivesTwentyKills) {
  const std::uint64_t seed = chosen_crash_seed();
  const std::string backend(storage::backend_name(GetParam()));
  std::cout << "[crash] " << backend << ": seed " << seed << " (IMAGINECOLE_CRASH_SEED=" << seed
            << " repeats it)" << std::endl;
  start_server();
  const Staff staff = sign_in_staff();
  ASSERT_FALSE(staff.class_id.empty());
  std::vector<Client> clients;
  clients.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(i, staff, seed * 1000 + static_cast<std::uint64_t>(i));
  }
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> kill_delay(kEarliestKillMs, kLatestKillMs);
  Unanswered unanswered;

  for (int round = 1; round <= kRounds; ++round) {
    const std::string when =
        backend + ", kill " + std::to_string(round) + " (seed " + std::to_string(seed) + ")";
    const int delay = kill_delay(random);
    {
      std::vector<std::jthread> writers;
      writers.reserve(clients.size());
      for (auto& client : clients) {
        writers.emplace_back(
            [&client, port = server_->port(), round] { client.write_until_killed(port, round); });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      server_->stop(SIGKILL);
    }
    start_server();
    check_after_crash(staff, clients, when);
    for (auto& client : clients) {
      for (const auto& problem : client.problems) {
        ADD_FAILURE() << when << ": " << problem;
      }
      client.problems.clear();
    }
    if (HasFailure()) {
      return;
    }
  }

  Acknowledged total;
  for (const auto& client : clients) {
    total.questions.insert(total.questions.end(), client.acked.questions.begin(),
                           client.acked.questions.end());
    total.classes.insert(total.classes.end(), client.acked.classes.begin(),
                         client.acked.classes.end());
    total.drafts.insert(total.drafts.end(), client.acked.drafts.begin(), client.acked.drafts.end());
    total.pupils.insert(total.pupils.end(), client.acked.pupils.begin(), client.acked.pupils.end());
    total.set_lists += client.acked.set_lists;
    unanswered.cut += client.unanswered.cut;
    unanswered.refused += client.unanswered.refused;
  }
  const std::size_t writes = total.questions.size() + total.classes.size() + total.drafts.size() +
                             total.pupils.size() / 2 + static_cast<std::size_t>(total.set_lists);
  std::cout << "[crash] " << backend << ": " << kRounds << " kills, " << writes
            << " acknowledged writes all present (" << total.questions.size() << " questions, "
            << total.classes.size() << " classes, " << total.drafts.size() << " drafts, "
            << total.set_lists << " set lists, " << total.pupils.size() / 2 << " pairs of pupils); "
            << unanswered.cut << " requests cut by the kills, " << unanswered.refused
            << " refused after them" << std::endl;
  EXPECT_GT(writes, static_cast<std::size_t>(kRounds));  // the clients did write between kills
}

IMAGINECOLE_ON_BOTH_BACKENDS(Crash);

}  // namespace
}  // namespace imaginecole::testing
