// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: mock exam papers drawn from the published sets
// tagged with an exam, the same paper for the same seed, timed by a start the server signed,
// scored by topic with the solutions of the questions missed; a signed-in pupil's answers
// recorded once as attempts, an anonymous visitor's not at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "exercises/question.hpp"
#include "learning/mock_paper.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

constexpr char kNumeric[] = "0190f0f0-0000-7000-8000-00000000c001";
constexpr char kChoice[] = "0190f0f0-0000-7000-8000-00000000c002";
constexpr char kTruth[] = "0190f0f0-0000-7000-8000-00000000c003";
constexpr char kPaper[] = "/examens/SN/CFEE/epreuve";

std::string hidden_field(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

std::string questions_of(const std::string& html) {
  const auto start = html.find("<ol class=\"results\">");
  return start == std::string::npos ? "" : html.substr(start, html.find("</ol>", start) - start);
}

std::string cookie_of(const Headers& who) {
  for (const auto& [name, value] : who) {
    if (name == "Cookie") {
      return value;
    }
  }
  return {};
}

class ExamPractice : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    {
      // The demo's two sets tagged CFEE in Senegal get three questions of our own.
      auto connection = db().write();
      std::vector<exercises::Question> revision(2);
      revision[0].id = kNumeric;
      revision[0].type = exercises::QuestionType::numeric;
      revision[0].prompt = "Combien font 7 / 2 ?";
      revision[0].numbers = {{3.5, 0, 1, ""}};
      revision[0].solution = "On partage 7 en deux.";
      revision[1].id = kChoice;
      revision[1].type = exercises::QuestionType::single_choice;
      revision[1].prompt = "Capitale du Sénégal ?";
      revision[1].choices = {{"Dakar", 1, ""}, {"Thiès", 0, ""}};
      revision[1].solution = "Dakar est la capitale depuis 1960.";
      std::vector<exercises::Question> fractions(1);
      fractions[0].id = kTruth;
      fractions[0].type = exercises::QuestionType::true_false;
      fractions[0].prompt = "Une moitié vaut deux quarts.";
      fractions[0].truth = true;
      const auto set = [&connection](const std::string& title, const auto& questions) {
        ASSERT_EQ(connection->execute("UPDATE resources SET questions = ? WHERE title = ? AND "
                                      "exam_codes LIKE '%CFEE%'",
                                      {exercises::questions_to_json(questions), title}),
                  1)
            << title << " is a demo set tagged CFEE";
      };
      set("Révision CFEE : problèmes de la vie courante", revision);
      set("Exercices sur les fractions", fractions);
    }
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  // The form's fields for a paper page, with answers: the right ones, except a wrong choice.
  static std::string answers_for(const std::string& html, const std::string& csrf) {
    const std::vector<std::pair<std::string, std::string>> prompts = {
        {"Combien font 7 / 2", "3%2C5"}, {"Capitale du S", "1"}, {"Une moiti", "true"}};
    std::vector<std::pair<std::size_t, std::string>> order;
    order.reserve(prompts.size());
    for (const auto& [prompt, answer] : prompts) {
      order.emplace_back(html.find(prompt), answer);
    }
    std::sort(order.begin(), order.end());
    std::string fields = "csrf_token=" + csrf + "&seed=" + hidden_field(html, "seed") +
                         "&n=" + hidden_field(html, "n") +
                         "&started=" + hidden_field(html, "started") +
                         "&sig=" + hidden_field(html, "sig");
    for (std::size_t i = 0; i < order.size(); ++i) {
      fields += "&a" + std::to_string(i) + "=" + order[i].second;
      const std::string client_id = hidden_field(html, "c" + std::to_string(i + 1));
      if (!client_id.empty()) {
        fields += "&c" + std::to_string(i + 1) + "=" + client_id;
      }
    }
    return fields;
  }

  HttpResponse hand_in(const std::string& fields, const std::string& cookie = {}) {
    Headers headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    if (!cookie.empty()) {
      headers.emplace_back("Cookie", cookie);
    }
    return http_request(port(), "POST", kPaper, headers, fields);
  }

  std::int64_t attempts() {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM attempts")->integer(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(ExamPractice, APaperIsNamedByItsSeedAndScoredByTopicWithTheSolutionsMissed) {
  // Senegal's CM2 page leads to the practice of its exam and to its learning paths.
  const auto level = http_get(port(), "/c/SN/cm2");
  EXPECT_NE(level.body.find("/examens/SN/CFEE"), std::string::npos);
  EXPECT_NE(level.body.find("/parcours?country=SN&amp;level=cm2"), std::string::npos);

  const auto home = http_get(port(), "/examens/SN/CFEE");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_NE(home.body.find("/examens/SN/CFEE/epreuve?n=10"), std::string::npos);
  EXPECT_NE(home.body.find("3 questions"), std::string::npos) << home.body;

  const auto fresh = http_get(port(), std::string(kPaper) + "?n=10");
  ASSERT_EQ(fresh.status, 303);
  EXPECT_NE(fresh.header("location").value_or("").find("&seed="), std::string::npos);

  const auto paper = http_get(port(), std::string(kPaper) + "?n=10&seed=42");
  ASSERT_EQ(paper.status, 200) << paper.body;
  EXPECT_FALSE(questions_of(paper.body).empty()) << paper.body;
  EXPECT_EQ(questions_of(http_get(port(), std::string(kPaper) + "?n=10&seed=42").body),
            questions_of(paper.body));
  EXPECT_NE(paper.body.find("exam-timer"), std::string::npos) << "the optional countdown";
  EXPECT_NE(paper.body.find("3 questions, 4 minutes"), std::string::npos) << paper.body;

  const auto report = hand_in(answers_for(paper.body, ""));
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("Ta note : 2 sur 3"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("2 / 3"), std::string::npos) << "one topic: Senegal's CM2 maths";
  const std::string missed = report.body.substr(report.body.find("Questions à revoir"));
  EXPECT_NE(missed.find("Capitale du Sénégal"), std::string::npos);
  EXPECT_NE(missed.find("Dakar est la capitale depuis 1960."), std::string::npos);
  EXPECT_EQ(missed.find("Combien font"), std::string::npos);
  EXPECT_EQ(report.body.find("enregistrées"), std::string::npos);
  EXPECT_EQ(attempts(), 0) << "an anonymous visitor's answers are not kept";

  // A changed seed or start time is refused rather than scored.
  std::string forged = answers_for(paper.body, "");
  forged.replace(forged.find("&seed=42"), 8, "&seed=43");
  EXPECT_EQ(hand_in(forged).status, 400);
  EXPECT_EQ(http_get(port(), "/examens/SN/NOPE").status, 404);
  EXPECT_EQ(http_get(port(), "/examens/XX/CFEE").status, 404);
}

TEST_P(ExamPractice, AnswersHandedInAfterTheLimitCountAsLate) {
  const auto paper = http_get(port(), std::string(kPaper) + "?n=10&seed=7");
  ASSERT_EQ(paper.status, 200);
  std::string secret;
  {
    auto connection = db().read();
    secret =
        connection->query_one("SELECT value FROM node_settings WHERE key = 'exam_paper_secret'")
            ->text(0);
  }
  // The paper started an hour ago, signed as the server would have.
  const std::int64_t started = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count() -
                               3600;
  const std::string signature = learning::sign_ticket(
      secret, {.country = "SN", .exam = "CFEE", .seed = 7, .size = 10, .started = started});
  std::string fields = answers_for(paper.body, "");
  fields.replace(fields.find("&started="), fields.find("&sig=") - fields.find("&started="),
                 "&started=" + std::to_string(started));
  fields.replace(fields.find("&sig=") + 5, 64, signature);
  const auto report = hand_in(fields);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("rendue en retard"), std::string::npos) << report.body;
}

