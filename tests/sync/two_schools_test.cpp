// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 15's "done when", end to end with the real binary on loopback: one hub (SQLite or
// PostgreSQL) and the servers of two schools, each with its own port and data folder. School A
// (DKR001, Senegal) syncs over the network; school B (ABJ001, Côte d'Ivoire) only with USB
// bundles carried between the hub and its box. Content goes down and is served offline on each
// box; pupils' answers and a teacher's draft submitted for review go up, once; each box holds
// only its own school's accounts; a revoked school is refused while the other syncs on.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <csignal>
#include <cstdlib>

#include "storage/open_database.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/sync_peers.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSchoolA = "DKR001";
constexpr const char* kSchoolB = "ABJ001";

json::object lesson(const std::string& title, const std::string& body) {
  return json::object{{"title", title},
                      {"summary", "Une leçon pour l'essai des deux écoles."},
                      {"body", body},
                      {"kind", "lesson"},
                      {"licence", "CC-BY-SA-4.0"},
                      {"authors", json::array{"Aminata Diallo"}}};
}

json::object object_of(const HttpResponse& response) {
  json::error_code ec;
  json::value value = json::parse(response.body, ec);
  return !ec && value.is_object() ? value.as_object() : json::object{};
}

HttpResponse post_json(std::uint16_t port, const Headers& who, const std::string& target,
                       const json::value& body = json::object{}) {
  return http_request(port, "POST", target, with_json(who), json::serialize(body));
}

