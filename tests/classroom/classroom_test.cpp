// SPDX-License-Identifier: AGPL-3.0-or-later
// The classroom service on SQLite and PostgreSQL: creating pupils one by one and in bulk,
// resets, join codes and requests, who may see a class, and the audit line of every change.
#include <gtest/gtest.h>

#include "accounts/accounts_fixture.hpp"
#include "classroom/classroom.hpp"
#include "classroom/secrets.hpp"

namespace imaginecole::classroom {
namespace {

using accounts::Permission;

class ClassroomTest : public accounts::AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    classroom_ = std::make_unique<Classroom>(accounts(), db(), node_id_);
    const auto school = accounts().schools().school_by_code("DKR001");
    ASSERT_TRUE(school);
    class_id_ = accounts().schools().classes_of(school->id).front().id;
    teacher_ = principal("sn.teacher");
    view_ = *classroom_->class_for(teacher_, Permission::pupils_manage, class_id_);
  }

  accounts::Principal principal(const std::string& username) {
    const auto user = accounts().users().staff_by_username(username);
    EXPECT_TRUE(user) << username;
    return accounts::Principal{.user_id = user->id,
                               .grants = accounts().users().grants_of(user->id)};
  }
  Actor actor() const { return Actor{.user_id = teacher_.user_id, .remote_address = "192.0.2.7"}; }

  std::int64_t count(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
    auto connection = db().read();
    return connection->query_one(sql, params)->integer(0);
  }

  accounts::SignInStatus sign_in(const std::string& username, std::optional<std::string> password,
                                 std::optional<std::string> pictures) {
    accounts::Credentials credentials;
    credentials.username = username;
    credentials.school_code = "DKR001";
    credentials.password = std::move(password);
    credentials.picture_code = std::move(pictures);
    credentials.remote_address = "192.0.2.99";
    return accounts().sign_in().sign_in(credentials).status;
  }

  std::unique_ptr<Classroom> classroom_;
  std::string class_id_;
  accounts::Principal teacher_;
  ClassView view_;
};

TEST_P(ClassroomTest, TeacherCreatesOnePupilWithTypedSecrets) {
  const auto before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'pupil.create'");
  auto created = classroom_->create_pupils(
      view_,
      {NewPupil{.display_name = "Aïssatou Ndiaye", .password = "mangue", .picture_code = "3-7-1"}},
      SecretKind::password, actor());
  ASSERT_TRUE(created) << created.problem().key;
  ASSERT_EQ(created.value().size(), 1U);
  const IssuedCard& card = created.value().front();
  EXPECT_EQ(card.pupil.username, "aissatou.ndiaye");
  EXPECT_EQ(card.password, "mangue");
  EXPECT_EQ(card.picture_code, "3-7-1");
  EXPECT_EQ(sign_in("aissatou.ndiaye", "mangue", std::nullopt), accounts::SignInStatus::signed_in);
  EXPECT_EQ(sign_in("aissatou.ndiaye", std::nullopt, "3-7-1"), accounts::SignInStatus::signed_in);
  // Enrolled in the class, listed with the printable picture code.
  const auto rows = classroom_->pupils(view_, "aissa");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows.front().picture_code, "3-7-1");
  EXPECT_EQ(classroom_->pupils(view_).size(), 4U);  // and the three demo pupils
  // The audit line: who, what, where from; never the secret.
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'pupil.create'"), before + 1);
  auto connection = db().read();
  const auto audit = connection->query_one(
      "SELECT actor_id, target_id, scope_id, remote_address, details FROM audit_log WHERE "
      "action = 'pupil.create' AND target_id = ?",
      {card.pupil.id});
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->text(0), teacher_.user_id);
  EXPECT_EQ(audit->text(2), class_id_);
  EXPECT_EQ(audit->text(3), "192.0.2.7");
  EXPECT_EQ(audit->text(4).find("mangue"), std::string::npos);
}

