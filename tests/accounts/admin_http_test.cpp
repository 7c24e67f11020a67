// SPDX-License-Identifier: AGPL-3.0-or-later
// Account settings, schools, users, the audit log and a pupil's data over real HTTP, on SQLite
// and PostgreSQL: what owners may do, what foreign scopes are refused, and broken input that
// changes nothing.
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

struct Session {
  std::uint16_t port = 0;
  std::string cookie;
  std::string csrf;

  Headers headers(bool csrf_header = true, const std::string& type = "application/json") const {
    Headers out = {{"Cookie", "imaginecole_session=" + cookie}, {"Content-Type", type}};
    if (csrf_header) {
      out.emplace_back("X-CSRF-Token", csrf);
    }
    return out;
  }
  HttpResponse get(const std::string& target) const {
    return http_get(port, target, {{"Cookie", "imaginecole_session=" + cookie}});
  }
  HttpResponse send(const std::string& method, const std::string& target,
                    const std::string& body = {}, bool csrf_header = true) const {
    return http_request(port, method, target, headers(csrf_header), body);
  }
  HttpResponse form(const std::string& target, const std::string& body) const {
    return http_request(port, "POST", target, headers(false, "application/x-www-form-urlencoded"),
                        body);
  }
};

class AdminHttp : public DemoBackendTest {
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

