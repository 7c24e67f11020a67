// SPDX-License-Identifier: AGPL-3.0-or-later
// The teaching pages without JavaScript, on both backends: the class page leads to its
// assignments; the form assigns (303 and a notice), the edit form changes, cancelling asks
// first; the pupil's /me/assignments lists theirs; a worksheet prints the school's and class's
// names, the numbered questions with maths as MathML, and the answer key on its own page.
#include "teaching_fixture.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class TeachingPages : public TeachingTest {
 protected:
  HttpResponse post_form(const std::string& path, const std::string& body) {
    return http_request(port(), "POST", path, as_form(teacher_),
                        "csrf_token=" + csrf_of(teacher_) + "&" + body);
  }
  std::string title_of(const std::string& id) {
    auto connection = db().read();
    return connection->query_one("SELECT title FROM resources WHERE id = ?", {id})->text(0);
  }
};

TEST_P(TeachingPages, ATeacherAssignsChangesAndCancelsThroughPlainForms) {
  const auto class_page = http_get(port(), "/classes/" + class_id_, teacher_);
  ASSERT_EQ(class_page.status, 200);
  EXPECT_NE(class_page.body.find("/classes/" + class_id_ + "/assignments"), std::string::npos);

  const std::string list_path = "/classes/" + class_id_ + "/assignments";
  const auto empty = http_get(port(), list_path + "?resource=" + set_, teacher_);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_NE(empty.body.find("Aucun devoir"), std::string::npos);
  EXPECT_NE(empty.body.find("value=\"" + set_ + "\" checked"), std::string::npos);
  EXPECT_EQ(http_get(port(), list_path, other_teacher_).status, 404);

  const std::string client_id = core::new_id();
  const std::string form = "client_id=" + client_id + "&resource=" + set_ +
                           "&who=some&pupil=" + user_id("moussa") +
                           "&group=Soutien&mode=quiz&order=fixed&attempts_allowed=2"
                           "&solutions=after_due&opens_at=2026-01-01&due_at=2030-03-01";
  const auto created = post_form(list_path, form);
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(created.header("location").value_or(""), list_path);
  // The same form sent twice (a double press): one assignment.
  ASSERT_EQ(post_form(list_path, form).status, 303);
  const auto listed = http_get(port(), list_path, teacher_);
  EXPECT_NE(listed.body.find(title_of(set_)), std::string::npos);
  EXPECT_NE(listed.body.find("Soutien (1)"), std::string::npos);
  std::string id;
  {
    auto connection = db().read();
    EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM assignments")->integer(0), 1);
    id = connection->query_one("SELECT id FROM assignments")->text(0);
  }
  // Moussa sees it on his page; Awa does not.
  const auto moussa = http_get(port(), "/me/assignments", pupil("moussa"));
  ASSERT_EQ(moussa.status, 200);
  EXPECT_NE(moussa.body.find(title_of(set_)), std::string::npos);
  EXPECT_NE(moussa.body.find("À faire"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/me/assignments", pupil("awa")).body.find(title_of(set_)),
            std::string::npos);

  // A broken form comes back with the error and what was typed.
  const auto broken = post_form(list_path, "client_id=" + core::new_id() + "&resource=" + set_ +
                                               "&mode=quiz&due_at=2026-01-01&opens_at=2026-02-01");
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.body.find("before the opening"), std::string::npos) << broken.body;

  // Edit: to the whole class.
  const auto edit = http_get(port(), list_path + "/" + id + "/edit", teacher_);
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_NE(edit.body.find("value=\"2030-03-01\""), std::string::npos);
  ASSERT_EQ(post_form(list_path + "/" + id,
                      "who=class&mode=practice&order=shuffled&attempts_allowed=0"
                      "&solutions=always&opens_at=2026-01-01&due_at=2030-03-01")
                .status,
            303);
  EXPECT_NE(http_get(port(), "/me/assignments", pupil("awa")).body.find(title_of(set_)),
            std::string::npos);

  // Cancel: asked first, then done only with confirm=yes.
  const auto question = http_get(port(), list_path + "/" + id + "/cancel", teacher_);
  ASSERT_EQ(question.status, 200);
  EXPECT_NE(question.body.find("name=\"confirm\" value=\"yes\""), std::string::npos);
  EXPECT_EQ(post_form(list_path + "/" + id + "/cancel", "").status, 400);
  ASSERT_EQ(post_form(list_path + "/" + id + "/cancel", "confirm=yes").status, 303);
  EXPECT_EQ(http_get(port(), "/me/assignments", pupil("awa")).body.find(title_of(set_)),
            std::string::npos);
  auto connection = db().read();
  EXPECT_EQ(connection->query_one("SELECT cancelled FROM assignments")->integer(0), 1);
}

TEST_P(TeachingPages, AWorksheetPrintsItsQuestionsThenTheAnswerKeyOnItsOwnPage) {
  const std::string path = "/classes/" + class_id_ + "/worksheets/" + set_;
  const auto sheet = http_get(port(), path, teacher_);
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_NE(sheet.body.find("École élémentaire Liberté 6"), std::string::npos);
  EXPECT_NE(sheet.body.find("CM2 A"), std::string::npos);
  EXPECT_NE(sheet.body.find("<math"), std::string::npos) << "maths as MathML";
  const auto questions_at = sheet.body.find("Capitale du Sénégal");
  const auto key_at = sheet.body.find("class=\"answer-key\"");
  ASSERT_NE(key_at, std::string::npos);
  EXPECT_LT(questions_at, key_at);
  // The key: 3.5, Dakar, and the items in the right order, only after the questions.
  const std::string key = sheet.body.substr(key_at);
  EXPECT_NE(key.find("3.5"), std::string::npos) << key;
  EXPECT_NE(key.find("Dakar"), std::string::npos);
  EXPECT_NE(key.find("1/4 ; 1/2 ; 3/4"), std::string::npos) << key;
  EXPECT_EQ(sheet.body.substr(0, key_at).find("1/4 ; 1/2 ; 3/4"), std::string::npos);
  // The print rules put the key on a new page.
  const auto css_at = sheet.body.find("/static/teaching.css");
  ASSERT_NE(css_at, std::string::npos);
  const std::string css_url = sheet.body.substr(css_at, sheet.body.find('"', css_at) - css_at);
  const auto css = http_get(port(), css_url);
  EXPECT_NE(css.body.find(".answer-key{break-before:page"), std::string::npos);

  EXPECT_EQ(http_get(port(), path, other_teacher_).status, 404);
  EXPECT_EQ(http_get(port(), "/classes/" + class_id_ + "/worksheets/" + lesson_, teacher_).status,
            404);
}

IMAGINECOLE_ON_BOTH_BACKENDS(TeachingPages);

}  // namespace
}  // namespace imaginecole::testing
