// SPDX-License-Identifier: AGPL-3.0-or-later
// Creating accounts (what `imaginecole user add` and the demo data do) on both backends.
#include "accounts/user_provisioning.hpp"

#include <gtest/gtest.h>

#include <set>

#include "accounts_fixture.hpp"

namespace imaginecole::accounts {
namespace {

using Provisioning = AccountsTest;
IMAGINECOLE_ON_BOTH_BACKENDS(Provisioning);

NewUser new_user(std::string username, std::string role, std::string scope,
                 std::string password = "long-enough") {
  NewUser request;
  request.username = std::move(username);
  request.role = std::move(role);
  request.scope = std::move(scope);
  request.password = std::move(password);
  return request;
}

TEST_P(Provisioning, DemoHasEveryRoleInSenegalAndCoteDIvoire) {
  std::set<std::string> roles_by_country;
  for (const auto& demo : demo_accounts()) {
    const auto user = demo.school_code ? [&] {
      const auto school = accounts().schools().school_by_code(*demo.school_code);
      return accounts().users().pupil_by_username(school->id, demo.username);
    }()
                                       : accounts().users().staff_by_username(demo.username);
    ASSERT_TRUE(user) << demo.username;
    const auto grants = accounts().users().grants_of(user->id);
    ASSERT_EQ(grants.size(), 1u) << demo.username;
    EXPECT_EQ(role_name(grants[0].role), demo.role);
    const std::string country =
        demo.username.starts_with("sn.") || demo.school_code == "DKR001"
            ? "SN"
            : (demo.username.starts_with("ci.") || demo.school_code == "ABJ001" ? "CI"
                                                                                : "platform");
    roles_by_country.insert(country + "/" + demo.role);
  }
  for (const std::string country : {"SN", "CI"}) {
    for (const std::string role :
         {"country_admin", "editor", "reviewer", "analyst", "school_head", "teacher", "pupil"}) {
      EXPECT_TRUE(roles_by_country.contains(country + "/" + role)) << country << " " << role;
    }
  }
  EXPECT_TRUE(roles_by_country.contains("platform/platform_admin"));
  EXPECT_TRUE(load_demo_accounts(accounts()).already_present);
}

TEST_P(Provisioning, DemoRecordsAreInTheChangeLog) {
  auto connection = db().read();
  const auto users = connection->query_one("SELECT COUNT(*) FROM users");
  const auto logged = connection->query_one(
      "SELECT COUNT(DISTINCT entity_id) FROM change_log WHERE entity = 'users'");
  EXPECT_EQ(users->integer(0), static_cast<std::int64_t>(demo_accounts().size()));
  EXPECT_EQ(logged->integer(0), users->integer(0));
  for (const char* entity : {"regions", "schools", "classes", "role_grants", "audit_log"}) {
    EXPECT_GT(
        connection
            ->query_one("SELECT COUNT(*) FROM change_log WHERE entity = ?", {std::string(entity)})
            ->integer(0),
        0)
        << entity;
  }
  const auto origin = connection->query_one("SELECT DISTINCT origin_node FROM users");
  EXPECT_EQ(origin->text(0), node_id_);
}

TEST_P(Provisioning, AddsAStaffAccountWithItsGrantAndAnAuditEntry) {
  auto request = new_user("New.Head", "school_head", "school:abj001");
  request.display_name = "Nouvelle directrice";
  const auto created = accounts().provisioning().add(request);
  ASSERT_TRUE(created) << created.error();
  EXPECT_EQ(created->username, "new.head");
  const auto school = accounts().schools().school_by_code("ABJ001");
  EXPECT_EQ(created->school_id, school->id);
  const auto grants = accounts().users().grants_of(created->id);
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].scope, (Scope{.kind = ScopeKind::school, .id = school->id}));
  const auto audit = accounts().audit().recent(1);
  EXPECT_EQ(audit[0].action, "user.create");
  EXPECT_EQ(audit[0].target_id, created->id);
  EXPECT_EQ(accounts().sign_in().sign_in(staff("new.head", "long-enough")).status,
            SignInStatus::signed_in);
}

