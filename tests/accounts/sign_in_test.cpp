// SPDX-License-Identifier: AGPL-3.0-or-later
// Signing in, sessions and throttling against both storage backends.
#include "accounts/sign_in.hpp"

#include <gtest/gtest.h>

#include "accounts/csrf.hpp"
#include "accounts_fixture.hpp"

namespace imaginecole::accounts {
namespace {

using SignIn = AccountsTest;
IMAGINECOLE_ON_BOTH_BACKENDS(SignIn);

TEST_P(SignIn, StaffSignInWithUsernameAndPassword) {
  const auto result = accounts().sign_in().sign_in(staff("SN.Teacher", "ecole-demo"));
  ASSERT_EQ(result.status, SignInStatus::signed_in);
  EXPECT_EQ(result.user->username, "sn.teacher");
  ASSERT_TRUE(result.session);
  EXPECT_EQ(result.session->token.size(), 64u);
  // Only the token's hash is stored.
  EXPECT_EQ(result.session->session.id, session_id_of(result.session->token));
  auto connection = db().read();
  EXPECT_FALSE(
      connection->query_one("SELECT 1 FROM sessions WHERE id = ?", {result.session->token}));
  EXPECT_TRUE(
      connection->query_one("SELECT 1 FROM sessions WHERE id = ?", {result.session->session.id}));
}

TEST_P(SignIn, WrongPasswordAndUnknownUserLookTheSame) {
  const auto wrong = accounts().sign_in().sign_in(staff("sn.teacher", "not-the-password"));
  const auto unknown = accounts().sign_in().sign_in(staff("nobody.here", "ecole-demo"));
  EXPECT_EQ(wrong.status, SignInStatus::invalid);
  EXPECT_EQ(unknown.status, SignInStatus::invalid);
  EXPECT_FALSE(wrong.session);
  EXPECT_FALSE(unknown.session);
  EXPECT_FALSE(wrong.user);
  EXPECT_FALSE(unknown.user);
}

TEST_P(SignIn, PupilsNeedTheirSchoolCode) {
  EXPECT_EQ(accounts().sign_in().sign_in(pupil("dkr001", "awa", "soleil")).status,
            SignInStatus::signed_in);
  EXPECT_EQ(accounts().sign_in().sign_in(staff("awa", "soleil")).status, SignInStatus::invalid);
  EXPECT_EQ(accounts().sign_in().sign_in(pupil("ABJ001", "awa", "soleil")).status,
            SignInStatus::invalid);
}

TEST_P(SignIn, StaffMayTypeASchoolCodeOutOfHabit) {
  EXPECT_EQ(accounts().sign_in().sign_in(pupil("DKR001", "sn.teacher", "ecole-demo")).status,
            SignInStatus::signed_in);
}

TEST_P(SignIn, PupilsMaySignInWithTheirPictureCode) {
  Credentials credentials = pupil("DKR001", "moussa", "");
  credentials.password.reset();
  credentials.picture_code = "4,5,6";
  EXPECT_EQ(accounts().sign_in().sign_in(credentials).status, SignInStatus::signed_in);
  credentials.picture_code = "6-5-4";
  EXPECT_EQ(accounts().sign_in().sign_in(credentials).status, SignInStatus::invalid);
  Credentials staff_with_pictures = staff("sn.teacher", "");
  staff_with_pictures.password.reset();
  staff_with_pictures.picture_code = "1-2-3";
  EXPECT_EQ(accounts().sign_in().sign_in(staff_with_pictures).status, SignInStatus::invalid);
}

TEST_P(SignIn, DisabledAccountsCannotSignIn) {
  const auto user = accounts().users().staff_by_username("sn.editor");
  ASSERT_TRUE(user);
  db().write()->execute("UPDATE user_status SET disabled = 1 WHERE user_id = ?", {user->id});
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.editor", "ecole-demo")).status,
            SignInStatus::invalid);
}

TEST_P(SignIn, FiveFailuresForAnAccountThrottleIt) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "wrong")).status,
              SignInStatus::invalid);
  }
  // Even the right password waits now: the attacker learns nothing.
  const auto throttled = accounts().sign_in().sign_in(staff("sn.head", "ecole-demo"));
  EXPECT_EQ(throttled.status, SignInStatus::throttled);
  EXPECT_GT(throttled.retry_after.count(), 800);
  EXPECT_LE(throttled.retry_after.count(), 900);
  // Other accounts from another address are not affected.
  EXPECT_EQ(accounts().sign_in().sign_in(staff("ci.head", "ecole-demo", "198.51.100.7")).status,
            SignInStatus::signed_in);
}