TEST_P(ClassroomTest, BulkCreationMakesUniqueUsernamesAndIsAllOrNothing) {
  // "awa" is a demo pupil of the school already.
  auto created = classroom_->create_pupils(
      view_, {{.display_name = "Awa"}, {.display_name = "Awa"}, {.display_name = "Moussa Ba"}},
      SecretKind::pictures, actor());
  ASSERT_TRUE(created);
  const auto& cards = created.value();
  ASSERT_EQ(cards.size(), 3U);
  EXPECT_EQ(cards[0].pupil.username, "awa2");
  EXPECT_EQ(cards[1].pupil.username, "awa3");
  EXPECT_EQ(cards[2].pupil.username, "moussa.ba");
  for (const auto& card : cards) {
    EXPECT_FALSE(card.password);
    ASSERT_TRUE(card.picture_code);
    EXPECT_EQ(sign_in(card.pupil.username, std::nullopt, *card.picture_code),
              accounts::SignInStatus::signed_in);
  }
  const auto users_before = count("SELECT COUNT(*) FROM users");
  const auto audit_before = count("SELECT COUNT(*) FROM audit_log");
  // One bad line: nobody is created, nothing is audited.
  for (const std::vector<NewPupil>& broken : std::vector<std::vector<NewPupil>>{
           {{.display_name = "Binta"}, {.display_name = std::string(10000, 'x')}},
           {{.display_name = "Binta"}, {.display_name = ""}},
           {{.display_name = "Binta", .username = "awa"}},
           {{.display_name = "Binta", .username = "x y"}},
           {{.display_name = "Binta", .username = "b1"}, {.display_name = "B", .username = "B1"}},
           {{.display_name = "Binta", .picture_code = "1-1-1"}},
           {{.display_name = "Binta", .picture_code = "0-2-3"}},
           {{.display_name = "Binta", .picture_code = "a-b-c"}},
           {{.display_name = "Binta", .password = "abc"}},
           {}}) {
    const auto outcome = classroom_->create_pupils(view_, broken, SecretKind::password, actor());
    ASSERT_FALSE(outcome);
    EXPECT_FALSE(outcome.problem().key.empty());
  }
  std::vector<NewPupil> too_many(kMaxPupilsAtOnce + 1, NewPupil{.display_name = "X"});
  EXPECT_FALSE(classroom_->create_pupils(view_, too_many, SecretKind::password, actor()));
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit_before);
}

TEST_P(ClassroomTest, ResetsReplaceTheSecretAndAreAudited) {
  auto created =
      classroom_->create_pupils(view_, {{.display_name = "Khady"}}, SecretKind::both, actor());
  ASSERT_TRUE(created);
  const IssuedCard first = created.value().front();
  auto password = classroom_->reset(view_, first.pupil.id, SecretKind::password, "", actor());
  ASSERT_TRUE(password);
  ASSERT_TRUE(password.value().password);
  EXPECT_EQ(sign_in("khady", *first.password, std::nullopt), accounts::SignInStatus::invalid);
  EXPECT_EQ(sign_in("khady", *password.value().password, std::nullopt),
            accounts::SignInStatus::signed_in);
  const std::string other = first.picture_code == "9-8-7" ? "1-2-3" : "9-8-7";
  auto pictures = classroom_->reset(view_, first.pupil.id, SecretKind::pictures, other, actor());
  ASSERT_TRUE(pictures);
  EXPECT_EQ(sign_in("khady", std::nullopt, other), accounts::SignInStatus::signed_in);
  EXPECT_EQ(classroom_->pupils(view_, "khady").front().picture_code, other);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action LIKE "
                  "'pupil.reset%'",
                  {first.pupil.id}),
            2);
  EXPECT_FALSE(classroom_->reset(view_, first.pupil.id, SecretKind::pictures, "1-1-1", actor()));
  EXPECT_FALSE(classroom_->reset(view_, first.pupil.id, SecretKind::password, "ab", actor()));
  // A pupil of another school is not "in this class".
  const auto aya = accounts().users().pupil_by_username(
      accounts().schools().school_by_code("ABJ001")->id, "aya");
  const auto refused = classroom_->reset(view_, aya->id, SecretKind::password, "", actor());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().status, 404);
}

TEST_P(ClassroomTest, OnlyTeachersHeadsAndAdminsOfTheClassSeeIt) {
  EXPECT_TRUE(classroom_->class_for(principal("sn.head"), Permission::pupils_read, class_id_));
  EXPECT_TRUE(classroom_->class_for(principal("sn.admin"), Permission::pupils_manage, class_id_));
  EXPECT_TRUE(
      classroom_->class_for(principal("platform.admin"), Permission::pupils_read, class_id_));
  for (const char* outsider : {"ci.teacher", "ci.head", "ci.admin", "sn.analyst", "sn.editor"}) {
    EXPECT_FALSE(classroom_->class_for(principal(outsider), Permission::pupils_read, class_id_))
        << outsider;
    for (const auto& view : classroom_->classes_for(principal(outsider))) {
      EXPECT_NE(view.school_class.id, class_id_) << outsider;
    }
  }
  EXPECT_FALSE(classroom_->class_for(teacher_, Permission::pupils_read, "no-such-class"));
  ASSERT_EQ(classroom_->classes_for(teacher_).size(), 1U);
  EXPECT_EQ(classroom_->classes_for(principal("sn.head")).size(), 1U);
  EXPECT_EQ(classroom_->classes_for(principal("platform.admin")).size(), 2U);
  // A pupil sees no class, even their own, through the teacher's door.
  const auto awa = accounts().users().pupil_by_username(view_.school.id, "awa");
  const accounts::Principal pupil{.user_id = awa->id,
                                  .grants = accounts().users().grants_of(awa->id)};
  EXPECT_FALSE(classroom_->class_for(pupil, Permission::pupils_read, class_id_));
  EXPECT_FALSE(classroom_->class_of_pupil_for(pupil, Permission::pupils_manage, awa->id));
  EXPECT_TRUE(classroom_->class_of_pupil_for(teacher_, Permission::pupils_manage, awa->id));
  EXPECT_FALSE(
      classroom_->class_of_pupil_for(principal("ci.teacher"), Permission::pupils_manage, awa->id));
}

