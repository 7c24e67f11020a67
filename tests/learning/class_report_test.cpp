// SPDX-License-Identifier: AGPL-3.0-or-later
// The issue's "done when", over HTTP on both backends: a teacher assigns a quiz to a class of
// thirty-one; thirty pupils take it at once through POST /api/v1/attempts; the class report
// (GET /api/v1/classes/{id}/report) shows exactly their answers: each pupil's score and
// status, the most missed questions with the share of wrong answers, and who has not started.
// The report page shows the same, and a pupil's history shows their responses.
#include <map>
#include <thread>

#include "teaching_fixture.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class ClassReport : public TeachingTest {};

struct Taker {
  std::string username;
  std::string password;
  Headers session;
  std::string id;
  bool numeric_right = false;
  bool choice_right = false;
};

TEST_P(ClassReport, ThirtyPupilsTakeAQuizAtOnceAndTheReportShowsExactlyTheirAnswers) {
  // 28 pupils join the 3 of the demo: 31 in the class, 30 take the quiz.
  std::string list;
  for (int i = 0; i < 28; ++i) {
    list += std::string(i == 0 ? "" : ", ") + R"({"display_name": "Élève )" + std::to_string(i) +
            R"(", "username": "eleve)" + std::to_string(i) + R"(", "password": "jardin-)" +
            std::to_string(i) + R"(-soleil"})";
  }
  const auto created = http_request(port(), "POST", "/api/v1/classes/" + class_id_ + "/pupils",
                                    teacher_, R"({"pupils": [)" + list + "]}");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto assigned = assign(
      teacher_, assignment(core::new_id(), set_, R"("mode": "quiz", "due_at": "2030-06-30")"));
  ASSERT_EQ(assigned.status, 201) << assigned.body;

  std::vector<Taker> takers;
  for (const char* demo : {"awa", "moussa", "fatou"}) {
    takers.push_back({.username = demo, .password = "soleil"});
  }
  for (int i = 0; i < 27; ++i) {  // eleve27 never starts
    takers.push_back({.username = "eleve" + std::to_string(i),
                      .password = "jardin-" + std::to_string(i) + "-soleil"});
  }
  for (std::size_t i = 0; i < takers.size(); ++i) {
    takers[i].session = pupil(takers[i].username, takers[i].password);
    takers[i].id = user_id(takers[i].username);
    takers[i].numeric_right = i % 2 == 0;
    takers[i].choice_right = i % 3 == 0;
  }
  ASSERT_EQ(takers.size(), 30U);

  // All at once: each pupil sends two answers on its own connection.
  std::vector<int> failures(takers.size(), 0);
  {
    std::vector<std::jthread> pupils;
    for (std::size_t i = 0; i < takers.size(); ++i) {
      pupils.emplace_back([this, &takers, &failures, i] {
        const Taker& taker = takers[i];
        const auto numeric =
            answer(taker.session, kNumeric,
                   taker.numeric_right ? R"({"text": "3,5"})" : R"({"text": "4"})");
        const auto choice = answer(taker.session, kChoice,
                                   taker.choice_right ? R"({"choice": 0})" : R"({"choice": 1})");
        failures[i] = (numeric.status != 200) + (choice.status != 200);
      });
    }
  }
  for (std::size_t i = 0; i < takers.size(); ++i) {
    EXPECT_EQ(failures[i], 0) << takers[i].username;
  }

  const auto response = http_get(port(), "/api/v1/classes/" + class_id_ + "/report", teacher_);
  ASSERT_EQ(response.status, 200) << response.body;
  const json::object report = json::parse(response.body).as_object();
  const json::array& items = report.at("items").as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].at("questions").as_int64(), 3);
  const json::array& rows = report.at("pupils").as_array();
  ASSERT_EQ(rows.size(), 31U);
  std::map<std::string, const json::object*> by_id;
  for (const auto& row : rows) {
    by_id[std::string(row.at("id").as_string())] = &row.as_object();
  }
  int numeric_wrong = 0;
  int choice_wrong = 0;
  for (const auto& taker : takers) {
    ASSERT_TRUE(by_id.contains(taker.id)) << taker.username;
    const json::object& cell = by_id[taker.id]->at("items").as_array().at(0).as_object();
    const int right = int{taker.numeric_right} + int{taker.choice_right};
    EXPECT_EQ(cell.at("answers").as_int64(), 2) << taker.username;
    EXPECT_EQ(cell.at("attempts").as_int64(), 1) << taker.username;
    EXPECT_EQ(cell.at("questions_answered").as_int64(), 2) << taker.username;
    EXPECT_EQ(cell.at("status").as_string(), "in_progress") << taker.username;
    EXPECT_NEAR(cell.at("best_score").as_double(), right / 3.0, 1e-9) << taker.username;
    EXPECT_NEAR(cell.at("last_score").as_double(), right / 3.0, 1e-9) << taker.username;
    EXPECT_TRUE(by_id[taker.id]->at("started").as_bool());
    numeric_wrong += taker.numeric_right ? 0 : 1;
    choice_wrong += taker.choice_right ? 0 : 1;
  }
  const std::string never = user_id("eleve27");
  EXPECT_EQ(by_id[never]->at("items").as_array().at(0).at("status").as_string(), "not_started");
  const json::array& not_started = report.at("not_started").as_array();
  ASSERT_EQ(not_started.size(), 1U);
  EXPECT_EQ(not_started[0].at("id").as_string(), never);

  // Most missed: the choice (20 of 30 wrong) before the numeric question (15 of 30).
  const json::array& missed = report.at("most_missed").as_array();
  ASSERT_EQ(missed.size(), 2U) << json::serialize(missed);
  EXPECT_EQ(missed[0].at("question").as_string(), kChoice);
  EXPECT_EQ(missed[0].at("pupils_wrong").as_int64(), choice_wrong);
  EXPECT_EQ(missed[0].at("pupils_answered").as_int64(), 30);
  EXPECT_NEAR(missed[0].at("share_wrong").as_double(), choice_wrong / 30.0, 1e-9);
  EXPECT_EQ(missed[0].at("prompt").as_string(), "Capitale du Sénégal ?");
  EXPECT_EQ(missed[1].at("question").as_string(), kNumeric);
  EXPECT_EQ(missed[1].at("pupils_wrong").as_int64(), numeric_wrong);

  // The page: the table, the most missed question, who has not started, printable.
  const auto page = http_get(port(), "/classes/" + class_id_ + "/report", teacher_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Capitale du Sénégal"), std::string::npos);
  EXPECT_NE(page.body.find("pas commencé"), std::string::npos);
  EXPECT_NE(page.body.find("Élève 27"), std::string::npos);
  EXPECT_NE(page.body.find("<th scope=\"row\">"), std::string::npos);
  // Another teacher sees neither.
  EXPECT_EQ(http_get(port(), "/api/v1/classes/" + class_id_ + "/report", other_teacher_).status,
            404);
  EXPECT_EQ(http_get(port(), "/classes/" + class_id_ + "/report", other_teacher_).status, 404);

  // A pupil's history: their responses, newest first, with the verdict.
  const auto history =
      http_get(port(), "/classes/" + class_id_ + "/pupils/" + takers[1].id + "/history", teacher_);
  ASSERT_EQ(history.status, 200) << history.body;
  const auto choice_at = history.body.find("Capitale du Sénégal");
  const auto numeric_at = history.body.find("<strong>4</strong>");
  EXPECT_NE(choice_at, std::string::npos) << history.body;
  EXPECT_NE(numeric_at, std::string::npos) << history.body;
  EXPECT_EQ(http_get(port(), "/classes/" + class_id_ + "/pupils/" + takers[1].id + "/history",
                     other_teacher_)
                .status,
            404);
}

