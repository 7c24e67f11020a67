// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: an editor tags a question with skills of its
// country in the question form (a plain <select>, grouped by level and subject), the API shows
// the tags, and an import's category suggests skills that the editor accepts in one click,
// never added alone.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "catalog/curriculum_store.hpp"
#include "exercises/question.hpp"
#include "exercises/question_form.hpp"
#include "exercises/question_store.hpp"
#include "http/request.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class QuestionSkills : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    prepare();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    editor_ = sign_in(port(), {.username = "sn.editor"});
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  // Senegal's CM2 mathematics get a unit "Fractions" with a topic "Comparer"; Côte d'Ivoire a
  // unit of its own; the bank a question imported under the category "$course$/Fractions".
  void prepare() {
    const std::string node = storage::node_id(db());
    std::string subject;
    std::string other_subject;
    {
      auto connection = db().read();
      const std::string query =
          "SELECT s.id FROM curriculum_nodes s JOIN curriculum_nodes l ON l.id = s.parent_id "
          "WHERE l.slug = 'cm2' AND s.kind = 'subject' AND s.country_code = ? "
          "ORDER BY s.position LIMIT 1 OFFSET 1";
      subject = connection->query_one(query, {std::string("SN")})->text(0);
      other_subject = connection->query_one(query, {std::string("CI")})->text(0);
    }
    question_.type = exercises::QuestionType::true_false;
    question_.name = "Comparer";
    question_.prompt = "1/2 est plus grand que 1/4.";
    question_.category = "$course$/Fractions";
    exercises::QuestionStore(db(), node).create("SN", question_, "");
    catalog::CurriculumStore curricula(db(), node);
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    catalog::CurriculumNode unit{.country_code = "SN",
                                 .parent_id = subject,
                                 .kind = catalog::NodeKind::unit,
                                 .slug = "fractions",
                                 .names = R"({"fr": "Fractions"})",
                                 .position = 1};
    curricula.insert_node(*connection, unit);
    unit_ = unit.id;
    catalog::CurriculumNode topic{.country_code = "SN",
                                  .parent_id = unit_,
                                  .kind = catalog::NodeKind::topic,
                                  .slug = "decimaux",
                                  .names = R"({"fr": "Nombres décimaux"})",
                                  .position = 2};
    curricula.insert_node(*connection, topic);
    topic_ = topic.id;
    catalog::CurriculumNode foreign{.country_code = "CI",
                                    .parent_id = other_subject,
                                    .kind = catalog::NodeKind::unit,
                                    .slug = "fractions",
                                    .names = R"({"fr": "Fractions"})",
                                    .position = 1};
    curricula.insert_node(*connection, foreign);
    foreign_ = foreign.id;
    transaction.commit();
  }

  std::vector<std::string> api_skills() {
    const auto got = http_get(port(), "/api/v1/questions/" + question_.id, editor_);
    EXPECT_EQ(got.status, 200) << got.body;
    std::vector<std::string> out;
    const json::value body = json::parse(got.body);
    for (const auto& skill : body.at("skills").as_array()) {
      out.emplace_back(skill.as_string());
    }
    return out;
  }

  // The question form as a browser posts it, with `skills` chosen in the select.
  HttpResponse post_form(const std::vector<std::string>& skills) {
    std::string body = "csrf_token=" + editor_.back().second + "&skills_shown=1";
    for (const auto& [name, value] : exercises::form_values(question_)) {
      body += "&" + name + "=" + http::percent_encode(value);
    }
    for (const auto& skill : skills) {
      body += "&skills=" + skill;
    }
    Headers headers = editor_;
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return http_request(port(), "POST", "/edit/questions/" + question_.id, headers, body);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  exercises::Question question_;
  std::string unit_, topic_, foreign_;
  Headers editor_;
};

TEST_P(QuestionSkills, TheEditorPicksSkillsOfTheQuestionsCountryGroupedByLevelAndSubject) {
  const auto page = http_get(port(), "/edit/questions/" + question_.id, editor_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<select id=\"f-skills\" name=\"skills\" multiple"), std::string::npos);
  EXPECT_NE(page.body.find("<optgroup label=\"CM2 · "), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<option value=\"" + topic_ + "\">Fractions › Nombres décimaux"),
            std::string::npos);
  EXPECT_EQ(page.body.find(foreign_), std::string::npos) << "another country's skills";
  EXPECT_TRUE(api_skills().empty());

  ASSERT_EQ(post_form({topic_, foreign_, "not-a-skill"}).status, 303);
  EXPECT_EQ(api_skills(), std::vector<std::string>{topic_}) << "only this country's skills";
  EXPECT_NE(http_get(port(), "/edit/questions/" + question_.id, editor_)
                .body.find("<option value=\"" + topic_ + "\" selected>"),
            std::string::npos);
  ASSERT_EQ(post_form({}).status, 303);
  EXPECT_TRUE(api_skills().empty()) << "unselected: untagged";
}

TEST_P(QuestionSkills, TheImportCategorySuggestsSkillsAcceptedInOneClick) {
  const auto page = http_get(port(), "/edit/questions/" + question_.id, editor_);
  ASSERT_EQ(page.status, 200);
  const std::size_t suggested = page.body.find("id=\"suggested-title\"");
  ASSERT_NE(suggested, std::string::npos) << page.body;
  EXPECT_NE(page.body.find("name=\"skill\" value=\"" + unit_ + "\"", suggested), std::string::npos);
  EXPECT_NE(page.body.find("name=\"skill\" value=\"" + topic_ + "\"", suggested), std::string::npos)
      << "the topic's label names its unit";
  EXPECT_TRUE(api_skills().empty()) << "a suggestion is not a tag";

  Headers headers = editor_;
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  const auto accepted =
      http_request(port(), "POST", "/edit/questions/" + question_.id + "/skills", headers,
                   "csrf_token=" + editor_.back().second + "&skill=" + unit_);
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_EQ(accepted.header("location"), "/edit/questions/" + question_.id);
  EXPECT_EQ(api_skills(), std::vector<std::string>{unit_});
  const auto after = http_get(port(), "/edit/questions/" + question_.id, editor_);
  EXPECT_EQ(after.body.find("name=\"skill\" value=\"" + unit_ + "\""), std::string::npos);

  EXPECT_EQ(http_request(port(), "POST", "/edit/questions/" + question_.id + "/skills", headers,
                         "csrf_token=" + editor_.back().second + "&skill=" + foreign_)
                .status,
            400);
  const Headers stranger = sign_in(port(), {.username = "ci.editor"});
  Headers theirs = stranger;
  theirs.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(http_request(port(), "POST", "/edit/questions/" + question_.id + "/skills", theirs,
                         "csrf_token=" + stranger.back().second + "&skill=" + topic_)
                .status,
            404);
  EXPECT_EQ(api_skills(), std::vector<std::string>{unit_});
}

IMAGINECOLE_ON_BOTH_BACKENDS(QuestionSkills);

}  // namespace
}  // namespace imaginecole::testing