TEST_P(ClassroomTest, JoinRequestsWaitForTheTeacher) {
  const std::string code = classroom_->open_join_code(view_, actor());
  EXPECT_EQ(code.size(), 6U);
  JoinForm form{.join_code = code,
                .display_name = "Ndeye Sarr",
                .username = "ndeye",
                .password = "baobab",
                .picture_code = {}};
  // Wrong and closed codes.
  JoinForm wrong = form;
  wrong.join_code = "QQQQQQ";
  EXPECT_EQ(classroom_->submit_join(wrong, "192.0.2.50").problem().key,
            "classroom_error_join_code");
  auto pending = classroom_->submit_join(form, "192.0.2.50");
  ASSERT_TRUE(pending) << pending.problem().key;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE username = 'ndeye'"), 0);
  EXPECT_EQ(sign_in("ndeye", "baobab", std::nullopt), accounts::SignInStatus::invalid);
  // A username already asked for, or already taken, is accepted like any other (refusing it
  // would tell who is in the school): the teacher sees the clash when approving.
  auto twice = classroom_->submit_join(form, "192.0.2.50");
  ASSERT_TRUE(twice);
  form.username = "awa";
  auto taken = classroom_->submit_join(form, "192.0.2.50");
  ASSERT_TRUE(taken);
  EXPECT_EQ(classroom_->approve(view_, taken.value().id, actor()).problem().status, 409);
  ASSERT_TRUE(classroom_->decline(view_, taken.value().id, actor()));
  form.username = "moustapha";
  form.password.clear();
  form.picture_code = "1-1-1";
  EXPECT_EQ(classroom_->submit_join(form, "192.0.2.50").problem().key,
            "classroom_error_picture_code");
  form.picture_code = "2-4-6";
  auto second = classroom_->submit_join(form, "192.0.2.50");
  ASSERT_TRUE(second);
  ASSERT_EQ(classroom_->store().pending_requests(class_id_).size(), 3U);

  auto approved = classroom_->approve(view_, pending.value().id, actor());
  ASSERT_TRUE(approved);
  // The second request for the same name now clashes: the teacher declines it.
  EXPECT_EQ(classroom_->approve(view_, twice.value().id, actor()).problem().status, 409);
  ASSERT_TRUE(classroom_->decline(view_, twice.value().id, actor()));
  EXPECT_EQ(sign_in("ndeye", "baobab", std::nullopt), accounts::SignInStatus::signed_in);
  EXPECT_EQ(classroom_->pupils(view_, "ndeye").size(), 1U);
  EXPECT_FALSE(classroom_->approve(view_, pending.value().id, actor()));  // already done
  ASSERT_TRUE(classroom_->decline(view_, second.value().id, actor()));
  EXPECT_EQ(sign_in("moustapha", std::nullopt, "2-4-6"), accounts::SignInStatus::invalid);
  EXPECT_TRUE(classroom_->store().pending_requests(class_id_).empty());

  classroom_->close_join_code(view_, actor());
  form.username = "closed.code";
  form.join_code = code;
  EXPECT_EQ(classroom_->submit_join(form, "192.0.2.51").problem().key, "classroom_error_join_code");
  for (const char* action : {"class.join_code_open", "class.join_code_close", "join_request.create",
                             "join_request.approve", "join_request.decline"}) {
    EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = ?", {std::string(action)}), 1)
        << action;
  }
  // Guessing codes is throttled per address (30 wrong codes), on a counter of its own.
  wrong.username = "guess";
  Outcome<JoinRequest> last = Problem{};
  for (int attempt = 0; attempt < 31; ++attempt) {
    wrong.join_code = "GUESS" + std::to_string(attempt);
    last = classroom_->submit_join(wrong, "192.0.2.66");
  }
  EXPECT_EQ(last.problem().status, 429);
}

TEST_P(ClassroomTest, ARequestOfAnotherClassCannotBeDecidedHere) {
  const auto ci_school = accounts().schools().school_by_code("ABJ001");
  const auto ci_class = accounts().schools().classes_of(ci_school->id).front();
  const accounts::Principal ci_teacher = principal("ci.teacher");
  const auto ci_view = classroom_->class_for(ci_teacher, Permission::pupils_manage, ci_class.id);
  ASSERT_TRUE(ci_view);
  const std::string code =
      classroom_->open_join_code(*ci_view, Actor{.user_id = ci_teacher.user_id});
  auto request = classroom_->submit_join({.join_code = code,
                                          .display_name = "Aya B",
                                          .username = "aya.b",
                                          .password = "cacao",
                                          .picture_code = {}},
                                         "192.0.2.70");
  ASSERT_TRUE(request);
  const auto refused = classroom_->approve(view_, request.value().id, actor());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().status, 404);
  EXPECT_FALSE(classroom_->decline(view_, request.value().id, actor()));
  EXPECT_EQ(classroom_->store().pending_requests(ci_class.id).size(), 1U);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ClassroomTest);

}  // namespace
}  // namespace imaginecole::classroom
