// SPDX-License-Identifier: AGPL-3.0-or-later
// The access check every handler starts with: session cookie, CSRF header, route access.
#include "accounts/authenticator.hpp"

#include <gtest/gtest.h>

#include "accounts/csrf.hpp"
#include "accounts_fixture.hpp"

namespace imaginecole::accounts {
namespace {

class Authentication : public AccountsTest {
 protected:
  NewSession sign_in_as(const std::string& username) {
    return *accounts().sign_in().sign_in(staff(username, "ecole-demo")).session;
  }
  static http::Request request(http::Method method, std::string path, std::string cookie = {}) {
    http::Request out;
    out.method = method;
    out.path = std::move(path);
    out.target = out.path;
    if (!cookie.empty()) {
      out.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + cookie);
    }
    return out;
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(Authentication);

TEST_P(Authentication, SignedOutPeopleMustSignIn) {
  const auto check =
      accounts().authenticator().check(request(http::Method::get, "/api/v1/me"), "account.self");
  EXPECT_EQ(check.status, 401);
  EXPECT_FALSE(check.signed_in);
  EXPECT_TRUE(accounts()
                  .authenticator()
                  .check(request(http::Method::get, "/api/v1/me"), "public")
                  .allowed());
}

TEST_P(Authentication, TheCookieNamesTheUser) {
  const auto session = sign_in_as("sn.teacher");
  const auto check = accounts().authenticator().check(
      request(http::Method::get, "/api/v1/me", session.token), "account.self");
  ASSERT_TRUE(check.allowed()) << check.message;
  EXPECT_EQ(check.signed_in->user.username, "sn.teacher");
  ASSERT_EQ(check.signed_in->grants.size(), 1u);
  EXPECT_EQ(check.signed_in->grants[0].role, Role::teacher);
}

TEST_P(Authentication, StateChangingApiCallsNeedTheCsrfHeader) {
  const auto session = sign_in_as("sn.teacher");
  auto post = request(http::Method::post, "/api/v1/auth/logout", session.token);
  const auto refused = accounts().authenticator().check(post, "public");
  EXPECT_EQ(refused.status, 403);
  post.headers.emplace_back("x-csrf-token", std::string(64, '0'));
  EXPECT_EQ(accounts().authenticator().check(post, "public").status, 403);
  post.headers.back().second = csrf_token_for(session.session);
  EXPECT_TRUE(accounts().authenticator().check(post, "public").allowed());
  // Without the cookie there is nothing to forge.
  EXPECT_TRUE(accounts()
                  .authenticator()
                  .check(request(http::Method::post, "/api/v1/auth/logout"), "public")
                  .allowed());
}

TEST_P(Authentication, RouteAccessFollowsThePermissionTable) {
  const auto teacher = sign_in_as("ci.teacher");
  const auto analyst = sign_in_as("ci.analyst");
  EXPECT_TRUE(accounts()
                  .authenticator()
                  .check(request(http::Method::get, "/api/v1/x", teacher.token), "pupils.read")
                  .allowed());
  const auto refused = accounts().authenticator().check(
      request(http::Method::get, "/api/v1/x", analyst.token), "pupils.read");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(accounts()
                .authenticator()
                .check(request(http::Method::get, "/api/v1/x", analyst.token), "")
                .status,
            403);
}

TEST_P(Authentication, RevokedSessionsAndDisabledUsersAreSignedOut) {
  const auto session = sign_in_as("sn.reviewer");
  const auto other = sign_in_as("sn.editor");
  // Both were seen signed in first: what the server keeps in memory must not outlive them.
  for (const auto* token : {&session.token, &other.token}) {
    ASSERT_TRUE(accounts()
                    .authenticator()
                    .check(request(http::Method::get, "/api/v1/me", *token), "account.self")
                    .allowed());
  }
  accounts().sessions().revoke(session.session.id);
  EXPECT_EQ(accounts()
                .authenticator()
                .check(request(http::Method::get, "/api/v1/me", session.token), "account.self")
                .status,
            401);
  db().write()->execute(
      "UPDATE user_status SET disabled = 1 WHERE user_id = "
      "(SELECT id FROM users WHERE username = 'sn.editor')");
  EXPECT_EQ(accounts()
                .authenticator()
                .check(request(http::Method::get, "/api/v1/me", other.token), "account.self")
                .status,
            401);
}

TEST(SessionCookie, IsHttpOnlySameSiteAndSecureOverTls) {
  EXPECT_EQ(session_cookie("abc", false),
            "imaginecole_session=abc; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(session_cookie("abc", true),
            "imaginecole_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
}

}  // namespace
}  // namespace imaginecole::accounts
