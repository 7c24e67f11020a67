// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: pupils' answers through POST /api/v1/attempts and
// /api/v1/attempts/batch are graded against the published set, recorded once per client UUID
// (a replay, even a concurrent one, returns the first result), refused clearly when broken,
// summed up by /api/v1/me/progress, and erased with the pupil.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <thread>

#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr char kNumeric[] = "0190f0f0-0000-7000-8000-00000000a001";
constexpr char kChoice[] = "0190f0f0-0000-7000-8000-00000000a002";
constexpr char kOrdering[] = "0190f0f0-0000-7000-8000-00000000a003";
constexpr char kReading[] = "0190f0f0-0000-7000-8000-00000000a004";

class AttemptsApi : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    set_ = publish_questions();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    awa_ =
        with_json(sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"}));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  // A published exercise set of Senegal gets four questions of our own.
  std::string publish_questions() {
    std::vector<exercises::Question> questions(4);
    questions[0].id = kNumeric;
    questions[0].type = exercises::QuestionType::numeric;
    questions[0].prompt = "Combien font 7 / 2 ?";
    questions[0].numbers = {{3.5, 0, 1, "Bravo."}};
    questions[1].id = kChoice;
    questions[1].type = exercises::QuestionType::single_choice;
    questions[1].prompt = "Capitale du Sénégal ?";
    questions[1].choices = {{"Dakar", 1, "Oui."}, {"Thiès", 0, "Non, c'est Dakar."}};
    questions[2].id = kOrdering;
    questions[2].type = exercises::QuestionType::ordering;
    questions[2].prompt = "Range du plus petit au plus grand.";
    questions[2].items = {"1/4", "1/2", "3/4"};
    questions[3].id = kReading;
    questions[3].type = exercises::QuestionType::description;
    questions[3].prompt = "Lis bien chaque question.";
    auto connection = db().write();
    std::string id = connection
                         ->query_one(
                             "SELECT id FROM resources WHERE kind = 'exercise_set' "
                             "AND status = 'published' AND origin_country = 'SN' "
                             "ORDER BY id LIMIT 1")
                         ->text(0);
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {exercises::questions_to_json(questions), id});
    return id;
  }

  std::string attempt(const std::string& client_id, const std::string& question,
                      const std::string& response) const {
    return R"({"client_id": ")" + client_id + R"(", "resource": ")" + set_ + R"(", "question": ")" +
           question + R"(", "response": )" + response + R"(, "duration_ms": 4200})";
  }
  HttpResponse post(const Headers& who, const std::string& body,
                    const std::string& path = "/api/v1/attempts") {
    return http_request(port(), "POST", path, who, body);
  }
  // The ordering question's right answer, as indexes of the items the API lists.
  std::string right_order() {
    const auto resource = http_get(port(), "/api/v1/resources/" + set_);
    const json::value body = json::parse(resource.body);
    const std::vector<std::string> right = {"1/4", "1/2", "3/4"};
    std::string order;
    for (const auto& wanted : right) {
      for (const auto& question : body.at("questions").as_array()) {
        if (question.at("id") != kOrdering) {
          continue;
        }
        const auto& items = question.at("items").as_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (items[i] == wanted.c_str()) {
            order += (order.empty() ? "" : ", ") + std::to_string(i);
          }
        }
      }
    }
    return R"({"order": [)" + order + "]}";
  }
  std::int64_t count(const std::string& where = "1 = 1") {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM attempts WHERE " + where)->integer(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string set_;
  Headers awa_;
};

