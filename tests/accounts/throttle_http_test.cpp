// SPDX-License-Identifier: AGPL-3.0-or-later
// Sign-in throttling over real HTTP, as a school sees it: every client of these tests comes
// from 127.0.0.1, like a classroom behind one router (decision 0017).
//  - a classroom signs in while one pupil or an attacker fails a hundred times;
//  - a made-up school code gives a staff account no fresh counter, and a locked account
//    refuses even the right password from an unknown client;
//  - the owner's trusted device (device cookie) still gets in while the account is locked;
//  - guessing the current password of a password change is throttled too.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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

class SignInThrottleHttp : public DemoBackendTest {
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

  HttpResponse login(const json::object& body, const std::string& cookie = {}) {
    Headers headers{{"Content-Type", "application/json"}};
    if (!cookie.empty()) {
      headers.emplace_back("Cookie", cookie);
    }
    return http_request(server_->port(), "POST", "/api/v1/auth/login", headers,
                        json::serialize(body));
  }
  HttpResponse staff_login(const std::string& username, const std::string& password,
                           const std::string& cookie = {}) {
    return login(json::object{{"username", username}, {"password", password}}, cookie);
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(SignInThrottleHttp);

TEST_P(SignInThrottleHttp, AClassroomBehindOneAddressSignsInWhileOneOfThemFailsAHundredTimes) {
  // The teacher makes a class of 30 pupils with known passwords.
  const auto teacher = staff_login("sn.teacher", "ecole-demo");
  ASSERT_EQ(teacher.status, 200) << teacher.body;
  const std::string session = "imaginecole_session=" + cookie_value(teacher, "imaginecole_session");
  const std::string csrf(json::parse(teacher.body).at("csrf_token").as_string());
  const auto classes = http_get(server_->port(), "/api/v1/classes", {{"Cookie", session}});
  ASSERT_EQ(classes.status, 200) << classes.body;
  const std::string class_id(json::parse(classes.body).at("classes").at(0).at("id").as_string());
  json::array pupils;
  for (int i = 0; i < 30; ++i) {
    const std::string n = std::to_string(100 + i);
    pupils.push_back(json::object{
        {"display_name", "Élève " + n}, {"username", "eleve" + n}, {"password", "baobab" + n}});
  }
  const auto created = http_request(
      server_->port(), "POST", "/api/v1/classes/" + class_id + "/pupils",
      {{"Content-Type", "application/json"}, {"Cookie", session}, {"X-CSRF-Token", csrf}},
      json::serialize(json::object{{"pupils", pupils}}));
  ASSERT_EQ(created.status, 201) << created.body;

  // One pupil hammers their own account and, to make it worse, other names (password
  // spraying), a hundred failures from the address the whole class shares; their classmates
  // sign in between the failures with their right passwords.
  int failures = 0;
  int pupil = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string username = attempt % 2 == 0 ? "eleve100" : "nobody" + std::to_string(attempt);
    const auto failed = login(
        json::object{{"username", username}, {"password", "wrong-guess"}, {"school", "DKR001"}});
    EXPECT_TRUE(failed.status == 401 || failed.status == 429) << failed.status;
    failures += failed.status == 401 ? 1 : 0;
    if (attempt % 3 == 2 && pupil < 29) {
      const std::string n = std::to_string(101 + pupil++);
      const auto good = login(json::object{
          {"username", "eleve" + n}, {"password", "baobab" + n}, {"school", "DKR001"}});
      EXPECT_EQ(good.status, 200) << "eleve" << n << " after " << attempt << " failures";
    }
  }
  EXPECT_GE(failures, 20) << "the address did become hot";
  EXPECT_EQ(pupil, 29);
  // The pupil who failed is locked (their own account), not their classmates.
  EXPECT_EQ(
      login(json::object{{"username", "eleve100"}, {"password", "baobab100"}, {"school", "DKR001"}})
          .status,
      429);
  EXPECT_EQ(staff_login("sn.teacher", "ecole-demo").status, 200);
}

TEST_P(SignInThrottleHttp, AMadeUpSchoolCodeDoesNotGiveAStaffAccountAFreshCounter) {
  for (int i = 0; i < 5; ++i) {
    const auto failed = login(json::object{{"username", "sn.head"},
                                           {"password", "guess" + std::to_string(i)},
                                           {"school", "FAKE" + std::to_string(i)}});
    EXPECT_EQ(failed.status, 401);
  }
  // Locked: neither another made-up school nor none gives a sixth guess, and the right
  // password from this unknown client is refused like a wrong one.
  for (const std::string school : {"FAKE9", "DKR001", ""}) {
    json::object body{{"username", "sn.head"}, {"password", "ecole-demo"}};
    if (!school.empty()) {
      body["school"] = school;
    }
    const auto refused = login(body);
    EXPECT_EQ(refused.status, 429) << school << ": " << refused.body;
    EXPECT_TRUE(refused.header("retry-after").has_value());
  }
  EXPECT_EQ(login(json::object{{"username", "SN.HEAD"}, {"password", "ecole-demo"}}).status, 429);
}

TEST_P(SignInThrottleHttp, TheOwnersTrustedDeviceGetsInWhileTheAccountIsLockedForOthers) {
  // The owner signed in on this browser before: it keeps a long-lived device cookie.
  const auto first = staff_login("ci.head", "ecole-demo");
  ASSERT_EQ(first.status, 200);
  const std::string device = cookie_value(first, "imaginecole_device");
  ASSERT_FALSE(device.empty());
  for (const auto& [name, value] : first.headers) {
    if (name == "set-cookie" && value.starts_with("imaginecole_device=")) {
      EXPECT_NE(value.find("HttpOnly"), std::string::npos) << value;
      EXPECT_NE(value.find("Max-Age="), std::string::npos) << value;
    }
  }
  const std::string owner = "imaginecole_device=" + device;

  // Someone else fails five times: the account is locked for every unknown client.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(staff_login("ci.head", "guess" + std::to_string(i)).status, 401);
  }
  EXPECT_EQ(staff_login("ci.head", "ecole-demo").status, 429);
  // A forged or foreign device cookie is an unknown client.
  std::string forged = device;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(staff_login("ci.head", "ecole-demo", "imaginecole_device=" + forged).status, 429);
  const auto other = staff_login("ci.teacher", "ecole-demo");
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(staff_login("ci.head", "ecole-demo",
                        "imaginecole_device=" + cookie_value(other, "imaginecole_device"))
                .status,
            429);

