// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: a pupil's answers change their mastery per skill
// (decision 0032), in GET /api/v1/me/progress, in the pupil's space (/me) and on the class's
// skills page for its teacher. A question tagged with a skill counts for it; the other
// questions of a set count for the unit the set is placed in.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "catalog/curriculum_store.hpp"
#include "catalog/placement_store.hpp"
#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "exercises/question_store.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr char kFirst[] = "0190f0f0-0000-7000-8000-00000000b001";
constexpr char kSecond[] = "0190f0f0-0000-7000-8000-00000000b002";
constexpr char kThird[] = "0190f0f0-0000-7000-8000-00000000b003";

class MasteryApi : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    prepare_skills();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    awa_ =
        with_json(sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"}));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  // A unit "Fractions" and its topic "Comparer" under the subject where a published set of
  // Senegal is placed; the set placed in the unit; three questions of its own and one of the
  // bank tagged with the topic.
  void prepare_skills() {
    const std::string node = storage::node_id(db());
    {
      auto connection = db().read();
      const auto row = connection->query_one(
          "SELECT r.id, p.node_id FROM resources r JOIN placements p ON p.resource_id = r.id "
          "WHERE r.kind = 'exercise_set' AND r.status = 'published' AND r.origin_country = 'SN' "
          "AND p.country_code = 'SN' ORDER BY r.id, p.node_id LIMIT 1");
      set_ = row->text(0);
      subject_ = row->text(1);
    }
    exercises::Question tagged;
    tagged.type = exercises::QuestionType::true_false;
    tagged.prompt = "1/2 est plus grand que 1/4.";
    tagged.truth = true;
    exercises::QuestionStore(db(), node).create("SN", tagged, "");
    tagged_ = tagged.id;
    catalog::CurriculumStore curricula(db(), node);
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    catalog::CurriculumNode unit{.country_code = "SN",
                                 .parent_id = subject_,
                                 .kind = catalog::NodeKind::unit,
                                 .slug = "fractions",
                                 .names = R"({"fr": "Fractions", "en": "Fractions"})",
                                 .position = 1};
    curricula.insert_node(*connection, unit);
    unit_ = unit.id;
    catalog::CurriculumNode topic{.country_code = "SN",
                                  .parent_id = unit_,
                                  .kind = catalog::NodeKind::topic,
                                  .slug = "comparer",
                                  .names = R"({"fr": "Comparer des fractions"})",
                                  .position = 1};
    curricula.insert_node(*connection, topic);
    topic_ = topic.id;
    const auto placed =
        catalog::PlacementStore(db(), node)
            .place(*connection, {.country_code = "SN", .resource_id = set_, .node_id = unit_});
    ASSERT_TRUE(placed.ok()) << placed.error().message;
    connection->execute(
        "INSERT INTO question_skills (question_id, skill_id, created_at, origin_node) "
        "VALUES (?, ?, '2026-12-01T00:00:00Z', ?)",
        {tagged_, topic_, node});
    std::vector<exercises::Question> questions(4);
    for (std::size_t i = 0; i < 3; ++i) {
      questions[i].id = std::vector<std::string>{kFirst, kSecond, kThird}[i];
      questions[i].type = exercises::QuestionType::numeric;
      questions[i].prompt = "Combien font " + std::to_string(i) + " + 1 ?";
      questions[i].numbers = {{static_cast<double>(i + 1), 0, 1, "Bravo."}};
    }
    questions[3] = tagged;
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {exercises::questions_to_json(questions), set_});
    transaction.commit();
  }

  // Answers question `question` (numeric: `value`; the tagged one: true/false).
  void answer(const std::string& question, const std::string& response,
              const std::string& answered_at = "") {
    std::string body = R"({"client_id": ")" + core::new_id() + R"(", "resource": ")" + set_ +
                       R"(", "question": ")" + question + R"(", "response": )" + response;
    if (!answered_at.empty()) {
      body += R"(, "answered_at": ")" + answered_at + "\"";
    }
    body += "}";
    const auto posted = http_request(port(), "POST", "/api/v1/attempts", awa_, body);
    ASSERT_EQ(posted.status, 200) << posted.body;
  }

  // The level of each skill in the pupil's progress, by skill id.
  std::map<std::string, std::string> levels() {
    const auto progress = http_get(port(), "/api/v1/me/progress", awa_);
    EXPECT_EQ(progress.status, 200) << progress.body;
    std::map<std::string, std::string> out;
    const json::value body = json::parse(progress.body);
    for (const auto& entry : body.at("mastery").as_array()) {
      out[std::string(entry.at("skill").as_string())] = entry.at("level").as_string();
    }
    return out;
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string set_, subject_, unit_, topic_, tagged_;
  Headers awa_;
};

