// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared library over real HTTP: the binary initialised with the demo data and serving on
// 127.0.0.1, on SQLite and on PostgreSQL. Browsing pages, the JSON API, bad input, curriculum
// edits and placements with their permission and CSRF checks.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <csignal>
#include <functional>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/shared_demo_server.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class LibraryHttp : public DemoBackendTest {
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
  HttpResponse get(const std::string& target, const Headers& headers = {}) {
    return http_get(port(), target, headers);
  }
  json::value get_json(const std::string& target) {
    const auto response = get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return json::parse(response.body);
  }

  // Signs in; returns the cookie and CSRF headers.
  Headers sign_in(const std::string& username, bool with_csrf = true) {
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": ")" + username + R"(", "password": "ecole-demo"})");
    EXPECT_EQ(response.status, 200) << response.body;
    std::string token;
    for (const auto& [name, value] : response.headers) {
      if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
        token = value.substr(20, value.find(';') - 20);
      }
    }
    Headers headers = {{"Cookie", "imaginecole_session=" + token},
                       {"Content-Type", "application/json"}};
    if (with_csrf) {
      headers.emplace_back("X-CSRF-Token",
                           std::string(json::parse(response.body).at("csrf_token").as_string()));
    }
    return headers;
  }

  // The id of a subject node of a level in a country's tree.
  std::string subject_node(const std::string& country, const std::string& level,
                           const std::string& subject) {
    const auto tree = get_json("/api/v1/countries/" + country + "/curriculum");
    for (const auto& cycle : tree.at("cycles").as_array()) {
      for (const auto& lv : cycle.at("children").as_array()) {
        if (lv.at("slug") != level.c_str()) {
          continue;
        }
        for (const auto& node : lv.at("children").as_array()) {
          if (node.at("slug") == subject.c_str()) {
            return std::string(node.at("id").as_string());
          }
        }
      }
    }
    return {};
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(LibraryHttp);

// The tests that only read share one demo server per backend; those that write (edits,
// placements, sign-ins, views counted at shutdown) keep theirs above.
class LibraryHttpReads : public SharedDemoTest {
 protected:
  HttpResponse get(const std::string& target, const Headers& headers = {}) {
    return http_get(port(), target, headers);
  }
  json::value get_json(const std::string& target) {
    const auto response = get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return json::parse(response.body);
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(LibraryHttpReads);

TEST_P(LibraryHttpReads, SenegalCm2MathsLeadsToALessonAndCoteDIvoireShowsASenegaleseOne) {
  const auto country = get("/c/SN");
  ASSERT_EQ(country.status, 200);
  EXPECT_NE(country.body.find("Nouveautés"), std::string::npos);
  EXPECT_NE(country.body.find("href=\"/c/SN/cm2\""), std::string::npos);
  const auto level = get("/c/SN/cm2");
  EXPECT_NE(level.body.find("href=\"/c/SN/cm2/mathematiques\""), std::string::npos);
  const auto subject = get("/c/SN/cm2/mathematiques");
  ASSERT_EQ(subject.status, 200);
  EXPECT_NE(subject.body.find("fractions"), std::string::npos);

  // Côte d'Ivoire placed Senegalese lessons under its own levels.
  const auto ci = get_json("/api/v1/resources?country=CI");
  std::string senegalese;
  std::string level_slug;
  for (const auto& item : ci.at("results").as_array()) {
    if (item.at("origin_country") == "SN") {
      senegalese = std::string(item.at("id").as_string());
      break;
    }
  }
  ASSERT_FALSE(senegalese.empty()) << "the demo has a Senegalese lesson placed by CI";
  const auto detail = get_json("/api/v1/resources/" + senegalese);
  EXPECT_EQ(detail.at("origin_country"), "SN");
  std::string subject_slug;
  for (const auto& placement : detail.at("placements").as_array()) {
    if (placement.at("country") == "CI") {
      level_slug = std::string(placement.at("level").as_string());
      subject_slug = std::string(placement.at("subject").as_string());
    }
  }
  ASSERT_FALSE(level_slug.empty());
  const auto ci_page = get("/c/CI/" + level_slug + "/" + subject_slug);
  ASSERT_EQ(ci_page.status, 200);
  EXPECT_NE(ci_page.body.find("/r/" + senegalese + "?c=CI"), std::string::npos);
  EXPECT_NE(ci_page.body.find("Sénégal"), std::string::npos) << "says where it comes from";

  const auto page = get("/r/" + senegalese + "?c=CI", {{"Accept-Encoding", "br"}});
  ASSERT_EQ(page.status, 200);
  EXPECT_LT(page.body.size(), 15U * 1024) << "compressed page under 15 KB";
  const auto plain = get("/r/" + senegalese + "?c=CI");
  EXPECT_NE(plain.body.find("<a href=\"/c/CI\">Côte d&apos;Ivoire</a>"), std::string::npos)
      << "breadcrumbs in Côte d'Ivoire's tree";
  EXPECT_NE(plain.body.find("<h2"), std::string::npos) << "Markdown body rendered";
  EXPECT_NE(plain.body.find("Licence"), std::string::npos);
  EXPECT_NE(plain.body.find("Placée dans les programmes"), std::string::npos);
}

// A lesson opened by a signed-in pupil shows her name and her sign-out token in the header:
// the page cache keeps that page for her alone (before, the next visitor got it).
TEST_P(LibraryHttpReads, APupilsLessonPageIsNeverServedToAnyoneElse) {
  const auto found = get_json("/api/v1/search?q=fractions+partager&country=SN");
  const std::string lesson(found.at("results").at(0).at("id").as_string());
  // A query of its own: no other test has put this page in the cache.
  const std::string target = "/r/" + lesson + "?c=SN&seen-by=awa";
  const Headers awa =
      sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"});
  const auto hers = get(target, {awa.at(0)});
  ASSERT_EQ(hers.status, 200) << hers.body;
  EXPECT_NE(hers.body.find("class=\"viewer-name\">Awa<"), std::string::npos);
  const auto visitor = get(target);
  ASSERT_EQ(visitor.status, 200);
  EXPECT_EQ(visitor.body.find("Awa"), std::string::npos) << "a visitor sees the pupil's page";
  EXPECT_EQ(visitor.body.find("name=\"csrf_token\""), std::string::npos);
  const Headers moussa =
      sign_in(port(), {.username = "moussa", .password = "soleil", .school = "DKR001"});
  const auto his = get(target, {moussa.at(0)});
  EXPECT_NE(his.body.find("class=\"viewer-name\">Moussa<"), std::string::npos);
  EXPECT_EQ(his.body.find("Awa"), std::string::npos);
  // And hers again, from the cache: still hers.
  EXPECT_NE(get(target, {awa.at(0)}).body.find("class=\"viewer-name\">Awa<"), std::string::npos);
}

TEST_P(LibraryHttpReads, ApiListsFiltersAndPaginates) {
  const auto all = get_json("/api/v1/resources?country=SN");
  EXPECT_GT(all.at("total").as_int64(), 0);
  EXPECT_EQ(all.at("page"), 1);
  for (const auto& item : all.at("results").as_array()) {
    for (const char* key : {"id", "title", "kind", "language", "origin_country"}) {
      EXPECT_TRUE(item.as_object().contains(key)) << key;
    }
  }
  const auto lessons = get_json("/api/v1/resources?country=sn&kind=lesson&lang=fr");
  for (const auto& item : lessons.at("results").as_array()) {
    EXPECT_EQ(item.at("kind"), "lesson");
  }
  const auto far = get_json("/api/v1/resources?country=SN&page=500");
  EXPECT_TRUE(far.at("results").as_array().empty());
  const auto english = get_json("/api/v1/resources?country=CM&lang=en");
  EXPECT_GT(english.at("total").as_int64(), 0) << "a few lessons in English for Cameroon";
  const auto tree = get_json("/api/v1/countries/SN/curriculum");
  EXPECT_EQ(tree.at("cycles").as_array().size(), 3U);
  EXPECT_FALSE(tree.at("exams").as_array().empty());
}

TEST_P(LibraryHttpReads, BadInputGetsClearStatuses) {
  EXPECT_EQ(get("/api/v1/resources").status, 400) << "country is required";
  EXPECT_EQ(get("/api/v1/resources?country=Senegal").status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&kind=poster").status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&page=abc").status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&page=0").status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&level=%27%3B--").status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&subject=" + std::string(300, 'a')).status, 400);
  EXPECT_EQ(get("/api/v1/resources?country=SN&x=" + std::string(3000, 'a')).status, 414);
  EXPECT_EQ(get("/api/v1/resources/not-an-id").status, 400);
  EXPECT_EQ(get("/api/v1/resources/01900000-0000-7000-8000-000000000000").status, 404);
  EXPECT_EQ(get("/r/01900000-0000-7000-8000-000000000000").status, 404);
  EXPECT_EQ(get("/r/nope").status, 404);
  EXPECT_EQ(get("/c/SN/cm2/astrologie").status, 404);
  EXPECT_EQ(get("/c/SN/cm2/mathematiques?page=99").status, 404);
  EXPECT_EQ(get("/c/SN/cm2/mathematiques?page=-1").status, 400);
  EXPECT_EQ(get("/api/v1/countries/XX/curriculum").status, 404);
}

TEST_P(LibraryHttp, CountryAdminsEditTheirCurriculumOnly) {
  const std::string maths = subject_node("SN", "cm2", "mathematiques");
  ASSERT_FALSE(maths.empty());
  const std::string body = R"({"parent_id": ")" + maths + R"(", "kind": "unit", "slug": "geometrie",
          "names": {"fr": "Géométrie", "en": "Geometry"}})";
  const std::string nodes = "/api/v1/countries/SN/curriculum/nodes";
  EXPECT_EQ(
      http_request(port(), "POST", nodes, {{"Content-Type", "application/json"}}, body).status,
      401);
  EXPECT_EQ(http_request(port(), "POST", nodes, sign_in("sn.admin", false), body).status, 403)
      << "no CSRF token";
  EXPECT_EQ(http_request(port(), "POST", nodes, sign_in("ci.admin"), body).status, 403)
      << "another country's admin";
  EXPECT_EQ(http_request(port(), "POST", nodes, sign_in("sn.editor"), body).status, 403);
  const Headers admin = sign_in("sn.admin");
  EXPECT_EQ(http_request(port(), "POST", nodes, admin, "{not json").status, 400);
  EXPECT_EQ(http_request(port(), "POST", nodes, admin, R"({"kind": "unit"})").status, 400);
  const auto created = http_request(port(), "POST", nodes, admin, body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());
  EXPECT_EQ(http_request(port(), "POST", nodes, admin, body).status, 409);

  const auto renamed = http_request(port(), "PATCH", nodes + "/" + id, admin,
                                    R"({"names": {"fr": "Géométrie plane"}, "position": 0})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json::parse(renamed.body).at("position"), 0);
  auto tree = get("/api/v1/countries/SN/curriculum");
  EXPECT_NE(tree.body.find("Géométrie plane"), std::string::npos);
  const auto units = get("/c/SN/cm2/mathematiques");
  EXPECT_NE(units.body.find("?unit=geometrie"), std::string::npos);

  EXPECT_EQ(http_request(port(), "PATCH", "/api/v1/countries/CI/curriculum/nodes/" + id,
                         sign_in("ci.admin"), R"({"retired": true})")
                .status,
            404)
      << "not in Côte d'Ivoire's tree";
  EXPECT_EQ(http_request(port(), "PATCH", nodes + "/" + id, admin, R"({"retired": "yes"})").status,
            400);
  ASSERT_EQ(http_request(port(), "PATCH", nodes + "/" + id, admin, R"({"retired": true})").status,
            200);
  tree = get("/api/v1/countries/SN/curriculum");
  EXPECT_EQ(tree.body.find("Géométrie plane"), std::string::npos);
}

TEST_P(LibraryHttp, EditorsPlaceAndHideResourcesInTheirCountry) {
  const auto sn = get_json("/api/v1/resources?country=SN&level=3e");
  ASSERT_FALSE(sn.at("results").as_array().empty());
  const std::string resource(sn.at("results").at(0).at("id").as_string());
  const std::string node = subject_node("CI", "tle", "philosophie");
  ASSERT_FALSE(node.empty());
  const std::string body = R"({"resource_id": ")" + resource + R"(", "node_id": ")" + node + "\"}";
  EXPECT_EQ(
      http_request(port(), "POST", "/api/v1/countries/CI/placements", sign_in("sn.editor"), body)
          .status,
      403);
  const Headers editor = sign_in("ci.editor");
  const std::string list = "/api/v1/resources?country=CI&level=tle&subject=philosophie";
  const std::int64_t before = get_json(list).at("total").as_int64();
  const auto placed = http_request(port(), "POST", "/api/v1/countries/CI/placements", editor, body);
  ASSERT_EQ(placed.status, 201) << placed.body;
  const std::string placement(json::parse(placed.body).at("id").as_string());
  EXPECT_EQ(get_json(list).at("total").as_int64(), before + 1);
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/countries/CI/placements", editor, body).status,
            409);

  const std::string hide = "/api/v1/countries/CI/placements/" + placement;
  EXPECT_EQ(http_request(port(), "PATCH", hide, editor, R"({"hidden": 1})").status, 400);
  ASSERT_EQ(http_request(port(), "PATCH", hide, editor, R"({"hidden": true})").status, 200);
  EXPECT_EQ(get_json(list).at("total").as_int64(), before);
}