  HttpResponse login_response(const std::string& username, const std::string& password,
                              const std::string& school = {}) {
    json::object body{{"username", username}, {"password", password}};
    if (!school.empty()) {
      body["school"] = school;
    }
    return http_request(port(), "POST", "/api/v1/auth/login",
                        {{"Content-Type", "application/json"}}, json::serialize(body));
  }
  Session login(const std::string& username, const std::string& password = "ecole-demo",
                const std::string& school = {}) {
    const auto response = login_response(username, password, school);
    EXPECT_EQ(response.status, 200) << username << ": " << response.body;
    Session session{port(), cookie_value(response, "imaginecole_session"), {}};
    if (response.status == 200) {
      session.csrf = std::string(json::parse(response.body).at("csrf_token").as_string());
    }
    return session;
  }
  std::string user_id(const Session& admin, const std::string& query) {
    const auto response = admin.get("/api/v1/users?q=" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    const json::value parsed = json::parse(response.body);
    const auto& users = parsed.at("users").as_array();
    EXPECT_FALSE(users.empty()) << query;
    return users.empty() ? std::string() : std::string(users[0].at("id").as_string());
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(AdminHttp);

TEST_P(AdminHttp, AccountSettingsLanguageNameAndPassword) {
  const Session teacher = login("sn.teacher");
  const Session other = login("sn.teacher");
  EXPECT_EQ(http_get(port(), "/account").status, 303) << "signed out: to the sign-in page";
  const auto page = teacher.get("/account");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Ibrahima Sow"), std::string::npos);
  EXPECT_NE(page.body.find("csrf_token"), std::string::npos);

  // Broken input changes nothing.
  EXPECT_EQ(teacher.form("/account", "action=profile&language=ar&display_name=X").status, 403);
  EXPECT_EQ(
      teacher.form("/account", "csrf_token=" + teacher.csrf + "&action=profile&language=xx").status,
      400);
  EXPECT_EQ(teacher
                .form("/account",
                      "csrf_token=" + teacher.csrf +
                          "&action=profile&language=fr&display_name=" + std::string(10000, 'a'))
                .status,
            400);
  EXPECT_EQ(teacher.send("PATCH", "/api/v1/me", R"({"preferred_language": "en"})", false).status,
            403)
      << "no CSRF header";
  EXPECT_EQ(teacher.send("PATCH", "/api/v1/me", "not json").status, 400);
  auto me = json::parse(teacher.get("/api/v1/me").body);
  EXPECT_EQ(me.at("user").at("display_name").as_string(), "Ibrahima Sow (enseignant, CM2 A)");
  EXPECT_NE(me.at("user").at("preferred_language"), json::value("ar"));

  const auto saved =
      teacher.form("/account", "csrf_token=" + teacher.csrf +
                                   "&action=profile&language=ar&display_name=" + "Ibrahima%20Sow");
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(cookie_value(saved, "lang"), "ar");
  me = json::parse(teacher.get("/api/v1/me").body);
  EXPECT_EQ(me.at("user").at("display_name").as_string(), "Ibrahima Sow");
  EXPECT_EQ(me.at("user").at("preferred_language").as_string(), "ar");

  // Password: weak, wrong current password, then right; the other session ends.
  EXPECT_EQ(teacher
                .send("POST", "/api/v1/me/password",
                      R"({"current_password": "ecole-demo", "new_password": "short"})")
                .status,
            400);
  EXPECT_EQ(teacher
                .send("POST", "/api/v1/me/password",
                      R"({"current_password": "wrong-one", "new_password": "a-much-longer-one"})")
                .status,
            403);
  EXPECT_EQ(other.get("/api/v1/me").status, 200);
  EXPECT_EQ(teacher
                .send("POST", "/api/v1/me/password",
                      R"({"current_password": "ecole-demo", "new_password": "a-much-longer-one"})")
                .status,
            200);
  EXPECT_EQ(other.get("/api/v1/me").status, 401);
  EXPECT_EQ(teacher.get("/api/v1/me").status, 200);
  EXPECT_EQ(login_response("sn.teacher", "ecole-demo").status, 401);
  login("sn.teacher", "a-much-longer-one");

  // Sessions: listed, and one revoked.
  const auto sessions = json::parse(teacher.get("/api/v1/me/sessions").body);
  ASSERT_EQ(sessions.at("sessions").as_array().size(), 2u);
  std::string second;
  for (const auto& s : sessions.at("sessions").as_array()) {
    if (!s.at("current").as_bool()) {
      second = std::string(s.at("id").as_string());
    }
  }
  EXPECT_EQ(teacher.send("DELETE", "/api/v1/me/sessions/" + second).status, 204);
  EXPECT_EQ(teacher.send("DELETE", "/api/v1/me/sessions/" + second).status, 404);

  // Pupils change their language, not their name.
  const Session awa = login("awa", "soleil", "DKR001");
  EXPECT_EQ(awa.send("PATCH", "/api/v1/me", R"({"preferred_language": "en"})").status, 200);
  EXPECT_EQ(awa.send("PATCH", "/api/v1/me", R"({"display_name": "Queen"})").status, 403);
  EXPECT_EQ(awa.get("/admin/users").status, 403);
}

TEST_P(AdminHttp, SchoolsAndClassesWithinTheirScope) {
  const Session sn = login("sn.admin");
  const auto created = sn.send(
      "POST", "/api/v1/schools",
      R"({"country": "SN", "code": "thi001", "name": "École de Thiès", "region": "Thiès"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body).at("code").as_string(), "THI001");
  EXPECT_EQ(json::parse(created.body).at("region").as_string(), "Thiès");
  EXPECT_EQ(sn.send("POST", "/api/v1/schools",
                    R"({"country": "SN", "code": "DKR001", "name": "Doublon"})")
                .status,
            409);
  EXPECT_EQ(sn.send("POST", "/api/v1/schools",
                    R"({"country": "SN", "code": "LONG01", "name": ")" + std::string(10000, 'n') +
                        R"("})")
                .status,
            400);
  EXPECT_EQ(
      sn.send("POST", "/api/v1/schools", R"({"country": "CI", "code": "ABJ777", "name": "x"})")
          .status,
      403);
  EXPECT_EQ(sn.form("/admin/schools", "country=SN&code=NOCSRF&name=x").status, 403);
  const auto list = sn.get("/api/v1/schools?country=SN");
  EXPECT_NE(list.body.find("THI001"), std::string::npos);
  EXPECT_EQ(list.body.find("LONG01"), std::string::npos);
  EXPECT_EQ(list.body.find("NOCSRF"), std::string::npos);
  EXPECT_EQ(sn.get("/api/v1/schools?country=CI").body.find("ABJ001"), std::string::npos);
  EXPECT_EQ(sn.get("/admin/schools/ABJ001").status, 404);
  EXPECT_EQ(sn.get("/admin/schools/NOPE99").status, 404);
  const auto page = sn.get("/admin/schools/DKR001");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("CM2 A"), std::string::npos);
  EXPECT_NE(page.body.find("sn.teacher"), std::string::npos);

  // The head manages classes of their school, not the school itself, not another school.
  const Session head = login("sn.head");
  const auto added =
      head.send("POST", "/api/v1/schools/DKR001/classes", R"({"name": "CM1 B", "level": "cm1"})");
  EXPECT_EQ(added.status, 201) << added.body;
  const std::string class_id(json::parse(added.body).at("id").as_string());
  EXPECT_EQ(head.send("POST", "/api/v1/schools/DKR001/classes",
                      R"({"name": "X", "level": "terminale-z"})")
                .status,
            400);
  EXPECT_EQ(head.send("PATCH", "/api/v1/schools/DKR001/classes/" + class_id,
                      R"({"name": "CM1 Bis", "level": "cm1"})")
                .status,
            200);
  EXPECT_EQ(head.send("PATCH", "/api/v1/schools/DKR001", R"({"name": "Nouveau nom"})").status, 403);
  EXPECT_EQ(head.get("/admin/schools/ABJ001").status, 404);
  EXPECT_EQ(head.send("POST", "/api/v1/schools/ABJ001/classes", R"({"name": "X"})").status, 404);
  const auto school = json::parse(sn.get("/api/v1/schools/DKR001").body);
  bool renamed = false;
  for (const auto& c : school.at("classes").as_array()) {
    renamed = renamed || c.at("name").as_string() == "CM1 Bis";
  }
  EXPECT_TRUE(renamed);
  EXPECT_EQ(login("sn.analyst").get("/api/v1/schools/DKR001").status, 403);
}

TEST_P(AdminHttp, UsersWithinTheirScopeAndAudited) {
  const Session sn = login("sn.admin");
  const Session ci = login("ci.admin");
  EXPECT_NE(sn.get("/api/v1/users?q=awa").body.find("\"awa\""), std::string::npos);
  EXPECT_EQ(ci.get("/api/v1/users?q=awa").body.find("\"awa\""), std::string::npos);
  EXPECT_EQ(sn.get("/api/v1/users?role=wizard").status, 400);
  const int long_query = sn.get("/api/v1/users?q=" + std::string(10000, 'q')).status;
  EXPECT_TRUE(long_query == 400 || long_query == 414) << long_query;
  const auto page = sn.get("/admin/users?q=Awa");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("awa"), std::string::npos);
  EXPECT_EQ(login("sn.analyst").get("/api/v1/users").status, 403);
  EXPECT_EQ(login("sn.teacher").get("/admin/users").status, 403);