TEST_P(ExamPractice, APupilsAnswersAreRecordedOnceAsAttempts) {
  const Headers awa =
      sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"});
  const auto paper = http_get(port(), std::string(kPaper) + "?n=10&seed=42", awa);
  ASSERT_EQ(paper.status, 200);
  const std::string csrf = hidden_field(paper.body, "csrf_token");
  ASSERT_FALSE(csrf.empty());
  ASSERT_FALSE(hidden_field(paper.body, "c1").empty()) << "the server makes the answers' UUIDs";
  const std::string fields = answers_for(paper.body, csrf);

  // Without the session's token nothing is recorded.
  std::string no_token = fields;
  no_token.replace(0, no_token.find('&'), "csrf_token=x");
  EXPECT_EQ(hand_in(no_token, cookie_of(awa)).status, 403);
  EXPECT_EQ(attempts(), 0);

  const auto report = hand_in(fields, cookie_of(awa));
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("enregistrées"), std::string::npos) << report.body;
  EXPECT_EQ(attempts(), 3);
  // The same copy handed in again (a double press, a reload) counts once.
  ASSERT_EQ(hand_in(fields, cookie_of(awa)).status, 200);
  EXPECT_EQ(attempts(), 3);
  auto connection = db().read();
  EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM attempts WHERE correct = 1")->integer(0),
            2);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ExamPractice);

}  // namespace
}  // namespace imaginecole::testing
