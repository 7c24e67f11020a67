// SPDX-License-Identifier: AGPL-3.0-or-later
// Marking open answers on both backends: an essay attempt (inserted as the essay type will
// record it: question_type 'essay', score 0) waits on /classes/{id}/marking; only a teacher of
// the pupil's class marks it (POST /api/v1/attempts/{id}/mark or the page's form); a later
// mark supersedes an earlier one; the attempt itself never changes; the report counts the
// marked essay with its mark.
#include "teaching_fixture.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr char kEssay[] = "0190f0f0-0000-7000-8000-00000000b0e5";

class Marking : public TeachingTest {
 protected:
  // An essay answer of `username` on the set, as the essay type will record it.
  std::string essay_attempt(const std::string& username, const std::string& text) {
    std::string id = core::new_id();
    auto connection = db().write();
    const auto pupil = connection->query_one(
        "SELECT u.id, u.school_id FROM users u WHERE u.username = ?", {username});
    connection->execute(
        "INSERT INTO attempts (id, client_id, pupil_id, school_id, country_code, resource_id, "
        "question_id, question_type, response, correct, score, answered_at, recorded_at, "
        "origin_node) VALUES (?, ?, ?, ?, 'SN', ?, ?, 'essay', ?, 0, 0, "
        "'2026-12-05T10:00:00.000Z', '2026-12-05T10:00:00.000Z', 'test')",
        {id, core::new_id(), pupil->text(0), pupil->text(1), set_, std::string(kEssay),
         json::serialize(json::object{{"text", text}})});
    return id;
  }
  HttpResponse mark(const Headers& who, const std::string& attempt, const std::string& body) {
    return http_request(port(), "POST", "/api/v1/attempts/" + attempt + "/mark", who, body);
  }
  json::object awa_cell() {
    const auto response = http_get(port(), "/api/v1/classes/" + class_id_ + "/report", teacher_);
    EXPECT_EQ(response.status, 200) << response.body;
    const json::value report = json::parse(response.body);
    for (const auto& row : report.at("pupils").as_array()) {
      if (row.at("username") == "awa") {
        return row.at("items").as_array().at(0).as_object();
      }
    }
    return {};
  }
};

TEST_P(Marking, ATeacherMarksAnEssayAndTheReportCountsTheLatestMark) {
  ASSERT_EQ(assign(teacher_, assignment(core::new_id(), set_)).status, 201);
  const std::string essay = essay_attempt("awa", "Le fleuve Sénégal traverse trois pays.");
  EXPECT_TRUE(awa_cell().at("waiting_for_mark").as_bool());
  EXPECT_EQ(awa_cell().at("best_score").as_double(), 0.0);

  const auto queue = http_get(port(), "/classes/" + class_id_ + "/marking", teacher_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("Le fleuve Sénégal traverse trois pays."), std::string::npos);
  EXPECT_EQ(http_get(port(), "/classes/" + class_id_ + "/marking", other_teacher_).status, 404);

  // Not the marker's pupil, not a teacher, a broken score: refused, nothing recorded.
  EXPECT_EQ(mark(other_teacher_, essay, R"({"score": 1})").status, 404);
  EXPECT_EQ(mark(other_teacher_, core::new_id(), R"({"score": 1})").body,
            mark(other_teacher_, essay, R"({"score": 1})").body);
  EXPECT_EQ(mark(pupil("awa"), essay, R"({"score": 1})").status, 403);
  EXPECT_EQ(mark(teacher_, essay, R"({"score": 1.5})").status, 400);
  EXPECT_EQ(mark(teacher_, essay, R"({"score": "bien"})").status, 400);
  EXPECT_EQ(mark(teacher_, essay, R"({"comment": "bien"})").status, 400);
  const auto graded = answer(pupil("awa"), kNumeric, R"({"text": "4"})");
  ASSERT_EQ(graded.status, 200);
  const std::string graded_id(json::parse(graded.body).at("attempt_id").as_string());
  EXPECT_EQ(mark(teacher_, graded_id, R"({"score": 1})").status, 422);
  {
    auto connection = db().read();
    EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM attempt_marks")->integer(0), 0);
  }

  const auto first = mark(teacher_, essay, R"({"score": 0.8, "comment": "Bien, cite-les."})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body).at("score").as_double(), 0.8);
  json::object cell = awa_cell();
  EXPECT_FALSE(cell.at("waiting_for_mark").as_bool());
  EXPECT_NEAR(cell.at("best_score").as_double(), 0.8 / 3, 1e-9);
  // Marked: it leaves the queue.
  EXPECT_EQ(http_get(port(), "/classes/" + class_id_ + "/marking", teacher_)
                .body.find("Le fleuve Sénégal traverse trois pays."),
            std::string::npos);

  // A second mark, through the page's form (out of 10): it supersedes the first.
  Headers form = as_form(teacher_);
  const auto posted =
      http_request(port(), "POST", "/classes/" + class_id_ + "/marking/" + essay, form,
                   "csrf_token=" + csrf_of(teacher_) + "&points=4&comment=Relis+la+question.");
  ASSERT_EQ(posted.status, 303) << posted.body;
  cell = awa_cell();
  EXPECT_NEAR(cell.at("best_score").as_double(), 0.4 / 3, 1e-9);
  EXPECT_NEAR(cell.at("last_score").as_double(), 0.4 / 3, 1e-9);
  const auto bad = http_request(port(), "POST", "/classes/" + class_id_ + "/marking/" + essay, form,
                                "csrf_token=" + csrf_of(teacher_) + "&points=12");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("de 0 à 10"), std::string::npos) << bad.body;

  // The attempt itself never changed; both marks are kept.
  auto connection = db().read();
  const auto row =
      connection->query_one("SELECT score, correct FROM attempts WHERE id = ?", {essay});
  EXPECT_EQ(row->real(0), 0.0);
  EXPECT_EQ(row->integer(1), 0);
  EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM attempt_marks")->integer(0), 2);

  // The pupil's history shows the latest mark's comment.
  const auto history = http_get(
      port(), "/classes/" + class_id_ + "/pupils/" + user_id("awa") + "/history", teacher_);
  EXPECT_NE(history.body.find("Relis la question."), std::string::npos);
}

IMAGINECOLE_ON_BOTH_BACKENDS(Marking);

}  // namespace
}  // namespace imaginecole::testing
