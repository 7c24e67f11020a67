// SPDX-License-Identifier: AGPL-3.0-or-later
// The exercise player through the real binary on SQLite and PostgreSQL, as plain HTML forms:
// practice shows one question with its hints, checks it, keeps the answer beside the verdict
// (colour and sign), records a signed-in pupil's answer once per page (a form sent twice counts
// once) and refuses a pupil's form without its token; an empty answer is not graded; a visitor
// practises without any record; choices render their maths; a quiz gives a score and a review.
#include <gtest/gtest.h>

#include "exercises/question.hpp"
#include "http/request.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

constexpr char kField[] = "0190f0f0-0000-7000-8000-00000000b001";
constexpr char kMaths[] = "0190f0f0-0000-7000-8000-00000000b002";
constexpr char kOrder[] = "0190f0f0-0000-7000-8000-00000000b003";
constexpr char kRead[] = "0190f0f0-0000-7000-8000-00000000b004";

// The value of the first hidden or text field called `name` in a page ("" when absent).
std::string value_of(const std::string& page, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = page.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + marker.size();
  return page.substr(start, page.find('"', start) - start);
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string encode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == ',') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

class Player : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    publish_questions();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    const Headers signed_in =
        sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"});
    for (const auto& header : signed_in) {
      if (header.first == "Cookie") {
        awa_.push_back(header);
      }
    }
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  virtual std::vector<exercises::Question> set_questions() const {
    std::vector<exercises::Question> questions(4);
    questions[0].id = kRead;
    questions[0].type = exercises::QuestionType::description;
    questions[0].prompt = "Lis bien chaque question.";
    questions[1].id = kField;
    questions[1].type = exercises::QuestionType::numeric;
    questions[1].prompt = "Un champ de 300 m sur 300 m : quelle surface ?";
    questions[1].numbers = {{9, 0, 1, "Bravo."}};
    questions[1].units = {{"ha", 1}};
    questions[1].hints = {"Calcule d'abord en m².", "Un hectare fait 10 000 m²."};
    questions[1].solution = "300 × 300 = 90 000 m², soit **9 ha**.";
    questions[2].id = kMaths;
    questions[2].type = exercises::QuestionType::single_choice;
    questions[2].prompt = "Quel est le déterminant ?";
    questions[2].choices = {{"$$\\det\\left(A\\right) = ad - bc$$", 1, "Oui."},
                            {"*ad + bc*", 0, "Non."}};
    questions[3].id = kOrder;
    questions[3].type = exercises::QuestionType::ordering;
    questions[3].prompt = "Range du plus petit au plus grand.";
    questions[3].items = {"1/4", "1/2", "3/4"};
    return questions;
  }

  void publish_questions() {
    const auto questions = set_questions();
    auto connection = db().write();
    set_ = connection
               ->query_one(
                   "SELECT id FROM resources WHERE kind = 'exercise_set' AND status = "
                   "'published' AND origin_country = 'SN' ORDER BY id LIMIT 1")
               ->text(0);
    title_ = connection->query_one("SELECT title FROM resources WHERE id = ?", {set_})->text(0);
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {exercises::questions_to_json(questions), set_});
  }

  std::string path() const { return "/r/" + set_ + "/exercise"; }
  HttpResponse post(const Headers& who, const std::string& body) {
    Headers headers = who;
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return http_request(port(), "POST", path(), headers, body);
  }
  // The practice form of `page` with the pupil's answer to the question at `index`.
  static std::string answer_form(const std::string& page, std::size_t index,
                                 const std::string& answer_fields) {
    std::string body = "mode=practice";
    for (const char* name : {"csrf_token", "shown", "started", "left", "right", "streak"}) {
      body += std::string("&") + name + "=" + encode(value_of(page, name));
    }
    const std::string cid = "cid" + std::to_string(index);
    return body + "&" + cid + "=" + value_of(page, cid) + "&" + answer_fields;
  }
  std::int64_t attempts() {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM attempts")->integer(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string set_;
  std::string title_;
  Headers awa_;  // the pupil's session cookie only: forms carry their own token
};

