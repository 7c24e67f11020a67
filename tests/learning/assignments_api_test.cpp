// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: a teacher gives a published set or lesson to their
// class (or some of its pupils) through POST /api/v1/classes/{id}/assignments, once per client
// UUID; another teacher's class answers 404 like a missing one; broken requests say why; the
// pupil sees their assignments with where they stand (GET /api/v1/me/assignments); a cancelled
// assignment disappears for pupils; Assignments::rules_for gives the player the rules.
#include "accounts/accounts.hpp"
#include "catalog/resource_store.hpp"
#include "learning/assignments.hpp"
#include "teaching_fixture.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class AssignmentsApi : public TeachingTest {
 protected:
  std::int64_t count() {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM assignments")->integer(0);
  }
  json::array mine(const Headers& who) {
    const auto response = http_get(port(), "/api/v1/me/assignments", who);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("assignments").as_array();
  }
};

TEST_P(AssignmentsApi, ATeacherAssignsASetOnceAndOnlyToTheirOwnClass) {
  const std::string client_id = core::new_id();
  const std::string body =
      assignment(client_id, set_,
                 R"("mode": "quiz", "order": "shuffled", "attempts_allowed": 2, )"
                 R"("solutions": "after_due", "opens_at": "2026-01-05", "due_at": "2030-01-10")");
  const auto created = assign(teacher_, body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json::object made = json::parse(created.body).as_object();
  EXPECT_EQ(made.at("resource").as_string(), set_);
  EXPECT_EQ(made.at("class").as_string(), class_id_);
  EXPECT_EQ(made.at("mode").as_string(), "quiz");
  EXPECT_EQ(made.at("order").as_string(), "shuffled");
  EXPECT_EQ(made.at("attempts_allowed").as_int64(), 2);
  EXPECT_EQ(made.at("solutions").as_string(), "after_due");
  EXPECT_EQ(made.at("opens_at").as_string(), "2026-01-05T00:00:00.000Z");
  EXPECT_EQ(made.at("due_at").as_string(), "2030-01-10T23:59:59.999Z");
  EXPECT_EQ(made.at("kind").as_string(), "exercise_set");
  EXPECT_EQ(count(), 1);

  // Sent again (even changed): the first assignment, nothing more.
  const auto replay = assign(teacher_, assignment(client_id, lesson_));
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(json::parse(replay.body).at("id"), made.at("id"));
  EXPECT_EQ(count(), 1);

  const auto listed = http_get(port(), "/api/v1/classes/" + class_id_ + "/assignments", teacher_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json::parse(listed.body).at("assignments").as_array().size(), 1U);

  // Another school's teacher: the class answers like one that does not exist.
  const auto theirs = assign(other_teacher_, assignment(core::new_id(), set_));
  const auto missing = assign(other_teacher_, assignment(core::new_id(), set_), core::new_id());
  EXPECT_EQ(theirs.status, 404) << theirs.body;
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(theirs.body, missing.body);
  EXPECT_EQ(
      http_get(port(), "/api/v1/classes/" + class_id_ + "/assignments", other_teacher_).status,
      404);
  // A pupil may not assign; nobody without the CSRF header.
  EXPECT_EQ(assign(pupil("awa"), assignment(core::new_id(), set_)).status, 403);
  Headers no_token;
  for (const auto& header : teacher_) {
    if (header.first != "X-CSRF-Token") {
      no_token.push_back(header);
    }
  }
  EXPECT_EQ(assign(no_token, assignment(core::new_id(), set_)).status, 403);
  EXPECT_EQ(count(), 1);
}

TEST_P(AssignmentsApi, BrokenRequestsSayWhyAndCreateNothing) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"not json", 400, "JSON object"},
      {assignment("not-a-uuid", set_), 400, "client_id"},
      {assignment(core::new_id(), set_, R"("mode": "exam")"), 400, "practice or quiz"},
      {assignment(core::new_id(), set_, R"("order": "random")"), 400, "fixed or shuffled"},
      {assignment(core::new_id(), set_, R"("solutions": "soon")"), 400, "after_attempt"},
      {assignment(core::new_id(), set_, R"("attempts_allowed": -1)"), 400, "attempts_allowed"},
      {assignment(core::new_id(), set_, R"("attempts_allowed": "2")"), 400, "whole number"},
      {assignment(core::new_id(), set_, R"("due_at": "tomorrow")"), 400, "due_at"},
      {assignment(core::new_id(), set_, R"("opens_at": "2026-02-10", "due_at": "2026-02-01")"), 400,
       "before the opening"},
      {assignment(core::new_id(), set_, R"("solutions": "after_due")"), 400, "need a due date"},
      {assignment(core::new_id(), core::new_id()), 404, "No published lesson"},
      {assignment(core::new_id(), lesson_, R"("mode": "quiz")"), 422, "Only an exercise set"},
      {assignment(core::new_id(), set_, R"("pupils": [")" + user_id("aya") + R"("])"), 422,
       "not in this class"},
      {assignment(core::new_id(), set_, R"("pupils": "all")"), 400, "array"},
  };
  for (const auto& c : cases) {
    const auto response = assign(teacher_, c.body);
    EXPECT_EQ(response.status, c.status) << c.body << " -> " << response.body;
    EXPECT_NE(response.body.find(c.says), std::string::npos) << c.body << " -> " << response.body;
  }
  EXPECT_EQ(count(), 0);
}

