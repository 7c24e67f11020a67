// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: an open answer (essay) reaches pupils without its
// marking guide, and POST /api/v1/attempts records it unmarked (score 0, status
// "awaiting_mark", question_type 'essay'), refusing an answer over 10,000 characters with 422.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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

constexpr char kEssay[] = "0190f0f0-0000-7000-8000-00000000e001";
constexpr char kNumber[] = "0190f0f0-0000-7000-8000-00000000e002";

class EssayAttempts : public DemoBackendTest {
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

  std::string publish_questions() {
    std::vector<exercises::Question> questions(2);
    questions[0].id = kEssay;
    questions[0].type = exercises::QuestionType::essay;
    questions[0].prompt = "Décris ton village en quelques phrases.";
    questions[0].response_template = "Mon village s'appelle";
    questions[0].expected_words = 60;
    questions[0].marking_guide = "GUIDE-SECRET : 5 points pour le vocabulaire.";
    questions[1].id = kNumber;
    questions[1].type = exercises::QuestionType::numeric;
    questions[1].prompt = "Combien font 2 + 2 ?";
    questions[1].numbers = {{4, 0, 1, ""}};
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
           question + R"(", "response": )" + response + "}";
  }
  HttpResponse post(const std::string& body) {
    return http_request(port(), "POST", "/api/v1/attempts", awa_, body);
  }
  std::int64_t count(const std::string& where) {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM attempts WHERE " + where)->integer(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string set_;
  Headers awa_;
};

TEST_P(EssayAttempts, PupilsGetTheEssayWithoutItsMarkingGuide) {
  const auto resource = http_get(port(), "/api/v1/resources/" + set_);
  ASSERT_EQ(resource.status, 200) << resource.body;
  EXPECT_EQ(resource.body.find("GUIDE-SECRET"), std::string::npos);
  bool found = false;
  const json::value body = json::parse(resource.body);
  for (const auto& question : body.at("questions").as_array()) {
    if (question.at("id") == kEssay) {
      found = true;
      EXPECT_EQ(question.at("type"), "essay");
      EXPECT_EQ(question.at("response_template"), "Mon village s'appelle");
      EXPECT_EQ(question.at("expected_words"), 60);
    }
  }
  EXPECT_TRUE(found) << resource.body;
}

TEST_P(EssayAttempts, AnEssayIsRecordedAwaitingATeachersMark) {
  const std::string client_id = core::new_id();
  const auto first =
      post(attempt(client_id, kEssay, R"({"text": "Mon village s'appelle Ndiaganiao."})"));
  ASSERT_EQ(first.status, 200) << first.body;
  const json::object result = json::parse(first.body).as_object();
  EXPECT_EQ(result.at("status"), "awaiting_mark");
  EXPECT_EQ(result.at("correct").as_bool(), false);
  EXPECT_EQ(result.at("score").to_number<double>(), 0.0);
  EXPECT_EQ(count("question_type = 'essay' AND score = 0 AND correct = 0"), 1);

  // A replay gives the same answer, still awaiting its mark.
  const auto replay = post(attempt(client_id, kEssay, R"({"text": "autre"})"));
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(json::parse(replay.body), json::parse(first.body));

  // Machine-graded questions say so.
  const auto graded = post(attempt(core::new_id(), kNumber, R"({"text": "4"})"));
  ASSERT_EQ(graded.status, 200) << graded.body;
  EXPECT_EQ(json::parse(graded.body).at("status"), "graded");
}

TEST_P(EssayAttempts, AnOverlongOrMisshapenEssayIsRefusedClearly) {
  // 10,000 characters are accepted even when each takes two bytes ("é").
  std::string longest;
  for (int i = 0; i < 10000; ++i) {
    longest += "\u00e9";
  }
  const auto fits = post(attempt(core::new_id(), kEssay, R"({"text": ")" + longest + R"("})"));
  EXPECT_EQ(fits.status, 200) << fits.body.substr(0, 300);

  const auto too_long =
      post(attempt(core::new_id(), kEssay, R"({"text": ")" + std::string(10001, 'a') + R"("})"));
  EXPECT_EQ(too_long.status, 422) << too_long.body;
  EXPECT_NE(too_long.body.find("10000"), std::string::npos) << too_long.body;

  const auto not_text = post(attempt(core::new_id(), kEssay, R"({"text": 12})"));
  EXPECT_EQ(not_text.status, 400) << not_text.body;
  EXPECT_NE(not_text.body.find("\\\"text\\\" must be a text"), std::string::npos) << not_text.body;
  EXPECT_EQ(count("question_type = 'essay'"), 1);
}

IMAGINECOLE_ON_BOTH_BACKENDS(EssayAttempts);

}  // namespace
}  // namespace imaginecole::testing