TEST_P(Player, PracticeShowsOneQuestionTitledByItsSetWithHintsBeforeAnswering) {
  const auto page = http_get(port(), path());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<h1>" + title_ + "</h1>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<title>" + title_), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/r/" + set_ + "\""), std::string::npos);  // back to the lesson
  EXPECT_EQ(occurrences(page.body, "<section class=\"question\""), 1U);
  EXPECT_NE(page.body.find("Lis bien chaque question."), std::string::npos);  // the text to read
  // Each hint in its own <details>, before any answer; the worked solution not yet.
  EXPECT_NE(page.body.find("<summary>Indice 1</summary>"), std::string::npos);
  EXPECT_NE(page.body.find("<summary>Indice 2</summary>"), std::string::npos);
  EXPECT_EQ(page.body.find("90 000"), std::string::npos);
  // The expected unit beside the field.
  EXPECT_NE(page.body.find("<span class=\"unit\">ha</span>"), std::string::npos);
  EXPECT_NE(page.body.find("0 / 3 réussies"), std::string::npos);
  EXPECT_EQ(page.header("cache-control").value_or(""), "no-store");
}

TEST_P(Player, APupilsAnswerIsRecordedOnceAndKeptBesideItsVerdict) {
  const auto page = http_get(port(), path(), awa_);
  ASSERT_EQ(page.status, 200);
  ASSERT_FALSE(value_of(page.body, "csrf_token").empty()) << page.body;
  const std::string form = answer_form(page.body, 1, "q1=9+hectares");
  const auto checked = post(awa_, form);
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_NE(checked.body.find("class=\"result ok\" role=\"status\""), std::string::npos);
  EXPECT_NE(checked.body.find("✓"), std::string::npos);
  EXPECT_NE(checked.body.find("value=\"9 hectares\""), std::string::npos);   // kept
  EXPECT_NE(checked.body.find("<strong>9 ha</strong>"), std::string::npos);  // the solution now
  EXPECT_NE(checked.body.find("1 / 3 réussies"), std::string::npos);
  EXPECT_NE(checked.body.find("Question suivante"), std::string::npos);
  EXPECT_EQ(attempts(), 1);
  {
    auto connection = db().read();
    const auto row = connection->query_one("SELECT question_id, response, correct FROM attempts");
    EXPECT_EQ(row->text(0), kField);
    EXPECT_NE(row->text(1).find("9 hectares"), std::string::npos);
    EXPECT_EQ(row->integer(2), 1);
  }
  // The same form again (pressed twice, or resent after "back"): the same page, no new record.
  const auto again = post(awa_, form);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_NE(again.body.find("class=\"result ok\""), std::string::npos);
  EXPECT_EQ(attempts(), 1);
  // A new display of the question is a new answer.
  const auto wrong = post(awa_, answer_form(http_get(port(), path(), awa_).body, 1, "q1=8"));
  EXPECT_NE(wrong.body.find("class=\"result wrong\""), std::string::npos);
  EXPECT_NE(wrong.body.find("✗"), std::string::npos);
  EXPECT_NE(wrong.body.find("value=\"8\""), std::string::npos);
  EXPECT_EQ(attempts(), 2);
}

TEST_P(Player, AnEmptyAnswerIsNotGradedAndAPupilsFormNeedsItsToken) {
  const auto page = http_get(port(), path(), awa_);
  const auto empty = post(awa_, answer_form(page.body, 1, "q1=+"));
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Réponds d’abord à la question"), std::string::npos);
  EXPECT_EQ(empty.body.find("class=\"result"), std::string::npos);            // no verdict, no 0
  EXPECT_NE(empty.body.find("<button type=\"submit\">"), std::string::npos);  // the form stays
  std::string forged = answer_form(page.body, 1, "q1=9");
  forged.replace(forged.find("csrf_token="), 11, "csrf_token=x");
  EXPECT_EQ(post(awa_, forged).status, 403);
  EXPECT_EQ(attempts(), 0);
}

TEST_P(Player, AVisitorPractisesWithoutARecord) {
  const auto page = http_get(port(), path());
  EXPECT_EQ(value_of(page.body, "csrf_token"), "");
  const auto checked = post({}, answer_form(page.body, 1, "q1=90000+m"));
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_NE(checked.body.find("class=\"result wrong\""), std::string::npos);  // m is a length
  EXPECT_EQ(attempts(), 0);
  // Until mastery: the missed question comes back after others; the next is the maths one.
  const auto next = checked.body.find("class=\"button\" href=\"");
  ASSERT_NE(next, std::string::npos);
  const auto start = next + 21;
  std::string url = checked.body.substr(start, checked.body.find('"', start) - start);
  for (auto at = url.find("&amp;"); at != std::string::npos; at = url.find("&amp;")) {
    url.replace(at, 5, "&");
  }
  const auto second = http_get(port(), url);
  EXPECT_NE(second.body.find("Quel est le déterminant"), std::string::npos) << url;
  EXPECT_NE(value_of(second.body, "left").find("2,"), std::string::npos);
}