TEST_P(ClassReport, BestIsTheHighestAndLastTheNewestOfAPupilsAnswers) {
  // Three answers to one question: the best counts once, the last is the newest.
  const Headers awa = pupil("awa");
  ASSERT_EQ(assign(teacher_, assignment(core::new_id(), set_)).status, 201);
  ASSERT_EQ(answer(awa, kNumeric, R"({"text": "4"})").status, 200);
  ASSERT_EQ(answer(awa, kNumeric, R"({"text": "3.5"})").status, 200);
  ASSERT_EQ(answer(awa, kNumeric, R"({"text": "5"})").status, 200);
  const auto response = http_get(port(), "/api/v1/classes/" + class_id_ + "/report", teacher_);
  ASSERT_EQ(response.status, 200) << response.body;
  const json::value report = json::parse(response.body);
  bool seen = false;
  for (const auto& row : report.at("pupils").as_array()) {
    if (row.at("username") == "awa") {
      seen = true;
      const auto& cell = row.at("items").as_array().at(0);
      EXPECT_EQ(cell.at("attempts").as_int64(), 3);
      EXPECT_NEAR(cell.at("best_score").as_double(), 1.0 / 3, 1e-9);
      EXPECT_NEAR(cell.at("last_score").as_double(), 0.0, 1e-9);
    }
  }
  EXPECT_TRUE(seen);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ClassReport);

}  // namespace
}  // namespace imaginecole::testing