TEST_P(Provisioning, StaffUsernamesAreUniqueOnThePlatform) {
  const auto duplicate =
      accounts().provisioning().add(new_user("SN.ADMIN", "editor", "country:CI"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error(), "username 'sn.admin' is already taken");
}

TEST_P(Provisioning, PupilUsernamesAreUniquePerSchool) {
  const auto abidjan_class =
      accounts().schools().classes_of(accounts().schools().school_by_code("ABJ001")->id)[0];
  const auto dakar_class =
      accounts().schools().classes_of(accounts().schools().school_by_code("DKR001")->id)[0];
  // Awa exists in Dakar; another Awa in Abidjan is fine.
  EXPECT_TRUE(accounts().provisioning().add(new_user("awa", "pupil", "class:" + abidjan_class.id)));
  const auto again =
      accounts().provisioning().add(new_user("awa", "pupil", "class:" + dakar_class.id));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), "username 'awa' is already taken in this school");
}

TEST_P(Provisioning, RefusesBadRolesScopesAndPasswords) {
  auto& provisioning = accounts().provisioning();
  EXPECT_EQ(provisioning.add(new_user("x1", "wizard", "platform")).error(),
            "unknown role 'wizard' (expected one of: platform_admin, country_admin, editor, "
            "reviewer, analyst, school_head, teacher, pupil)");
  EXPECT_EQ(provisioning.add(new_user("x1", "teacher", "country:SN")).error(),
            "role teacher cannot be granted at scope country");
  EXPECT_EQ(provisioning.add(new_user("x1", "teacher", "school:NOPE01")).error(),
            "no school with code 'NOPE01'");
  EXPECT_EQ(provisioning.add(new_user("x1", "teacher", "class:nope")).error(),
            "no class with id 'nope'");
  EXPECT_FALSE(provisioning.add(new_user("x1", "teacher", "galaxy:far")));
  EXPECT_FALSE(provisioning.add(new_user("x y", "editor", "country:SN")));
  EXPECT_EQ(provisioning.add(new_user("x1", "editor", "country:SN", "short")).error(),
            "the password must have at least 8 characters");
  auto with_pictures = new_user("x1", "editor", "country:SN");
  with_pictures.picture_code = "1-2-3";
  EXPECT_EQ(provisioning.add(with_pictures).error(), "only pupils sign in with a picture code");
  auto no_secret = new_user("x1", "editor", "country:SN");
  no_secret.password.reset();
  EXPECT_EQ(provisioning.add(no_secret).error(), "a password is required");
  // Nothing was written by the refusals.
  EXPECT_FALSE(accounts().users().staff_by_username("x1"));
}

TEST_P(Provisioning, PupilsMayHaveOnlyAPictureCode) {
  const auto school_class =
      accounts().schools().classes_of(accounts().schools().school_by_code("DKR001")->id)[0];
  auto request = new_user("binta", "pupil", "class:" + school_class.id);
  request.password.reset();
  request.picture_code = "9 8 7";
  const auto created = accounts().provisioning().add(request);
  ASSERT_TRUE(created) << created.error();
  EXPECT_FALSE(created->password_hash);
  Credentials credentials = pupil("DKR001", "binta", "");
  credentials.password.reset();
  credentials.picture_code = "9-8-7";
  EXPECT_EQ(accounts().sign_in().sign_in(credentials).status, SignInStatus::signed_in);
  // A password attempt against a picture-only account fails like any wrong password.
  EXPECT_EQ(accounts().sign_in().sign_in(pupil("DKR001", "binta", "9-8-7")).status,
            SignInStatus::invalid);
}

}  // namespace
}  // namespace imaginecole::accounts