TEST_P(AssignmentsApi, APupilSeesTheirAssignmentsWithWhereTheyStand) {
  const Headers awa = pupil("awa");
  ASSERT_EQ(assign(teacher_, assignment(core::new_id(), set_, R"("due_at": "2030-01-10")")).status,
            201);
  // Overdue: due long ago, not done.
  ASSERT_EQ(assign(teacher_, assignment(core::new_id(), lesson_,
                                        R"("opens_at": "2020-01-01", "due_at": "2020-01-02")"))
                .status,
            201);
  // For Moussa only: Awa does not see it.
  ASSERT_EQ(assign(teacher_,
                   assignment(core::new_id(), set_,
                              R"("group": "Soutien", "pupils": [")" + user_id("moussa") + R"("])"))
                .status,
            201);
  // Not open yet: nobody sees it.
  ASSERT_EQ(
      assign(teacher_, assignment(core::new_id(), set_, R"("opens_at": "2031-01-01")")).status,
      201);

  json::array list = mine(awa);
  ASSERT_EQ(list.size(), 2U) << json::serialize(list);
  EXPECT_EQ(list[0].at("resource").as_string(), lesson_);  // due first
  EXPECT_EQ(list[0].at("status").as_string(), "overdue");
  EXPECT_EQ(list[1].at("resource").as_string(), set_);
  EXPECT_EQ(list[1].at("status").as_string(), "not_started");
  EXPECT_EQ(list[1].at("class_name").as_string(), "CM2 A");
  EXPECT_EQ(mine(pupil("moussa")).size(), 3U);

  ASSERT_EQ(answer(awa, kNumeric, R"({"text": "3.5"})").status, 200);
  list = mine(awa);
  EXPECT_EQ(list[1].at("status").as_string(), "in_progress");
  EXPECT_EQ(list[1].at("progress").at("questions").as_int64(), 3);
  EXPECT_EQ(list[1].at("progress").at("questions_answered").as_int64(), 1);
  ASSERT_EQ(answer(awa, kChoice, R"({"choice": 1})").status, 200);
  ASSERT_EQ(answer(awa, kOrdering, R"({"order": [0, 1, 2]})").status, 200);
  list = mine(awa);
  EXPECT_EQ(list[1].at("status").as_string(), "done");
  EXPECT_NEAR(list[1].at("progress").at("best_score").as_double(), 1.0 / 3, 1e-9);
  // Others' answers are not Awa's.
  EXPECT_EQ(mine(pupil("fatou"))[1].at("status").as_string(), "not_started");
  // "Mon espace" lists what is left to do: the overdue lesson, not the set now done.
  const auto space = http_get(port(), "/me", awa);
  ASSERT_EQ(space.status, 200) << space.body;
  EXPECT_NE(space.body.find("status-overdue\"><a href=\"/r/" + lesson_ + "\""), std::string::npos)
      << space.body;
  EXPECT_EQ(space.body.find("<a href=\"/r/" + set_ + "\""), std::string::npos) << space.body;
}

TEST_P(AssignmentsApi, ACancelledAssignmentLeavesThePupilsListAndTheRules) {
  const auto created = assign(
      teacher_, assignment(core::new_id(), set_,
                           R"("mode": "quiz", "attempts_allowed": 1, "solutions": "never")"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());

  // The player's rules for Awa on this set (what the lead feeds to the exercise player).
  accounts::Accounts accounts(db(), "test-node");
  catalog::ResourceStore resources(db(), "test-node");
  learning::Assignments assignments(db(), resources, accounts);
  const auto rules = assignments.rules_for(user_id("awa"), set_);
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->mode, "quiz");
  EXPECT_EQ(rules->attempts_allowed, 1);
  EXPECT_EQ(rules->solutions, "never");
  EXPECT_FALSE(assignments.rules_for(user_id("aya"), set_));
  EXPECT_FALSE(assignments.rules_for(user_id("awa"), lesson_));

  // A change by another teacher is refused like a missing assignment; the teacher's own works.
  const std::string path = "/api/v1/classes/" + class_id_ + "/assignments/" + id;
  EXPECT_EQ(http_request(port(), "POST", path, other_teacher_, R"({"mode": "practice"})").status,
            404);
  const auto changed = http_request(port(), "POST", path, teacher_,
                                    R"({"mode": "practice", "attempts_allowed": 3})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(assignments.rules_for(user_id("awa"), set_)->attempts_allowed, 3);

  ASSERT_EQ(mine(pupil("awa")).size(), 1U);
  const auto cancelled = http_request(port(), "POST", path + "/cancel", teacher_, "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_TRUE(json::parse(cancelled.body).at("cancelled").as_bool());
  EXPECT_EQ(mine(pupil("awa")).size(), 0U);
  EXPECT_FALSE(assignments.rules_for(user_id("awa"), set_));
  // Kept, not deleted: the teacher still sees it among the cancelled.
  const auto all =
      http_get(port(), "/api/v1/classes/" + class_id_ + "/assignments?cancelled=1", teacher_);
  EXPECT_EQ(json::parse(all.body).at("assignments").as_array().size(), 1U);
  EXPECT_EQ(count(), 1);
}

IMAGINECOLE_ON_BOTH_BACKENDS(AssignmentsApi);

}  // namespace
}  // namespace imaginecole::testing