TEST_P(LibraryHttp, AdminPageNeedsTheFormToken) {
  // Signed out, the page asks to sign in first (and to come back).
  const auto signed_out = get("/admin/c/SN/curriculum");
  EXPECT_EQ(signed_out.status, 303);
  EXPECT_EQ(signed_out.header("location"), "/signin?next=/admin/c/SN/curriculum");
  Headers admin = sign_in("sn.admin");
  const auto page = get("/admin/c/SN/curriculum?level=cm2", admin);
  ASSERT_EQ(page.status, 200);
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto token_at = page.body.find(marker);
  ASSERT_NE(token_at, std::string::npos);
  const auto start = token_at + marker.size();
  const std::string token = page.body.substr(start, page.body.find('"', start) - start);
  const std::string maths = subject_node("SN", "cm2", "mathematiques");
  Headers form = {admin[0], {"Content-Type", "application/x-www-form-urlencoded"}};
  const std::string fields = "node=" + maths + "&action=add&name=Mesures&slug=mesures";
  EXPECT_EQ(http_request(port(), "POST", "/admin/c/SN/curriculum?level=cm2", form, fields).status,
            403);
  const auto added = http_request(port(), "POST", "/admin/c/SN/curriculum?level=cm2", form,
                                  fields + "&csrf_token=" + token);
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_NE(get("/api/v1/countries/SN/curriculum").body.find("\"mesures\""), std::string::npos);
  EXPECT_EQ(get("/admin/c/SN/curriculum", sign_in("ci.admin")).status, 403);
}