  auto create = [&](const Session& who, const std::string& username, const std::string& role,
                    const std::string& scope) {
    return who
        .send("POST", "/api/v1/users",
              json::serialize(json::object{{"username", username},
                                           {"password", "long-enough-1"},
                                           {"role", role},
                                           {"scope", scope}}))
        .status;
  };
  EXPECT_EQ(create(sn, "mali.t", "teacher", "country:SN"), 403) << "a teacher at a country";
  EXPECT_EQ(create(sn, "mali.a", "country_admin", "country:ML"), 403);
  EXPECT_EQ(create(sn, "root.2", "platform_admin", "platform"), 403);
  EXPECT_EQ(create(sn, "abj.t", "teacher", "school:ABJ001"), 403);
  EXPECT_EQ(create(sn, "new.teacher", "teacher", "school:DKR001"), 201);
  EXPECT_EQ(create(sn, "new.teacher", "teacher", "school:DKR001"), 409);
  const Session head = login("sn.head");
  EXPECT_EQ(create(head, "head.made", "teacher", "school:DKR001"), 201);
  EXPECT_EQ(create(head, "head.admin", "country_admin", "country:SN"), 403);
  EXPECT_EQ(create(head, "head.head", "school_head", "school:DKR001"), 403);

  // Disable: the head cannot touch the country admin; the country admin disables a teacher.
  const std::string admin_id = user_id(sn, "sn.admin");
  const std::string teacher_id = user_id(sn, "sn.teacher");
  EXPECT_EQ(head.send("PATCH", "/api/v1/users/" + admin_id, R"({"disabled": true})").status, 404);
  EXPECT_EQ(ci.send("PATCH", "/api/v1/users/" + teacher_id, R"({"disabled": true})").status, 404);
  EXPECT_EQ(sn.send("PATCH", "/api/v1/users/" + teacher_id, R"({"disabled": "yes"})").status, 400);
  const Session teacher = login("sn.teacher");
  EXPECT_EQ(sn.send("PATCH", "/api/v1/users/" + teacher_id, R"({"disabled": true})").status, 200);
  EXPECT_EQ(teacher.get("/api/v1/me").status, 401);
  EXPECT_EQ(login_response("sn.teacher", "ecole-demo").status, 401);
  EXPECT_EQ(
      sn.form("/admin/users", "csrf_token=" + sn.csrf + "&action=enable&user=" + teacher_id).status,
      303);
  login("sn.teacher");