TEST_P(AttemptsApi, AnAnswerIsGradedAndRecordedOnceAReplayReturnsTheFirstResult) {
  const std::string client_id = core::new_id();
  const auto first = post(awa_, attempt(client_id, kNumeric, R"({"text": "3,5"})"));
  ASSERT_EQ(first.status, 200) << first.body;
  const json::object answer = json::parse(first.body).as_object();
  EXPECT_EQ(answer.at("correct").as_bool(), true);
  EXPECT_EQ(answer.at("score").as_double(), 1.0);
  EXPECT_EQ(answer.at("feedback").as_array().at(0).as_string(), "Bravo.");
  EXPECT_EQ(count(), 1);

  // The same UUID again, even with another answer: the first result, nothing recorded.
  const auto replay = post(awa_, attempt(client_id, kNumeric, R"({"text": "12"})"));
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(json::parse(replay.body), json::parse(first.body));
  EXPECT_EQ(count(), 1);

  const auto wrong = post(awa_, attempt(core::new_id(), kChoice, R"({"choice": 1})"));
  ASSERT_EQ(wrong.status, 200) << wrong.body;
  EXPECT_EQ(json::parse(wrong.body).at("correct").as_bool(), false);
  EXPECT_EQ(json::parse(wrong.body).at("feedback").as_array().at(0).as_string(),
            "Non, c'est Dakar.");

  // What was stored: the pupil, the set's published version, the response as sent, the grade.
  auto connection = db().read();
  const auto row = connection->query_one(
      "SELECT a.pupil_id, COALESCE(a.version_id, ''), a.response, a.correct, a.score, "
      "a.duration_ms, a.question_type, a.origin_node, a.country_code, "
      "COALESCE(r.published_version_id, '') FROM attempts a JOIN resources r ON "
      "r.id = a.resource_id WHERE a.client_id = ?",
      {client_id});
  ASSERT_TRUE(row);
  const auto awa = connection->query_one("SELECT id FROM users WHERE username = 'awa'");
  EXPECT_EQ(row->text(0), awa->text(0));
  EXPECT_EQ(row->text(1), row->text(9));
  EXPECT_EQ(json::parse(row->text(2)), json::parse(R"({"text": "3,5"})"));
  EXPECT_EQ(row->integer(3), 1);
  EXPECT_EQ(row->real(4), 1.0);
  EXPECT_EQ(row->integer(5), 4200);
  EXPECT_EQ(row->text(6), "numeric");
  EXPECT_FALSE(row->text(7).empty());
  EXPECT_EQ(row->text(8), "SN");
}