class TwoSchools : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == storage::Backend::postgres &&
        std::getenv("IMAGINECOLE_TEST_POSTGRES") == nullptr) {
      GTEST_SKIP() << "IMAGINECOLE_TEST_POSTGRES is not set (scripts/test-postgres.sh start)";
    }
    hub_db_ = make_demo_test_database(GetParam());
    hub_ = location_of(*hub_db_);
    box_a_ = {"--data", box_a_dir_.path().string()};
    box_b_ = {"--data", box_b_dir_.path().string()};
    for (const auto* box : {&box_a_, &box_b_}) {
      const auto made = run_imaginecole({"init", (*box)[0], (*box)[1]});
      ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    hub_server_ = std::make_unique<ServerProcess>(ServerProcess::start(hub_));
    hub_url_ = "http://127.0.0.1:" + std::to_string(hub_server_->port());
    // Pairing is the one moment school B's box reaches the hub's address.
    ASSERT_TRUE(pair_school(hub_, hub_url_, box_a_, kSchoolA));
    ASSERT_TRUE(pair_school(hub_, hub_url_, box_b_, kSchoolB));
  }

  std::uint16_t hub_port() const { return hub_server_->port(); }

  // School A: `imaginecole sync --hub URL`, both ways.
  void sync_a() {
    const auto run = run_at(box_a_, {"sync", "--hub", hub_url_});
    ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  }

  std::string bundle_path(const std::string& name) {
    return (usb_key_.path() / (name + "-" + std::to_string(++bundles_) + ".imgcsync")).string();
  }

  // School B, down: the hub writes the school's bundle on the key, the box reads it.
  void carry_down_to_b() {
    const auto file = bundle_path("down");
    const auto written = run_at(hub_, {"sync", "export", "--school", kSchoolB, "--to", file});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    const auto read = run_at(box_b_, {"sync", "import", file});
    ASSERT_EQ(read.exit_code, 0) << read.err;
  }

  // School B, up: the box writes its bundle, the hub's admin imports it; the hub's answer.
  CommandResult carry_up_from_b() {
    const auto file = bundle_path("up");
    const auto written = run_at(box_b_, {"sync", "export", "--to", file});
    EXPECT_EQ(written.exit_code, 0) << written.err;
    return run_at(hub_, {"sync", "import", file});
  }

  // A lesson written by `editor` on the hub and published there by `reviewer`, through the
  // hub's JSON API (two people: whoever wrote a version cannot publish it).
  std::string publish_on_hub(const std::string& editor, const std::string& reviewer,
                             const std::string& title) {
    const auto writer = sign_in(hub_port(), {editor});
    const auto created = post_json(hub_port(), writer, "/api/v1/drafts",
                                   lesson(title, "Le texte de « " + title + " »."));
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id(object_of(created)["id"].as_string());
    const auto submitted = post_json(hub_port(), writer, "/api/v1/resources/" + id + "/submit");
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    const auto published = post_json(hub_port(), sign_in(hub_port(), {reviewer}),
                                     "/api/v1/resources/" + id + "/publish");
    EXPECT_EQ(published.status, 200) << published.body;
    return id;
  }

  // A published exercise set on the box with a single-choice question: {set, question}.
  static std::pair<std::string, std::string> exercise_on(std::uint16_t port,
                                                         const std::filesystem::path& data,
                                                         const Headers& pupil) {
    std::string set;
    {
      const auto database = storage::open_database({.data_dir = data});
      auto connection = database->read();
      const auto row = connection->query_one(
          "SELECT q.resource_id FROM exercise_set_questions q JOIN questions x ON x.id = "
          "q.question_id JOIN resources r ON r.id = q.resource_id WHERE x.type = "
          "'single_choice' AND r.status = 'published' ORDER BY q.resource_id LIMIT 1");
      EXPECT_TRUE(row.has_value()) << "the box has exercise sets after its first sync";
      if (!row) {
        return {};
      }
      set = row->text(0);
    }
    return {set, single_choice_question(port, pupil, set)};
  }

  // A pupil of the box's school signs in on the box and answers an exercise; its client id.
  static std::string pupil_answers(const std::filesystem::path& data, const Credentials& pupil) {
    auto box = ServerProcess::start({"--data", data.string()});
    const auto session = sign_in(box.port(), pupil);
    const auto [set, question] = exercise_on(box.port(), data, session);
    return answer_exercise(box.port(), session, set, question);
  }

  std::int64_t on_hub(const std::string& sql, std::initializer_list<storage::Value> values = {}) {
    return count_rows(*hub_db_->database, sql, values);
  }

  // Accounts on a box of another school than `school`: by their school, or by name (the
  // demo's pupils, teacher and head of each school).
  static std::int64_t accounts_of_other_schools(const std::filesystem::path& data,
                                                const std::string& school) {
    const std::string other = school == kSchoolA ? "('aya', 'kouadio', 'yao', 'ci.teacher', "
                                                   "'ci.head')"
                                                 : "('awa', 'moussa', 'fatou', 'sn.teacher', "
                                                   "'sn.head')";
    return count_rows(data,
                      "SELECT COUNT(*) FROM users u JOIN schools s ON s.id = u.school_id WHERE "
                      "s.code <> ?",
                      {school}) +
           count_rows(data, "SELECT COUNT(*) FROM users WHERE username IN " + other);
  }

  static std::int64_t pupils_of(storage::Database& database, const std::string& school) {
    return count_rows(database,
                      "SELECT COUNT(*) FROM users u JOIN schools s ON s.id = u.school_id WHERE "
                      "s.code = ? AND u.kind = 'pupil'",
                      {school});
  }
  static std::int64_t pupils_of(const std::filesystem::path& data, const std::string& school) {
    const auto database = storage::open_database({.data_dir = data});
    return pupils_of(*database, school);
  }

  std::unique_ptr<TestDatabase> hub_db_;
  Location hub_;
  TempDir box_a_dir_;
  TempDir box_b_dir_;
  TempDir usb_key_;
  Location box_a_;
  Location box_b_;
  std::unique_ptr<ServerProcess> hub_server_;
  std::string hub_url_;
  int bundles_ = 0;
};