  // Grants: given and taken back within scope.
  const std::string new_id = user_id(sn, "new.teacher");
  EXPECT_EQ(ci.send("POST", "/api/v1/users/" + new_id + "/grants",
                    R"({"role": "teacher", "scope": "school:ABJ001"})")
                .status,
            404);
  const auto granted = sn.send("POST", "/api/v1/users/" + new_id + "/grants",
                               R"({"role": "editor", "scope": "country:SN"})");
  ASSERT_EQ(granted.status, 201) << granted.body;
  std::string grant_id;
  const json::value granted_json = json::parse(granted.body);
  for (const auto& g : granted_json.at("roles").as_array()) {
    if (g.at("role").as_string() == "editor") {
      grant_id = std::string(g.at("id").as_string());
    }
  }
  EXPECT_EQ(head.send("DELETE", "/api/v1/users/" + new_id + "/grants/" + grant_id).status, 403);
  EXPECT_EQ(sn.send("DELETE", "/api/v1/users/" + new_id + "/grants/" + grant_id).status, 204);

  const auto audit = sn.get("/api/v1/audit");
  ASSERT_EQ(audit.status, 200);
  for (const std::string action :
       {"user.create", "user.disable", "user.enable", "role.grant", "role.revoke"}) {
    EXPECT_NE(audit.body.find("\"" + action + "\""), std::string::npos) << action;
  }
  EXPECT_EQ(ci.get("/api/v1/audit").body.find("user.disable"), std::string::npos);
}

// "Désactiver" asks first on its own page (a plain form, no JavaScript); the POST refuses a
// request that did not come through it, and the success answer is a 303 with a confirmation.
TEST_P(AdminHttp, DisablingAnAccountIsConfirmedOnItsOwnPage) {
  const Session sn = login("sn.admin");
  const std::string teacher_id = user_id(sn, "sn.teacher");
  const Session teacher = login("sn.teacher");
  const auto list = sn.get("/admin/users?q=sn.teacher");
  ASSERT_EQ(list.status, 200) << list.body;
  const std::string link = "/admin/users/confirm?action=disable&amp;user=" + teacher_id;
  EXPECT_NE(list.body.find("href=\"" + link + "\""), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("value=\"disable\""), std::string::npos) << "no one-click button";

  const auto ask = sn.get("/admin/users/confirm?action=disable&user=" + teacher_id);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find(R"(<form method="post" action="/admin/users")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="action" value="disable")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="csrf_token" value=")" + sn.csrf), std::string::npos);
  EXPECT_NE(ask.body.find(R"(<a href="/admin/users">Annuler</a>)"), std::string::npos);
  EXPECT_EQ(ask.body.find("<script"), std::string::npos);
  EXPECT_EQ(sn.get("/admin/users/confirm?action=explode&user=" + teacher_id).status, 400);
  EXPECT_EQ(login("ci.admin").get("/admin/users/confirm?action=disable&user=" + teacher_id).status,
            404);

  const std::string form = "csrf_token=" + sn.csrf + "&action=disable&user=" + teacher_id;
  EXPECT_EQ(sn.form("/admin/users", form).status, 400) << "not through the confirmation";
  EXPECT_EQ(teacher.get("/api/v1/me").status, 200) << "nothing done";
  const auto done = sn.form("/admin/users", form + "&confirm=yes");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/admin/users");
  EXPECT_EQ(cookie_value(done, "imaginecole_flash"), "safe_flash_deactivated");
  EXPECT_EQ(teacher.get("/api/v1/me").status, 401);
  const auto shown = http_get(port(), "/admin/users",
                              {{"Cookie", "imaginecole_session=" + sn.cookie +
                                              "; imaginecole_flash=safe_flash_deactivated"}});
  EXPECT_NE(
      shown.body.find(R"(<p class="notice success" role="status">Le compte est désactivé.</p>)"),
      std::string::npos);
}