TEST_P(Player, ChoicesRenderTheirMarkdownAndMaths) {
  const auto page = http_get(port(), path() + "?mode=quiz");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("$$"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<math"), std::string::npos);
  EXPECT_NE(page.body.find("<em>ad + bc</em>"), std::string::npos);
}

TEST_P(Player, AQuizIsScoredAtTheEndWithAReviewAndRecordsWhatWasAnswered) {
  const auto page = http_get(port(), path() + "?mode=quiz", awa_);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(occurrences(page.body, "<section class=\"question\""), 3U);
  const std::string base = "mode=quiz&csrf_token=" + value_of(page.body, "csrf_token") +
                           "&cid1=" + value_of(page.body, "cid1") +
                           "&cid2=" + value_of(page.body, "cid2") +
                           "&cid3=" + value_of(page.body, "cid3");
  const auto none = post(awa_, base);
  EXPECT_EQ(none.status, 422);
  EXPECT_NE(none.body.find("réponds au moins à une question"), std::string::npos);
  EXPECT_EQ(attempts(), 0);
  const auto ended = post(awa_, base + "&q1=9+ha&q2=1");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_NE(ended.body.find("Score : <strong>1"), std::string::npos) << ended.body;
  EXPECT_NE(ended.body.find("class=\"result ok\""), std::string::npos);
  EXPECT_NE(ended.body.find("class=\"result wrong\""), std::string::npos);
  EXPECT_NE(ended.body.find("Sans réponse"), std::string::npos);
  EXPECT_NE(ended.body.find("value=\"9 ha\""), std::string::npos);         // the pupil's answer
  EXPECT_NE(ended.body.find("<strong>9 ha</strong>"), std::string::npos);  // the solution
  EXPECT_NE(ended.body.find("Recommencer"), std::string::npos);
  EXPECT_EQ(attempts(), 2);
  EXPECT_EQ(post(awa_, base + "&q1=9+ha&q2=1").status, 200);  // sent again: nothing more
  EXPECT_EQ(attempts(), 2);
}

IMAGINECOLE_ON_BOTH_BACKENDS(Player);

// An open answer: a text box, kept after "Vérifier", recorded for the teacher's mark and shown
// as waiting for it, never as right or wrong.
class PlayerEssay : public Player {
 protected:
  std::vector<exercises::Question> set_questions() const override {
    std::vector<exercises::Question> questions(1);
    questions[0].id = kField;
    questions[0].type = exercises::QuestionType::essay;
    questions[0].prompt = "Raconte ta journée au marché.";
    questions[0].response_template = "Ce matin, ";
    questions[0].expected_words = 80;
    questions[0].marking_guide = "Trois idées au moins.";
    return questions;
  }
};

TEST_P(PlayerEssay, AnOpenAnswerIsKeptRecordedAndWaitsForItsMark) {
  const auto page = http_get(port(), path(), awa_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find(">Ce matin, </textarea>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("80 mots environ"), std::string::npos);
  EXPECT_EQ(page.body.find("Trois idées"), std::string::npos);  // the guide is the teacher's
  // The template alone is no answer.
  EXPECT_EQ(post(awa_, answer_form(page.body, 0, "q0=Ce+matin%2C+")).status, 422);
  EXPECT_EQ(attempts(), 0);
  const auto sent =
      post(awa_, answer_form(page.body, 0, "q0=Ce+matin%2C+j%27ai+vendu+des+mangues."));
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_NE(sent.body.find("class=\"result pending\""), std::string::npos) << sent.body;
  EXPECT_NE(sent.body.find("ton enseignant la corrigera"), std::string::npos);
  EXPECT_EQ(sent.body.find("class=\"result wrong\""), std::string::npos);
  EXPECT_NE(sent.body.find(">Ce matin, j&#39;ai vendu des mangues.</textarea>"), std::string::npos)
      << sent.body;
  auto connection = db().read();
  const auto row = connection->query_one("SELECT question_type, response, correct FROM attempts");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->text(0), "essay");
  EXPECT_NE(row->text(1).find("des mangues"), std::string::npos);
  EXPECT_EQ(row->integer(2), 0);
}

IMAGINECOLE_ON_BOTH_BACKENDS(PlayerEssay);

}  // namespace
}  // namespace imaginecole::testing
