// SPDX-License-Identifier: AGPL-3.0-or-later
// Who a session names is kept in memory a moment (decision 0046): a signed-in request then asks
// the database nothing, yet a sign-out, a disabled account or a changed role through this
// server takes effect at once, and through another server sharing the database within the
// trust delay.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "accounts/authenticator.hpp"
#include "accounts_fixture.hpp"
#include "storage/open_database.hpp"

namespace imaginecole::accounts {
namespace {

using namespace std::chrono_literals;

class SessionTrust : public AccountsTest {
 protected:
  static http::Request me_request(const std::string& token) {
    http::Request out;
    out.method = http::Method::get;
    out.path = "/api/v1/me";
    out.target = out.path;
    out.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + token);
    return out;
  }
  // Each call is a new request (the per-request answer is kept in the request's context).
  static int status_on(Accounts& server, const std::string& token) {
    return server.authenticator().check(me_request(token), "account.self").status;
  }
  NewSession sign_in_as(Accounts& server, const std::string& username) {
    return *server.sign_in().sign_in(staff(username, "ecole-demo")).session;
  }
  // A second server: its own connections to the same database, its own memory.
  std::unique_ptr<Accounts> other_server(std::chrono::milliseconds trust_for) {
    other_dbs_.push_back(storage::open_database(storage::DatabaseConfig{
        .data_dir = test_db().data_dir.path(), .url = test_db().url, .pool_size = 2}));
    AccountsOptions options = fast_accounts_options();
    options.sessions.trust_for = trust_for;
    return std::make_unique<Accounts>(*other_dbs_.back(), node_id_, options);
  }
  // Polls (never a fixed sleep) until `server` refuses the token; false after 30 s.
  static bool refused_soon(Accounts& server, const std::string& token) {
    const auto give_up = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < give_up) {
      if (status_on(server, token) == 401) {
        return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  std::vector<std::unique_ptr<storage::Database>> other_dbs_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(SessionTrust);

TEST_P(SessionTrust, ASignedInRequestWithinTheDelayAsksTheDatabaseNothing) {
  const auto session = sign_in_as(accounts(), "sn.teacher");
  ASSERT_EQ(status_on(accounts(), session.token), 0);
  const auto before = db().stats().queries;
  for (int i = 0; i < 5; ++i) {
    const auto check = accounts().authenticator().check(me_request(session.token), "account.self");
    ASSERT_TRUE(check.allowed()) << check.message;
    EXPECT_EQ(check.signed_in->user.username, "sn.teacher");
  }
  EXPECT_EQ(db().stats().queries, before);
}

TEST_P(SessionTrust, OneSessionIsNeverAnother) {
  const auto teacher = sign_in_as(accounts(), "sn.teacher");
  const auto editor = sign_in_as(accounts(), "sn.editor");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(
        accounts().authenticator().check(me_request(teacher.token), "").signed_in->user.username,
        "sn.teacher");
    EXPECT_EQ(
        accounts().authenticator().check(me_request(editor.token), "").signed_in->user.username,
        "sn.editor");
  }
  EXPECT_EQ(status_on(accounts(), std::string(64, 'a')), 401);
}

TEST_P(SessionTrust, SignOutAndDisableThroughThisServerTakeEffectAtOnce) {
  const auto server = other_server(1h);  // trusted an hour: only the commit rule can end it
  const auto signed_out = sign_in_as(*server, "sn.reviewer");
  const auto disabled = sign_in_as(*server, "sn.editor");
  ASSERT_EQ(status_on(*server, signed_out.token), 0);
  ASSERT_EQ(status_on(*server, disabled.token), 0);
  server->sessions().revoke(signed_out.session.id);
  EXPECT_EQ(status_on(*server, signed_out.token), 401);
  {
    auto connection = server->users().database().write();
    server->users().set_disabled(*connection, disabled.session.user_id, true, std::nullopt);
  }
  EXPECT_EQ(status_on(*server, disabled.token), 401);
}

TEST_P(SessionTrust, SignOutAndDisableThroughAnotherServerTakeEffectWithinTheDelay) {
  const auto server = other_server(200ms);
  const auto signed_out = sign_in_as(accounts(), "sn.reviewer");
  const auto disabled = sign_in_as(accounts(), "sn.editor");
  ASSERT_EQ(status_on(*server, signed_out.token), 0);
  ASSERT_EQ(status_on(*server, disabled.token), 0);
  accounts().sessions().revoke(signed_out.session.id);
  {
    auto connection = db().write();
    accounts().users().set_disabled(*connection, disabled.session.user_id, true, std::nullopt);
  }
  EXPECT_TRUE(refused_soon(*server, signed_out.token));
  EXPECT_TRUE(refused_soon(*server, disabled.token));
  // With no trust delay, the other server asks on every request.
  const auto strict = other_server(0ms);
  const auto again = sign_in_as(accounts(), "sn.teacher");
  ASSERT_EQ(status_on(*strict, again.token), 0);
  accounts().sessions().revoke(again.session.id);
  EXPECT_EQ(status_on(*strict, again.token), 401);
}

}  // namespace
}  // namespace imaginecole::accounts