  // The owner, on their own device, gets in.
  const auto owner_in = staff_login("ci.head", "ecole-demo", owner);
  ASSERT_EQ(owner_in.status, 200) << owner_in.body;
  const std::string renewed = "imaginecole_device=" + cookie_value(owner_in, "imaginecole_device");
  ASSERT_NE(renewed, "imaginecole_device=");
  // The device has its own small limit: five failures on it, then it is a stranger again.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(staff_login("ci.head", "typo" + std::to_string(i), renewed).status, 401);
  }
  EXPECT_EQ(staff_login("ci.head", "ecole-demo", renewed).status, 429);
}

TEST_P(SignInThrottleHttp, GuessingTheCurrentPasswordOfAPasswordChangeIsThrottled) {
  const auto signed_in = staff_login("sn.editor", "ecole-demo");
  ASSERT_EQ(signed_in.status, 200);
  const Headers headers{
      {"Content-Type", "application/json"},
      {"Cookie", "imaginecole_session=" + cookie_value(signed_in, "imaginecole_session")},
      {"X-CSRF-Token", std::string(json::parse(signed_in.body).at("csrf_token").as_string())}};
  const auto change = [&](const std::string& current) {
    return http_request(server_->port(), "POST", "/api/v1/me/password", headers,
                        json::serialize(json::object{{"current_password", current},
                                                     {"new_password", "a-new-long-password"}}));
  };
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(change("guess" + std::to_string(i)).status, 403);
  }
  const auto throttled = change("ecole-demo");
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  // Nothing changed: the old password still signs in.
  EXPECT_EQ(staff_login("sn.editor", "ecole-demo").status, 200);
}

}  // namespace
}  // namespace imaginecole::testing
