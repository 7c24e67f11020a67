// SPDX-License-Identifier: AGPL-3.0-or-later
// People land where their work is: after signing in through the pages (password or
// pictures), each role of the demo lands on its own page, which answers 200; a safe `next`
// still wins; the header shows who is signed in and "Mon espace" leads to the same page.
#include <gtest/gtest.h>

#include "http/request.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

std::string cookie_value(const HttpResponse& response, const std::string& name) {
  for (const auto& [header, value] : response.headers) {
    if (header == "set-cookie" && value.starts_with(name + "=")) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

std::string csrf_in(const std::string& html) {
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = html.find(marker);
  return at == std::string::npos ? std::string() : html.substr(at + marker.size(), 64);
}

class LandingHttp : public DemoBackendTest {
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

  // The sign-in form as a browser fills it in; the answer is the 303 after it.
  HttpResponse sign_in_form(const std::string& username, const std::string& password,
                            const std::string& school = {}, const std::string& next = {}) {
    const auto form = http_get(port(), "/signin");
    const std::string presession = cookie_value(form, "imaginecole_presession");
    std::string body = "csrf_token=" + presession + "&school=" + school + "&username=" + username +
                       "&password=" + password;
    if (!next.empty()) {
      body += "&next=" + http::percent_encode(next);
    }
    return http_request(port(), "POST", "/signin",
                        {{"Content-Type", "application/x-www-form-urlencoded"},
                         {"Cookie", "imaginecole_presession=" + presession}},
                        body);
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(LandingHttp);

TEST_P(LandingHttp, EachRoleLandsWhereItsWorkIs) {
  const std::vector<std::pair<std::string, std::string>> landings = {
      {"sn.teacher", "/classes"},         {"sn.editor", "/edit"},
      {"sn.reviewer", "/edit"},           {"sn.head", "/admin/schools/DKR001"},
      {"sn.admin", "/admin/schools"},     {"sn.analyst", "/signin"},
      {"platform.admin", "/admin/users"},
  };
  for (const auto& [username, landing] : landings) {
    const auto signed_in = sign_in_form(username, "ecole-demo");
    ASSERT_EQ(signed_in.status, 303) << username << ": " << signed_in.body;
    EXPECT_EQ(signed_in.header("location"), landing) << username;
    const Headers session = {
        {"Cookie", "imaginecole_session=" + cookie_value(signed_in, "imaginecole_session")}};
    EXPECT_EQ(http_get(port(), landing, session).status, 200) << username << " on " << landing;
    // "Mon espace" leads there too.
    EXPECT_EQ(http_get(port(), "/me", session).header("location"), landing) << username;
  }
  const auto pupil = sign_in_form("awa", "soleil", "DKR001");
  ASSERT_EQ(pupil.status, 303) << pupil.body;
  EXPECT_EQ(pupil.header("location"), "/me");
  EXPECT_EQ(
      http_get(port(), "/me",
               {{"Cookie", "imaginecole_session=" + cookie_value(pupil, "imaginecole_session")}})
          .status,
      200);
}

TEST_P(LandingHttp, ASafeNextStillWins) {
  EXPECT_EQ(sign_in_form("sn.teacher", "ecole-demo", "", "/c/SN").header("location"), "/c/SN");
  EXPECT_EQ(sign_in_form("sn.teacher", "ecole-demo", "", "//evil.example").header("location"),
            "/classes");
  EXPECT_EQ(sign_in_form("sn.teacher", "ecole-demo", "", "/").header("location"), "/classes");
}

TEST_P(LandingHttp, PicturePupilLandsOnTheirSpace) {
  const auto first = http_get(port(), "/signin/pictures");
  ASSERT_EQ(first.status, 200);
  const std::string token = csrf_in(first.body);
  const Headers browser = {
      {"Cookie", "imaginecole_presession=" + cookie_value(first, "imaginecole_presession")},
      {"Content-Type", "application/x-www-form-urlencoded"}};
  const std::string who = "csrf_token=" + token + "&school=DKR001&username=awa";
  ASSERT_EQ(http_request(port(), "POST", "/signin/pictures", browser, who).status, 200);
  std::string sequence;
  HttpResponse response;
  for (const char digit : std::string("123")) {
    std::string form = who;
    form.append("&sequence=").append(sequence).append("&pick=").push_back(digit);
    response = http_request(port(), "POST", "/signin/pictures", browser, form);
    sequence.push_back(digit);
  }
  ASSERT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.header("location"), "/me");
}

TEST_P(LandingHttp, HeaderShowsWhoIsSignedIn) {
  const auto signed_out = http_get(port(), "/me");
  EXPECT_EQ(signed_out.status, 303);
  EXPECT_EQ(signed_out.header("location"), "/signin?next=/me");

  const auto signed_in = sign_in_form("sn.teacher", "ecole-demo");
  const Headers session = {
      {"Cookie", "imaginecole_session=" + cookie_value(signed_in, "imaginecole_session")},
      {"Accept-Language", "fr"}};
  const auto page = http_get(port(), "/classes", session);
  ASSERT_EQ(page.status, 200);
  const auto header_end = page.body.find("</header>");
  ASSERT_NE(header_end, std::string::npos);
  const std::string header = page.body.substr(0, header_end);
  EXPECT_NE(header.find("Ibrahima Sow"), std::string::npos) << header;
  EXPECT_NE(header.find("action=\"/signout\""), std::string::npos) << header;
  EXPECT_NE(header.find("Se déconnecter"), std::string::npos) << header;
  EXPECT_NE(header.find("href=\"/me\""), std::string::npos) << header;
  // The header's sign-out form works.
  const std::string csrf = csrf_in(header.substr(header.find("action=\"/signout\"")));
  Headers form = session;
  form.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(http_request(port(), "POST", "/signout", form, "csrf_token=" + csrf).status, 303);
  EXPECT_EQ(http_get(port(), "/classes", session).status / 100, 3);  // asked to sign in again

  // Signed out, no name.
  const auto home = http_get(port(), "/", {{"Accept-Language", "fr"}});
  EXPECT_EQ(home.body.find("action=\"/signout\""), std::string::npos);
}

// A school head's landing speaks their language: counts and lists with links, no raw ids.
TEST_P(LandingHttp, SchoolHeadSeesTheSchoolAtAGlance) {
  const auto signed_in = sign_in_form("sn.head", "ecole-demo");
  const Headers session = {
      {"Cookie", "imaginecole_session=" + cookie_value(signed_in, "imaginecole_session")},
      {"Accept-Language", "fr"}};
  const auto page = http_get(port(), "/admin/schools/DKR001", session);
  ASSERT_EQ(page.status, 200);
  const auto glance = page.body.find("L’école en un coup d’œil");
  ASSERT_NE(glance, std::string::npos) << page.body;
  const std::string section =
      page.body.substr(glance, page.body.find("</section>", glance) - glance);
  EXPECT_NE(section.find("<strong>1</strong> classes"), std::string::npos) << section;
  EXPECT_NE(section.find("<strong>1</strong> enseignants"), std::string::npos) << section;
  EXPECT_NE(section.find("<strong>3</strong> élèves"), std::string::npos) << section;
  EXPECT_NE(section.find("href=\"/classes/"), std::string::npos) << section;
  EXPECT_NE(section.find("CM2 A</a> · 3 élèves"), std::string::npos) << section;
  EXPECT_EQ(section.find('{'), std::string::npos) << "no JSON";

  // A country admin's space links the curriculum editor of their country.
  const auto admin = sign_in_form("sn.admin", "ecole-demo");
  const auto schools =
      http_get(port(), "/admin/schools",
               {{"Cookie", "imaginecole_session=" + cookie_value(admin, "imaginecole_session")}});
  EXPECT_NE(schools.body.find("href=\"/admin/c/SN/curriculum\""), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