TEST_P(MasteryApi, AnswersChangeThePupilsMasteryPerSkill) {
  EXPECT_TRUE(levels().empty());

  answer(kFirst, R"({"text": "1"})", "2026-12-01T09:00:00Z");
  EXPECT_EQ(levels()[unit_], "familiar");
  answer(kSecond, R"({"text": "7"})", "2026-12-01T09:01:00Z");
  EXPECT_EQ(levels()[unit_], "attempted");  // one right of two
  answer(kSecond, R"({"text": "2"})", "2026-12-01T09:02:00Z");
  answer(kThird, R"({"text": "3"})", "2026-12-01T09:03:00Z");
  EXPECT_EQ(levels()[unit_], "proficient");
  // The next day, still right: mastered.
  answer(kFirst, R"({"text": "1"})", "2026-12-02T09:00:00Z");
  EXPECT_EQ(levels()[unit_], "mastered");

  // The tagged question counts for its own skill, not for the set's unit.
  EXPECT_EQ(levels().count(topic_), 0U);
  answer(tagged_, R"({"truth": false})");
  auto now = levels();
  EXPECT_EQ(now[topic_], "attempted");
  EXPECT_EQ(now[unit_], "mastered");
}

TEST_P(MasteryApi, MasteryNamesTheSkillAndItsSubject) {
  answer(kFirst, R"({"text": "1"})");
  const auto progress = http_get(port(), "/api/v1/me/progress", awa_);
  const json::array mastery = json::parse(progress.body).at("mastery").as_array();
  ASSERT_EQ(mastery.size(), 1U) << progress.body;
  EXPECT_EQ(mastery[0].at("name").as_string(), "Fractions");
  EXPECT_EQ(mastery[0].at("subject").as_string(), "mathematiques");
  EXPECT_EQ(mastery[0].at("level").as_string(), "familiar");
}

TEST_P(MasteryApi, ThePupilsSpaceShowsLevelSubjectsWhereToContinueAndMastery) {
  const auto before = http_get(port(), "/me", awa_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_NE(before.body.find("<strong>CM2</strong>"), std::string::npos);
  EXPECT_NE(before.body.find("href=\"/c/SN/cm2/mathematiques\""), std::string::npos);
  EXPECT_NE(before.body.find("href=\"/me/assignments\""), std::string::npos);
  EXPECT_EQ(before.body.find("space-continue"), std::string::npos) << "nothing to continue yet";
  EXPECT_EQ(before.body.find("Fractions"), std::string::npos);

  answer(kFirst, R"({"text": "1"})");
  const auto after = http_get(port(), "/me", awa_);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("href=\"/r/" + set_ + "/exercise\""), std::string::npos);
  EXPECT_NE(after.body.find("class=\"mastery-familiar\"><span class=\"mastery-sign\" "
                            "aria-hidden=\"true\">◑</span> Fractions"),
            std::string::npos)
      << after.body;
  EXPECT_NE(after.body.find("<meter class=\"space-bar\" min=\"0\" max=\"100\" value=\"100\""),
            std::string::npos)
      << "one right of one";
}

TEST_P(MasteryApi, MeSendsOthersToTheirLandingAndVisitorsToSignIn) {
  const auto visitor = http_get(port(), "/me");
  EXPECT_EQ(visitor.status, 303);
  EXPECT_EQ(visitor.header("location"), "/signin?next=/me");
  const auto teacher = http_get(port(), "/me", sign_in(port(), {.username = "sn.teacher"}));
  EXPECT_EQ(teacher.status, 303);
  EXPECT_EQ(teacher.header("location"), "/classes");
}

TEST_P(MasteryApi, TheClassTeacherSeesEachPupilsLevelPerSkillOthersDoNot) {
  std::string class_id;
  {
    auto connection = db().read();
    class_id = connection
                   ->query_one(
                       "SELECT g.scope_id FROM role_grants g JOIN users u ON u.id = g.user_id "
                       "WHERE u.username = 'awa' AND g.role = 'pupil'")
                   ->text(0);
  }
  const std::string path = "/classes/" + class_id + "/skills";
  const Headers teacher = sign_in(port(), {.username = "sn.teacher"});
  const auto empty = http_get(port(), path, teacher);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.body.find("mastery-table"), std::string::npos);

  answer(kFirst, R"({"text": "1"})");
  answer(kSecond, R"({"text": "2"})");
  answer(kThird, R"({"text": "3"})");
  const auto page = http_get(port(), path, teacher);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<th scope=\"col\">Fractions"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<th scope=\"row\">Awa</th><td class=\"mastery-proficient\""),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<td class=\"mastery-not_started\""), std::string::npos)
      << "the other pupils have not started";
  // The class page links to it.
  EXPECT_NE(http_get(port(), "/classes/" + class_id, teacher).body.find("href=\"" + path + "\""),
            std::string::npos);

  EXPECT_EQ(http_get(port(), path, sign_in(port(), {.username = "ci.teacher"})).status, 404);
  EXPECT_EQ(http_get(port(), "/classes/no-such-class/skills", teacher).status, 404);
  EXPECT_EQ(http_get(port(), path, awa_).status, 403);
  const auto visitor = http_get(port(), path);
  EXPECT_EQ(visitor.status, 303);
}

IMAGINECOLE_ON_BOTH_BACKENDS(MasteryApi);

}  // namespace
}  // namespace imaginecole::testing