// `value` without the members named "…_at" (dates), at every depth.
json::value without_dates(json::value value) {
  if (value.is_object()) {
    json::object& object = value.as_object();
    for (auto it = object.begin(); it != object.end();) {
      if (std::string_view(it->key()).ends_with("_at")) {
        it = object.erase(it);
      } else {
        it->value() = without_dates(std::move(it->value()));
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value.as_array()) {
      item = without_dates(std::move(item));
    }
  }
  return value;
}

TEST_P(AttemptsApi, TheSetListsItsQuestionsWithoutTheirAnswers) {
  const auto resource = http_get(port(), "/api/v1/resources/" + set_);
  ASSERT_EQ(resource.status, 200) << resource.body;
  const json::value body = json::parse(resource.body);
  const json::array& questions = body.at("questions").as_array();
  ASSERT_EQ(questions.size(), 4U) << resource.body;
  EXPECT_EQ(questions[0].at("type").as_string(), "numeric");
  EXPECT_EQ(questions[1].at("choices").as_array().size(), 2U);
  EXPECT_EQ(questions[1].at("choices").as_array().at(1).as_string(), "Thiès");
  // Nothing that gives an answer away: no feedback, no credit, no accepted number, and the
  // items to order are not listed in the right order.
  // Searched in everything but the dates ("…T14:43:33.507Z" holds "3.5" one time in a hundred).
  const std::string searched = json::serialize(without_dates(body));
  for (const char* secret : {"Bravo", "Non, c'est Dakar", "fraction", "3.5", "numbers"}) {
    EXPECT_EQ(searched.find(secret), std::string::npos) << secret << " in " << searched;
  }
  EXPECT_NE(questions[2].at("items"), json::parse(R"(["1/4", "1/2", "3/4"])"));
  const auto answered = post(awa_, attempt(core::new_id(), kOrdering, right_order()));
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(json::parse(answered.body).at("correct").as_bool(), true) << right_order();
  const auto wrong = post(awa_, attempt(core::new_id(), kOrdering, R"({"order": [0, 1, 2]})"));
  EXPECT_EQ(json::parse(wrong.body).at("correct").as_bool(), false);
}

TEST_P(AttemptsApi, AnotherPupilCannotReuseAClientIdNorReadItsResult) {
  const std::string client_id = core::new_id();
  ASSERT_EQ(post(awa_, attempt(client_id, kNumeric, R"({"text": "3.5"})")).status, 200);
  const Headers moussa =
      with_json(sign_in(port(), {.username = "moussa", .password = "soleil", .school = "DKR001"}));
  const auto reused = post(moussa, attempt(client_id, kNumeric, R"({"text": "3.5"})"));
  EXPECT_EQ(reused.status, 409) << reused.body;
  EXPECT_EQ(reused.body.find("Bravo"), std::string::npos);
  EXPECT_EQ(count(), 1);
}

TEST_P(AttemptsApi, BrokenOrRefusedSubmissionsSayWhyAndRecordNothing) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"not json", 400, "must be JSON"},
      {"[]", 400, "JSON object"},
      {R"({"resource": ")" + set_ + R"(", "question": ")" + kNumeric + R"(", "response": {}})", 400,
       "client_id"},
      {attempt("not-a-uuid", kNumeric, R"({"text": "1"})"), 400, "client_id"},
      {attempt(core::new_id(), kNumeric, R"({"choice": 1})"), 400, "numeric response needs"},
      {attempt(core::new_id(), kChoice, R"({"choice": 7})"), 400, "index from 0 to 1"},
      {attempt(core::new_id(), kChoice, R"("Dakar")"), 400, "must be an object"},
      {attempt(core::new_id(), kOrdering, R"({"order": [0, 0, 1]})"), 400, "twice"},
      {attempt(core::new_id(), kOrdering, R"({"order": [0, 1]})"), 400, "3 entries"},
      {attempt(core::new_id(), kReading, R"({})"), 400, "takes no answer"},
      {attempt(core::new_id(), kNumeric, R"({"text": ")" + std::string(5000, '9') + "\"}"), 400,
       "longer than"},
      {attempt(core::new_id(), core::new_id(), R"({"text": "1"})"), 422, "not in the published"},
      {R"({"client_id": ")" + core::new_id() + R"(", "resource": ")" + core::new_id() +
           R"(", "question": ")" + kNumeric + R"(", "response": {"text": "1"}})",
       404, "No published exercise set"},
      {R"({"client_id": ")" + core::new_id() + R"(", "resource": ")" + set_ +
           R"(", "question": ")" + kNumeric +
           R"(", "response": {"text": "1"}, "answered_at": "yesterday\r\nX: y"})",
       400, "answered_at"},
  };
  for (const auto& c : cases) {
    const auto response = post(awa_, c.body);
    EXPECT_EQ(response.status, c.status) << c.body << " -> " << response.body;
    EXPECT_NE(response.body.find(c.says), std::string::npos) << c.body << " -> " << response.body;
  }
  // The door: no session, no CSRF header, a staff account.
  const std::string good = attempt(core::new_id(), kNumeric, R"({"text": "3.5"})");
  EXPECT_EQ(post({{"Content-Type", "application/json"}}, good).status, 401);
  Headers no_token;
  for (const auto& header : awa_) {
    if (header.first != "X-CSRF-Token") {
      no_token.push_back(header);
    }
  }
  EXPECT_EQ(post(no_token, good).status, 403);
  const Headers teacher = with_json(sign_in(port(), {.username = "sn.teacher"}));
  const auto staff = post(teacher, good);
  EXPECT_EQ(staff.status, 403);
  EXPECT_NE(staff.body.find("Only pupils"), std::string::npos) << staff.body;
  EXPECT_EQ(count(), 0);
}

TEST_P(AttemptsApi, ABatchAnswersEachAttemptInOrderAndKeepsTheGoodOnes) {
  const std::string repeated = core::new_id();
  const std::string body = R"({"attempts": [)" + attempt(repeated, kNumeric, R"({"text": "3.5"})") +
                           "," + attempt(core::new_id(), kChoice, R"({"choice": 0})") +
                           R"(, {"client_id": 12}, )" +
                           attempt(repeated, kNumeric, R"({"text": "4"})") + "," +
                           attempt(core::new_id(), kOrdering, right_order()) + "]}";
  const auto response = post(awa_, body, "/api/v1/attempts/batch");
  ASSERT_EQ(response.status, 200) << response.body;
  const json::array results = json::parse(response.body).at("results").as_array();
  ASSERT_EQ(results.size(), 5U);
  EXPECT_EQ(results[0].at("status").as_int64(), 200);
  EXPECT_EQ(results[0].at("correct").as_bool(), true);
  EXPECT_EQ(results[1].at("correct").as_bool(), true);
  EXPECT_EQ(results[2].at("status").as_int64(), 400);
  EXPECT_EQ(results[3].at("attempt_id"), results[0].at("attempt_id"));
  EXPECT_EQ(results[3].at("correct").as_bool(), true) << "a replay keeps the first result";
  EXPECT_EQ(results[4].at("correct").as_bool(), true);
  EXPECT_EQ(count(), 3);
  // The whole batch again (the phone did not get the answer): nothing more is recorded.
  const auto again = post(awa_, body, "/api/v1/attempts/batch");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body), json::parse(response.body));
  EXPECT_EQ(count(), 3);

  std::string too_many = R"({"attempts": [)";
  for (int i = 0; i < 201; ++i) {
    too_many += (i == 0 ? "" : ",") + attempt(core::new_id(), kNumeric, R"({"text": "1"})");
  }
  const auto refused = post(awa_, too_many + "]}", "/api/v1/attempts/batch");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("at most 200"), std::string::npos) << refused.body;
  EXPECT_EQ(post(awa_, R"({"attempts": 3})", "/api/v1/attempts/batch").status, 400);
  EXPECT_EQ(count(), 3);
}