// "Retirer" a curriculum node is a link to its own confirmation page (no JavaScript); the
// POST refuses a request that did not come through it.
TEST_P(LibraryHttp, RetiringANodeIsConfirmedOnItsOwnPage) {
  Headers admin = sign_in("sn.admin");
  const std::string maths = subject_node("SN", "cm2", "mathematiques");
  const auto page = get("/admin/c/SN/curriculum?level=cm2", admin);
  ASSERT_EQ(page.status, 200);
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto start = page.body.find(marker) + marker.size();
  const std::string token = page.body.substr(start, page.body.find('"', start) - start);
  Headers form = {admin[0], {"Content-Type", "application/x-www-form-urlencoded"}};
  ASSERT_EQ(
      http_request(port(), "POST", "/admin/c/SN/curriculum?level=cm2", form,
                   "node=" + maths + "&action=add&name=Mesures&slug=mesures&csrf_token=" + token)
          .status,
      303);
  const auto tree = get_json("/api/v1/countries/SN/curriculum");
  std::string unit;
  const std::function<void(const json::value&)> find = [&](const json::value& value) {
    if (value.is_object()) {
      const auto& object = value.as_object();
      if (const auto* slug = object.if_contains("slug");
          slug != nullptr && slug->is_string() && slug->as_string() == "mesures") {
        unit = std::string(object.at("id").as_string());
      }
      for (const auto& [key, child] : object) {
        find(child);
      }
    } else if (value.is_array()) {
      for (const auto& child : value.as_array()) {
        find(child);
      }
    }
  };
  find(tree);
  ASSERT_FALSE(unit.empty());

  const auto listed = get("/admin/c/SN/curriculum?level=cm2", admin);
  const std::string link = "/admin/c/SN/curriculum/retire?node=" + unit + "&amp;level=cm2";
  EXPECT_NE(listed.body.find("href=\"" + link + "\""), std::string::npos) << listed.body;
  EXPECT_EQ(listed.body.find("value=\"retire\""), std::string::npos) << "no one-click button";
  const auto ask = get("/admin/c/SN/curriculum/retire?node=" + unit + "&level=cm2", admin);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find(R"(<form method="post" action="/admin/c/SN/curriculum?level=cm2")"),
            std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(ask.body.find("Mesures"), std::string::npos);
  EXPECT_EQ(ask.body.find("<script"), std::string::npos);
  EXPECT_EQ(get("/admin/c/SN/curriculum/retire?node=" + unit, sign_in("ci.admin")).status, 403);

  const std::string retire = "node=" + unit + "&action=retire&csrf_token=" + token;
  EXPECT_EQ(http_request(port(), "POST", "/admin/c/SN/curriculum?level=cm2", form, retire).status,
            400);
  EXPECT_NE(get("/api/v1/countries/SN/curriculum").body.find("\"mesures\""), std::string::npos);
  const auto done = http_request(port(), "POST", "/admin/c/SN/curriculum?level=cm2", form,
                                 retire + "&confirm=yes");
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(get("/api/v1/countries/SN/curriculum").body.find("\"mesures\""), std::string::npos);
}

TEST_P(LibraryHttp, ViewsAreWrittenAtShutdownAndFeedMostUsed) {
  const auto listed = get_json("/api/v1/resources?country=SN&level=cm2&subject=mathematiques");
  const std::string id(listed.at("results").at(0).at("id").as_string());
  EXPECT_EQ(get("/c/SN").body.find("Les plus consultées"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(get("/r/" + id).status, 200);
  }
  EXPECT_EQ(server_->stop(SIGTERM), 0);
  std::vector<std::string> location = {"--data", test_db().data_dir.path().string()};
  if (!test_db().url.empty()) {
    location.insert(location.end(), {"--database", test_db().url});
  }
  server_ = std::make_unique<ServerProcess>(ServerProcess::start(location));
  const auto country = get("/c/SN");
  const auto heading = country.body.find("Les plus consultées");
  ASSERT_NE(heading, std::string::npos) << "the views counted before shutdown were kept";
  EXPECT_NE(country.body.find("/r/" + id, heading), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