TEST_P(AdminHttp, AuditLogOfTheReadersScopeOnly) {
  const Session head = login("sn.head");
  const Session sn = login("sn.admin");
  ASSERT_EQ(sn.send("POST", "/api/v1/schools/DKR001/classes", R"({"name": "CE2"})").status, 201);
  ASSERT_EQ(login("ci.admin")
                .send("POST", "/api/v1/schools/ABJ001/classes", R"({"name": "CE2 Abidjan"})")
                .status,
            201);
  const auto mine = head.get("/api/v1/audit?action=class.create");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto entries = json::parse(mine.body).at("entries").as_array();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("actor").at("username").as_string(), "sn.admin");
  EXPECT_EQ(head.get("/api/v1/audit?actor=ci.admin").body.find("CE2 Abidjan"), std::string::npos);
  EXPECT_EQ(head.get("/api/v1/audit?scope=school:ABJ001").status, 404);
  EXPECT_EQ(head.get("/api/v1/audit?scope=country:SN").status, 404);
  EXPECT_EQ(head.get("/api/v1/audit?from=yesterday").status, 400);
  EXPECT_EQ(head.get("/api/v1/audit?from=2000-01-01&to=2000-01-02").body.find("class.create"),
            std::string::npos);
  EXPECT_EQ(head.get("/admin/audit").status, 200);
  EXPECT_EQ(login("sn.analyst").get("/admin/audit").status, 403);
  EXPECT_EQ(login("sn.teacher").get("/api/v1/audit").status, 403);
}

TEST_P(AdminHttp, CountryAdminExportsAndDeletesAPupil) {
  const Session sn = login("sn.admin");
  const std::string awa = user_id(sn, "awa");
  EXPECT_EQ(login("ci.admin").get("/api/v1/pupils/" + awa + "/export").status, 404);
  EXPECT_EQ(login("sn.head").get("/api/v1/pupils/" + awa + "/export").status, 403);
  EXPECT_EQ(login("sn.analyst").get("/admin/pupils/" + awa).status, 403);
  EXPECT_EQ(sn.get("/api/v1/pupils/not-an-id/export").status, 404);
  const auto exported = sn.get("/api/v1/pupils/" + awa + "/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("\"awa\""), std::string::npos);
  EXPECT_EQ(exported.body.find("argon2"), std::string::npos);

  EXPECT_EQ(sn.send("DELETE", "/api/v1/pupils/" + awa, {}, false).status, 403);
  EXPECT_EQ(login("ci.admin").send("DELETE", "/api/v1/pupils/" + awa).status, 404);
  const auto page = sn.get("/admin/pupils/" + awa);
  EXPECT_EQ(page.status, 200);
  // "Supprimer" is a link to a confirmation page; a POST without the confirmation deletes
  // nothing.
  EXPECT_NE(page.body.find("href=\"/admin/pupils/" + awa + "/delete\""), std::string::npos);
  const auto confirm = sn.get("/admin/pupils/" + awa + "/delete");
  EXPECT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find(R"(name="confirmed" value="yes")"), std::string::npos);
  EXPECT_EQ(sn.form("/admin/pupils/" + awa + "/delete", "csrf_token=" + sn.csrf).status, 200);
  login("awa", "soleil", "DKR001");  // still there

  const auto posted =
      sn.form("/admin/pupils/" + awa + "/delete", "csrf_token=" + sn.csrf + "&confirmed=yes");
  ASSERT_EQ(posted.status, 303) << posted.body;
  const std::string location = posted.header("location").value_or("");
  EXPECT_EQ(location.find(awa), std::string::npos) << "the erased id is named nowhere";
  const auto deleted = sn.get(location);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(sn.get(location).status, 303) << "the report shows once";
  EXPECT_EQ(login_response("awa", "soleil", "DKR001").status, 401);
  EXPECT_EQ(sn.get("/api/v1/users?q=awa").body.find("\"awa\""), std::string::npos);
  const auto audit = sn.get("/api/v1/audit?action=pupil.delete");
  EXPECT_NE(audit.body.find("\"pupil.delete\""), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find(awa), std::string::npos) << "the erased id is named nowhere";
  EXPECT_EQ(deleted.body.find(">Awa<"), std::string::npos) << "the confirmation names nobody";
  EXPECT_NE(deleted.body.find("deleted-"), std::string::npos) << deleted.body;
  const std::string moussa = user_id(sn, "moussa");
  const auto api_deleted = sn.send("DELETE", "/api/v1/pupils/" + moussa);
  EXPECT_EQ(api_deleted.status, 200);
  EXPECT_NE(api_deleted.body.find("\"deleted\":true"), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