TEST_P(SignIn, AHotAddressSlowsOnlyTheAccountsThatFailFromIt) {
  // Twenty failures over twenty names: the address is hot (a school shares it)...
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(accounts()
                  .sign_in()
                  .sign_in(staff("guess" + std::to_string(i), "wrong", "203.0.113.9"))
                  .status,
              SignInStatus::invalid);
  }
  // ...yet another account signs in from it with its right password,
  EXPECT_EQ(accounts().sign_in().sign_in(staff("ci.head", "ecole-demo", "203.0.113.9")).status,
            SignInStatus::signed_in);
  // and an account failing from it gets two guesses there instead of five.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "wrong", "203.0.113.9")).status,
              SignInStatus::invalid);
  }
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "ecole-demo", "203.0.113.9")).status,
            SignInStatus::throttled);
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "ecole-demo", "203.0.113.10")).status,
            SignInStatus::signed_in);
}

TEST_P(SignIn, CountersBelongToTheAccountHoweverTheRequestSpellsIt) {
  // A staff account under five spellings of the school code is one account.
  for (const char* school : {"NOPE1", "NOPE2", "DKR001", "ABJ001", "NOPE3"}) {
    EXPECT_EQ(accounts().sign_in().sign_in(pupil(school, "sn.head", "wrong")).status,
              SignInStatus::invalid);
  }
  EXPECT_EQ(accounts().sign_in().sign_in(pupil("NOPE4", "sn.head", "ecole-demo")).status,
            SignInStatus::throttled);
  EXPECT_EQ(accounts().sign_in().sign_in(staff("SN.Head", "ecole-demo")).status,
            SignInStatus::throttled);
}

TEST_P(SignIn, ATrustedDeviceOfTheOwnerIsNotLockedOut) {
  const auto first = accounts().sign_in().sign_in(staff("sn.head", "ecole-demo"));
  ASSERT_EQ(first.status, SignInStatus::signed_in);
  ASSERT_FALSE(first.device_cookie.empty());
  for (int i = 0; i < 5; ++i) {
    accounts().sign_in().sign_in(staff("sn.head", "wrong", "198.51.100.1"));
  }
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "ecole-demo")).status,
            SignInStatus::throttled);
  Credentials owner = staff("sn.head", "ecole-demo");
  owner.device_cookie = first.device_cookie;
  const auto again = accounts().sign_in().sign_in(owner);
  ASSERT_EQ(again.status, SignInStatus::signed_in);
  // Another server on the same database trusts the same cookie (one secret in the database).
  auto other_server = make_accounts(fast_accounts_options());
  owner.device_cookie = again.device_cookie;
  EXPECT_EQ(other_server->sign_in().sign_in(owner).status, SignInStatus::signed_in);
  // A cookie naming the owner is no use for another account.
  Credentials other = staff("sn.teacher", "ecole-demo");
  for (int i = 0; i < 5; ++i) {
    accounts().sign_in().sign_in(staff("sn.teacher", "wrong", "198.51.100.1"));
  }
  other.device_cookie = again.device_cookie;
  EXPECT_EQ(accounts().sign_in().sign_in(other).status, SignInStatus::throttled);
}

TEST_P(SignIn, AGoodSignInForgetsTheAccountsFailures) {
  for (int i = 0; i < 4; ++i) {
    accounts().sign_in().sign_in(staff("sn.head", "wrong"));
  }
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "ecole-demo")).status,
            SignInStatus::signed_in);
  for (int i = 0; i < 4; ++i) {
    accounts().sign_in().sign_in(staff("sn.head", "wrong"));
  }
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.head", "ecole-demo")).status,
            SignInStatus::signed_in);
}

TEST_P(SignIn, ThrottlingIsSharedByServersOnOneDatabase) {
  auto other_server = make_accounts(fast_accounts_options());
  for (int i = 0; i < 5; ++i) {
    other_server->sign_in().sign_in(staff("ci.admin", "wrong"));
  }
  EXPECT_EQ(accounts().sign_in().sign_in(staff("ci.admin", "ecole-demo")).status,
            SignInStatus::throttled);
}