TEST_P(TwoSchools, ContentGoesDownToBothAndEachBoxServesOnlyItsOwnSchoolOffline) {
  const std::string for_a = publish_on_hub("sn.editor", "sn.reviewer", "Les saisons au Sahel");
  const std::string for_b = publish_on_hub("ci.editor", "ci.reviewer", "La lagune Ébrié");
  ASSERT_NO_FATAL_FAILURE(sync_a());
  ASSERT_NO_FATAL_FAILURE(carry_down_to_b());
  // From here on both schools work offline: the hub is gone.
  hub_server_->stop(SIGTERM);
  EXPECT_GT(pupils_of(box_a_dir_.path(), kSchoolA), 0);
  EXPECT_EQ(pupils_of(box_a_dir_.path(), kSchoolA), pupils_of(*hub_db_->database, kSchoolA));
  EXPECT_GT(pupils_of(box_b_dir_.path(), kSchoolB), 0);
  EXPECT_EQ(pupils_of(box_b_dir_.path(), kSchoolB), pupils_of(*hub_db_->database, kSchoolB));
  EXPECT_EQ(accounts_of_other_schools(box_a_dir_.path(), kSchoolA), 0);
  EXPECT_EQ(accounts_of_other_schools(box_b_dir_.path(), kSchoolB), 0);
  EXPECT_EQ(count_rows(box_a_dir_.path(), "SELECT COUNT(*) FROM resources WHERE id = ?", {for_b}),
            0)
      << "Côte d'Ivoire's new lesson stays out of a Senegalese school";
  EXPECT_EQ(count_rows(box_b_dir_.path(), "SELECT COUNT(*) FROM resources WHERE id = ?", {for_a}),
            0);

  struct Case {
    const std::filesystem::path& data;
    Credentials pupil;
    Credentials stranger;
    std::string resource;
    std::string title;
  };
  for (const Case& each : {Case{box_a_dir_.path(),
                                {"awa", "soleil", kSchoolA},
                                {"aya", "soleil", kSchoolB},
                                for_a,
                                "Les saisons au Sahel"},
                           Case{box_b_dir_.path(),
                                {"aya", "soleil", kSchoolB},
                                {"awa", "soleil", kSchoolA},
                                for_b,
                                "La lagune Ébrié"}}) {
    SCOPED_TRACE(each.pupil.school);
    auto box = ServerProcess::start({"--data", each.data.string()});
    const auto pupil = sign_in(box.port(), each.pupil);
    const auto api = http_get(box.port(), "/api/v1/resources/" + each.resource, pupil);
    EXPECT_EQ(api.status, 200) << api.body;
    EXPECT_NE(api.body.find("Le texte de"), std::string::npos) << api.body;
    const auto page = http_get(box.port(), "/r/" + each.resource, pupil);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find(each.title), std::string::npos);
    // The other school's pupil has no account here.
    EXPECT_THROW(sign_in(box.port(), each.stranger), std::runtime_error);
  }
}

