// SPDX-License-Identifier: AGPL-3.0-or-later
// Signing in over real HTTP: the binary initialised with the demo accounts and serving on
// 127.0.0.1, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

std::string cookie_value(const HttpResponse& response, const std::string& name) {
  for (const auto& [header, value] : response.headers) {
    if (header == "set-cookie" && value.starts_with(name + "=")) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

std::string set_cookie(const HttpResponse& response, const std::string& name) {
  for (const auto& [header, value] : response.headers) {
    if (header == "set-cookie" && value.starts_with(name + "=")) {
      return value;
    }
  }
  return {};
}

class AccountsHttp : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    std::vector<std::string> location = location_of(test_db());
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  HttpResponse login(const std::string& body) {
    return http_request(port(), "POST", "/api/v1/auth/login",
                        {{"Content-Type", "application/json"}}, body);
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(AccountsHttp);

TEST_P(AccountsHttp, LoginMeAndLogout) {
  EXPECT_EQ(http_get(port(), "/api/v1/me").status, 401);

  const auto signed_in = login(R"({"username": "sn.teacher", "password": "ecole-demo"})");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string cookie_header = set_cookie(signed_in, "imaginecole_session");
  EXPECT_NE(cookie_header.find("; HttpOnly"), std::string::npos) << cookie_header;
  EXPECT_NE(cookie_header.find("; SameSite=Lax"), std::string::npos) << cookie_header;
  EXPECT_NE(cookie_header.find("; Path=/"), std::string::npos) << cookie_header;
  EXPECT_EQ(cookie_header.find("Secure"), std::string::npos) << "plain HTTP: no Secure";
  EXPECT_EQ(signed_in.header("cache-control"), "no-store");
  const json::object body = json::parse(signed_in.body).as_object();
  EXPECT_EQ(body.at("user").at("username").as_string(), "sn.teacher");
  EXPECT_EQ(body.at("user").at("school").at("code").as_string(), "DKR001");
  EXPECT_FALSE(body.at("user").as_object().contains("password_hash"));
  const std::string csrf(body.at("csrf_token").as_string());

  const std::string token = cookie_value(signed_in, "imaginecole_session");
  const Headers with_cookie = {{"Cookie", "imaginecole_session=" + token}};
  const auto me = http_get(port(), "/api/v1/me", with_cookie);
  ASSERT_EQ(me.status, 200) << me.body;
  const json::object me_body = json::parse(me.body).as_object();
  EXPECT_EQ(me_body.at("user").at("display_name").as_string(), "Ibrahima Sow (enseignant, CM2 A)");
  ASSERT_EQ(me_body.at("roles").as_array().size(), 1u);
  EXPECT_EQ(me_body.at("roles").at(0).at("role").as_string(), "teacher");
  EXPECT_EQ(me_body.at("roles").at(0).at("scope").at("kind").as_string(), "class");

  // Logout is a state change: the session cookie alone is not enough.
  const auto forged = http_request(port(), "POST", "/api/v1/auth/logout", with_cookie);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(http_get(port(), "/api/v1/me", with_cookie).status, 200);

  Headers with_csrf = with_cookie;
  with_csrf.emplace_back("X-CSRF-Token", csrf);
  const auto logout = http_request(port(), "POST", "/api/v1/auth/logout", with_csrf);
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(set_cookie(logout, "imaginecole_session").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/v1/me", with_cookie).status, 401);
}

TEST_P(AccountsHttp, WrongCredentialsGiveOneAnswer) {
  const auto wrong = login(R"({"username": "sn.teacher", "password": "not-it"})");
  const auto unknown = login(R"({"username": "no.such.person", "password": "not-it"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(cookie_value(wrong, "imaginecole_session"), "");

  EXPECT_EQ(login("{not json").status, 400);
  EXPECT_EQ(login(R"(["username"])").status, 400);
  EXPECT_EQ(login(R"({"password": "x"})").status, 400);
  EXPECT_EQ(login(R"({"username": "sn.teacher"})").status, 400);
  EXPECT_EQ(login(R"({"username": 5, "password": "x"})").status, 400);
}

TEST_P(AccountsHttp, PupilsSignInWithSchoolCodeOrPictures) {
  const auto with_password =
      login(R"({"username": "aya", "password": "soleil", "school": "ABJ001"})");
  ASSERT_EQ(with_password.status, 200) << with_password.body;
  EXPECT_EQ(json::parse(with_password.body).at("user").at("kind").as_string(), "pupil");
  const auto with_pictures =
      login(R"({"username": "aya", "picture_code": [1, 5, 9], "school": "abj001"})");
  EXPECT_EQ(with_pictures.status, 200) << with_pictures.body;
  EXPECT_EQ(login(R"({"username": "aya", "picture_code": "9-5-1", "school": "ABJ001"})").status,
            401);
  EXPECT_EQ(login(R"({"username": "aya", "password": "soleil"})").status, 401);
}

TEST_P(AccountsHttp, SigningInAgainReplacesTheBrowsersSession) {
  const auto first = login(R"({"username": "sn.analyst", "password": "ecole-demo"})");
  const std::string old_token = cookie_value(first, "imaginecole_session");
  const Headers old_cookie = {{"Cookie", "imaginecole_session=" + old_token}};
  // A failed attempt leaves the session alone.
  const auto failed = http_request(port(), "POST", "/api/v1/auth/login", old_cookie,
                                   R"({"username": "sn.analyst", "password": "nope"})");
  EXPECT_EQ(failed.status, 401);
  EXPECT_EQ(http_get(port(), "/api/v1/me", old_cookie).status, 200);
  const auto second = http_request(port(), "POST", "/api/v1/auth/login", old_cookie,
                                   R"({"username": "sn.reviewer", "password": "ecole-demo"})");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(http_get(port(), "/api/v1/me", old_cookie).status, 401);
  const auto me =
      http_get(port(), "/api/v1/me",
               {{"Cookie", "imaginecole_session=" + cookie_value(second, "imaginecole_session")}});
  EXPECT_EQ(json::parse(me.body).at("user").at("username").as_string(), "sn.reviewer");
}

TEST_P(AccountsHttp, RepeatedFailuresAreThrottled) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(login(R"({"username": "ci.head", "password": "guess"})").status, 401);
  }
  const auto throttled = login(R"({"username": "ci.head", "password": "ecole-demo"})");
  EXPECT_EQ(throttled.status, 429);
  const int retry_after = std::stoi(throttled.header("retry-after").value_or("0"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 900);
  // Another account is still served.
  EXPECT_EQ(login(R"({"username": "ci.admin", "password": "ecole-demo"})").status, 200);
}

TEST_P(AccountsHttp, SignInFormWorksWithoutJavaScript) {
  const auto form = http_get(port(), "/signin", {{"Accept-Language", "fr"}});
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<label for=\"signin-username\">Nom d&apos;utilisateur</label>"),
            std::string::npos);
  EXPECT_NE(form.body.find("<label for=\"signin-school\">"), std::string::npos);
  EXPECT_NE(form.body.find("type=\"password\""), std::string::npos);
  EXPECT_EQ(form.body.find("<script"), std::string::npos);
  const std::string presession = cookie_value(form, "imaginecole_presession");
  ASSERT_EQ(presession.size(), 64u);
  EXPECT_NE(form.body.find("value=\"" + presession + "\""), std::string::npos);

  const Headers form_headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"Cookie", "imaginecole_presession=" + presession}};
  // No token, or another one: refused, nothing signed in.
  const auto forged =
      http_request(port(), "POST", "/signin", form_headers,
                   "username=sn.head&password=ecole-demo&csrf_token=" + std::string(64, 'a'));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(cookie_value(forged, "imaginecole_session"), "");

  const auto wrong =
      http_request(port(), "POST", "/signin", form_headers,
                   "school=&username=sn.head&password=nope&csrf_token=" + presession);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(wrong.body.find("value=\"sn.head\""), std::string::npos) << "the username is kept";

  const auto good = http_request(port(), "POST", "/signin", form_headers,
                                 "school=&username=sn.head&password=ecole-demo&next=%2Fc%2FSN&"
                                 "csrf_token=" +
                                     presession);
  ASSERT_EQ(good.status, 303) << good.body;
  EXPECT_EQ(good.header("location"), "/c/SN");
  const std::string token = cookie_value(good, "imaginecole_session");
  ASSERT_EQ(token.size(), 64u);

  // Signed in, the page offers to sign out with the session's CSRF token.
  const Headers session = {{"Cookie", "imaginecole_session=" + token}};
  const auto page = http_get(port(), "/signin", session);
  EXPECT_NE(page.body.find("action=\"/signout\""), std::string::npos);
  const std::string field = "name=\"csrf_token\" value=\"";
  const auto at = page.body.find(field);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page.body.substr(at + field.size(), 64);

  Headers signout_headers = session;
  signout_headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(http_request(port(), "POST", "/signout", signout_headers, "csrf_token=bad").status,
            403);
  const auto signout =
      http_request(port(), "POST", "/signout", signout_headers, "csrf_token=" + csrf);
  EXPECT_EQ(signout.status, 303);
  EXPECT_EQ(http_get(port(), "/api/v1/me", session).status, 401);
}

TEST_P(AccountsHttp, OpenRedirectsAreRefused) {
  const auto form = http_get(port(), "/signin");
  const std::string presession = cookie_value(form, "imaginecole_presession");
  const auto good = http_request(
      port(), "POST", "/signin",
      {{"Content-Type", "application/x-www-form-urlencoded"},
       {"Cookie", "imaginecole_presession=" + presession}},
      "username=sn.head&password=ecole-demo&next=%2F%2Fevil.example&csrf_token=" + presession);
  EXPECT_EQ(good.status, 303);
  EXPECT_EQ(good.header("location"), "/admin/schools/DKR001");  // the head's own school
}

}  // namespace
}  // namespace imaginecole::testing