TEST_P(AttemptsApi, TheSameAnswerSentAtOnceFromManyConnectionsIsRecordedOnce) {
  const std::string client_id = core::new_id();
  const std::string body = attempt(client_id, kChoice, R"({"choice": 0})");
  std::vector<HttpResponse> answers(8);
  {
    std::vector<std::jthread> senders;
    senders.reserve(answers.size());
    for (auto& answer : answers) {
      senders.emplace_back([&answer, &body, this] { answer = post(awa_, body); });
    }
  }
  for (const auto& answer : answers) {
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(json::parse(answer.body), json::parse(answers.front().body));
  }
  EXPECT_EQ(count(), 1);
}

TEST_P(AttemptsApi, ProgressCountsThePupilsOwnAttemptsPerSet) {
  ASSERT_EQ(post(awa_, attempt(core::new_id(), kNumeric, R"({"text": "2"})")).status, 200);
  ASSERT_EQ(post(awa_, attempt(core::new_id(), kNumeric, R"({"text": "3.5"})")).status, 200);
  ASSERT_EQ(post(awa_, attempt(core::new_id(), kChoice, R"({"choice": 1})")).status, 200);
  const auto progress = http_get(port(), "/api/v1/me/progress", awa_);
  ASSERT_EQ(progress.status, 200) << progress.body;
  const json::object body = json::parse(progress.body).as_object();
  EXPECT_EQ(body.at("attempts").as_int64(), 3);
  const json::array& sets = body.at("exercise_sets").as_array();
  ASSERT_EQ(sets.size(), 1U);
  EXPECT_EQ(sets[0].at("resource").as_string(), set_);
  EXPECT_EQ(sets[0].at("questions_answered").as_int64(), 2);
  EXPECT_EQ(sets[0].at("questions_correct").as_int64(), 1);
  // Another pupil sees only their own.
  const Headers fatou =
      with_json(sign_in(port(), {.username = "fatou", .password = "soleil", .school = "DKR001"}));
  const auto theirs = http_get(port(), "/api/v1/me/progress", fatou);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(json::parse(theirs.body).at("attempts").as_int64(), 0);
}

TEST_P(AttemptsApi, ErasingAPupilExportsThenDeletesTheirAttempts) {
  ASSERT_EQ(post(awa_, attempt(core::new_id(), kNumeric, R"({"text": "3.5"})")).status, 200);
  std::string awa_id;
  {
    auto connection = db().read();
    awa_id = connection->query_one("SELECT id FROM users WHERE username = 'awa'")->text(0);
  }
  const Headers admin = with_json(sign_in(port(), {.username = "sn.admin"}));
  const auto exported = http_get(port(), "/api/v1/pupils/" + awa_id + "/export", admin);
  ASSERT_EQ(exported.status, 200) << exported.body;
  bool found = false;
  const json::value sections = json::parse(exported.body).at("sections");
  for (const auto& section : sections.as_array()) {
    if (section.at("name") == "attempts") {
      found = section.at("data").as_array().size() == 1;
    }
  }
  EXPECT_TRUE(found) << exported.body;
  const auto erased = http_request(port(), "DELETE", "/api/v1/pupils/" + awa_id, admin);
  ASSERT_EQ(erased.status / 100, 2) << erased.body;
  EXPECT_EQ(count(), 0);
}

IMAGINECOLE_ON_BOTH_BACKENDS(AttemptsApi);

}  // namespace
}  // namespace imaginecole::testing