TEST_P(SignIn, SessionsAreFoundRevokedAndRevokedEverywhere) {
  auto& sessions = accounts().sessions();
  const auto first = accounts().sign_in().sign_in(staff("ci.teacher", "ecole-demo"));
  const auto second = accounts().sign_in().sign_in(staff("ci.teacher", "ecole-demo"));
  ASSERT_TRUE(first.session && second.session);
  const auto found = sessions.find(first.session->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, first.user->id);
  EXPECT_FALSE(sessions.find(std::string(64, 'a')));
  EXPECT_FALSE(sessions.find("short"));

  EXPECT_TRUE(sessions.revoke(first.session->session.id));
  EXPECT_FALSE(sessions.revoke(first.session->session.id));
  EXPECT_FALSE(sessions.find(first.session->token));
  EXPECT_TRUE(sessions.find(second.session->token));

  const auto third = accounts().sign_in().sign_in(staff("ci.teacher", "ecole-demo"));
  EXPECT_EQ(sessions.revoke_all_of(first.user->id), 2);
  EXPECT_FALSE(sessions.find(second.session->token));
  EXPECT_FALSE(sessions.find(third.session->token));
}

TEST_P(SignIn, ExpiredAndIdleSessionsAreGone) {
  AccountsOptions short_lived = fast_accounts_options();
  short_lived.sessions.lifetime = std::chrono::seconds(0);
  auto expiring = make_accounts(short_lived);
  const auto result = expiring->sign_in().sign_in(staff("ci.teacher", "ecole-demo"));
  ASSERT_TRUE(result.session);
  EXPECT_FALSE(expiring->sessions().find(result.session->token));

  AccountsOptions impatient = fast_accounts_options();
  impatient.sessions.idle_timeout = std::chrono::seconds(0);
  auto idle = make_accounts(impatient);
  const auto other = idle->sign_in().sign_in(staff("ci.teacher", "ecole-demo"));
  EXPECT_FALSE(idle->sessions().find(other.session->token));
  EXPECT_TRUE(accounts().sessions().find(other.session->token));
}

TEST_P(SignIn, SignOutRevokesAndIsAudited) {
  const auto result = accounts().sign_in().sign_in(staff("sn.analyst", "ecole-demo"));
  accounts().sign_in().sign_out(result.session->session, "192.0.2.10");
  EXPECT_FALSE(accounts().sessions().find(result.session->token));
  const auto entries = accounts().audit().recent(5);
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "auth.logout");
  EXPECT_EQ(entries[0].actor_id, result.user->id);
  EXPECT_EQ(entries[0].remote_address, "192.0.2.10");
  EXPECT_EQ(entries[1].action, "auth.login");
}

TEST_P(SignIn, CsrfTokensBelongToTheirSession) {
  const auto a = accounts().sign_in().sign_in(staff("sn.reviewer", "ecole-demo"));
  const auto b = accounts().sign_in().sign_in(staff("sn.reviewer", "ecole-demo"));
  const std::string token = csrf_token_for(a.session->session);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_TRUE(csrf_token_matches(a.session->session, token));
  EXPECT_FALSE(csrf_token_matches(b.session->session, token));
  EXPECT_FALSE(csrf_token_matches(a.session->session, ""));
  // The token found again from the cookie is the same.
  EXPECT_EQ(csrf_token_for(*accounts().sessions().find(a.session->token)), token);
}

TEST_P(SignIn, OlderHashesAreUpgradedAtSignIn) {
  AccountsOptions stronger = fast_accounts_options();
  stronger.hasher.ops_limit += 1;
  auto upgraded = make_accounts(stronger);
  const auto before = accounts().users().staff_by_username("ci.reviewer");
  ASSERT_EQ(upgraded->sign_in().sign_in(staff("ci.reviewer", "ecole-demo")).status,
            SignInStatus::signed_in);
  const auto after = accounts().users().staff_by_username("ci.reviewer");
  EXPECT_NE(before->password_hash, after->password_hash);
  EXPECT_FALSE(upgraded->hasher().needs_rehash(*after->password_hash));
  auto connection = db().read();
  // Only the credentials row moves (migration 0017): the profile keeps its version, so a name
  // changed on another server meanwhile is not undone at sync.
  EXPECT_EQ(
      connection
          ->query_one("SELECT row_version FROM user_credentials WHERE user_id = ?", {after->id})
          ->integer(0),
      2);
  EXPECT_EQ(
      connection->query_one("SELECT row_version FROM users WHERE id = ?", {after->id})->integer(0),
      1);
  EXPECT_EQ(upgraded->sign_in().sign_in(staff("ci.reviewer", "ecole-demo")).status,
            SignInStatus::signed_in);
}

TEST(PreSessionToken, IsADoubleSubmit) {
  const std::string token = new_presession_token();
  EXPECT_TRUE(presession_token_matches(token, token));
  EXPECT_FALSE(presession_token_matches(token, new_presession_token()));
  EXPECT_FALSE(presession_token_matches("", ""));
  EXPECT_FALSE(presession_token_matches("abc", "abc"));
}

}  // namespace
}  // namespace imaginecole::accounts