TEST_P(TwoSchools, AnswersAndATeachersDraftGoUpOnceAndTheDraftReachesTheReviewQueue) {
  ASSERT_NO_FATAL_FAILURE(sync_a());
  ASSERT_NO_FATAL_FAILURE(carry_down_to_b());
  const std::string answer_a = pupil_answers(box_a_dir_.path(), {"awa", "soleil", kSchoolA});
  const std::string answer_b = pupil_answers(box_b_dir_.path(), {"aya", "soleil", kSchoolB});

  // On box A, the class's teacher writes a lesson through the box's authoring API and submits
  // it to the country's reviewers.
  const std::string title = "Le cycle de la pluie au village";
  std::string draft;
  {
    auto box = ServerProcess::start(box_a_);
    const auto teacher = sign_in(box.port(), {"sn.teacher"});
    const auto me = http_get(box.port(), "/api/v1/me", teacher);
    ASSERT_EQ(me.status, 200) << me.body;
    std::string class_id;
    const json::object who = object_of(me);
    for (const auto& role : who.at("roles").as_array()) {
      if (role.at("scope").at("kind") == "class") {
        class_id = std::string(role.at("scope").at("id").as_string());
      }
    }
    ASSERT_FALSE(class_id.empty()) << me.body;
    auto body = lesson(title, "La pluie tombe puis ruisselle vers le marigot.");
    body["class_id"] = class_id;
    const auto created = post_json(box.port(), teacher, "/api/v1/drafts", body);
    ASSERT_EQ(created.status, 201) << created.body;
    draft = std::string(object_of(created)["id"].as_string());
    const auto submitted = post_json(box.port(), teacher, "/api/v1/resources/" + draft + "/submit",
                                     json::object{{"comment", "Pour toutes les classes de CM2 ?"}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(object_of(submitted)["state"], "in_review");
  }

  ASSERT_NO_FATAL_FAILURE(sync_a());
  const auto taken = carry_up_from_b();
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  // Once each, and again once after a second round both ways.
  const std::string attempts = "SELECT COUNT(*) FROM attempts WHERE client_id = ?";
  EXPECT_EQ(on_hub(attempts, {answer_a}), 1);
  EXPECT_EQ(on_hub(attempts, {answer_b}), 1);
  ASSERT_NO_FATAL_FAILURE(sync_a());
  ASSERT_NO_FATAL_FAILURE(carry_down_to_b());
  ASSERT_EQ(carry_up_from_b().exit_code, 0);
  EXPECT_EQ(on_hub(attempts, {answer_a}), 1);
  EXPECT_EQ(on_hub(attempts, {answer_b}), 1);
  EXPECT_EQ(count_rows(box_a_dir_.path(), attempts, {answer_b}), 0) << "B's answer stays B's";
  EXPECT_EQ(count_rows(box_b_dir_.path(), attempts, {answer_a}), 0);

  // On the hub: Senegal's reviewer finds the draft in the review queue and reads it.
  const auto reviewer = sign_in(hub_port(), {"sn.reviewer"});
  const auto board = http_get(hub_port(), "/edit", reviewer);
  ASSERT_EQ(board.status, 200);
  const std::string review = "/edit/resources/" + draft + "/review";
  EXPECT_NE(board.body.find("href=\"" + review + "\""), std::string::npos) << board.body;
  EXPECT_NE(board.body.find(title), std::string::npos);
  const auto page = http_get(hub_port(), review, reviewer);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("ruisselle vers le marigot"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("value=\"publish\""), std::string::npos) << "the reviewer may act";
  // Not Côte d'Ivoire's.
  const auto elsewhere = http_get(hub_port(), "/edit", sign_in(hub_port(), {"ci.reviewer"}));
  EXPECT_EQ(elsewhere.body.find(review), std::string::npos);

  // Published by the reviewer, the teacher's lesson comes back down to the school for everyone.
  const auto published = post_json(hub_port(), reviewer, "/api/v1/resources/" + draft + "/publish",
                                   json::object{{"comment", "Très bien."}});
  ASSERT_EQ(published.status, 200) << published.body;
  ASSERT_NO_FATAL_FAILURE(sync_a());
  auto box = ServerProcess::start(box_a_);
  const auto opened = http_get(box.port(), "/api/v1/resources/" + draft,
                               sign_in(box.port(), {"moussa", "soleil", kSchoolA}));
  EXPECT_EQ(opened.status, 200) << opened.body;
}

TEST_P(TwoSchools, ARevokedSchoolIsRefusedOnTheKeyAndOnTheNetworkAndTheOtherSyncsOn) {
  ASSERT_NO_FATAL_FAILURE(sync_a());
  ASSERT_NO_FATAL_FAILURE(carry_down_to_b());
  const std::string answer_b = pupil_answers(box_b_dir_.path(), {"aya", "soleil", kSchoolB});
  const auto revoked =
      run_at(hub_, {"hub", "revoke", "--school", kSchoolB, "--reason", "serveur volé"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;

  // The box does not know yet: its bundle is written, and refused by the hub.
  const auto refused = carry_up_from_b();
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("bundle refused (revoked)"), std::string::npos) << refused.err;
  EXPECT_EQ(on_hub("SELECT COUNT(*) FROM attempts WHERE client_id = ?", {answer_b}), 0);
  // Over the network too, if it tried.
  const auto tried = run_at(box_b_, {"sync", "--hub", hub_url_});
  EXPECT_EQ(tried.exit_code, 2);
  EXPECT_NE(tried.err.find("revoked"), std::string::npos) << tried.err;
  EXPECT_NE(tried.err.find("serveur volé"), std::string::npos) << tried.err;
  EXPECT_NE(run_at(box_b_, {"sync", "status"}).out.find("REVOKED"), std::string::npos);

  // School A goes on as before.
  const std::string answer_a = pupil_answers(box_a_dir_.path(), {"awa", "soleil", kSchoolA});
  ASSERT_NO_FATAL_FAILURE(sync_a());
  EXPECT_EQ(on_hub("SELECT COUNT(*) FROM attempts WHERE client_id = ?", {answer_a}), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, TwoSchools,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres),
                         backend_param_name);

}  // namespace
}  // namespace imaginecole::testing
