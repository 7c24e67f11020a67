// SPDX-License-Identifier: AGPL-3.0-or-later
// The classroom over real HTTP, the binary initialised with the demo data on SQLite and on
// PostgreSQL: the teacher's pages and API, printable cards, the picture sign-in screen, the
// join flow, and that nobody else can see the class's pupils through any of its routes.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>

#include <boost/json.hpp>

#include "accounts/accounts.hpp"
#include "accounts/accounts_fixture.hpp"
#include "http/request.hpp"
#include "storage/records.hpp"
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

std::string csrf_in(const std::string& html) {
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    out += (out.empty() ? "" : "&") + http::percent_encode(key) + "=" + http::percent_encode(value);
  }
  return out;
}

struct Session {
  std::string cookie;  // "imaginecole_session=…"
  std::string csrf;
};

constexpr const char* kNoSuchClass = "01890000-0000-7000-8000-000000000000";
constexpr const char* kPupilNames[] = {"Zeynabou Diagne", "Mamadou Lamine Faye", "Coumba Gueye"};

class ClassroomHttp : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    std::vector<std::string> location = location_of(test_db());
    add_other_class();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location));
    teacher_ = login("sn.teacher", "ecole-demo");
    const auto classes = get("/api/v1/classes", teacher_);
    ASSERT_EQ(classes.status, 200) << classes.body;
    const json::value parsed = json::parse(classes.body);
    const auto& list = parsed.at("classes").as_array();
    ASSERT_EQ(list.size(), 1U);
    class_id_ = std::string(list.at(0).at("id").as_string());
    EXPECT_EQ(list.at(0).at("name").as_string(), "CM2 A");
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }

  // A second class in DKR001 with its own teacher and pupil, written straight to the database
  // before the server starts.
  void add_other_class() {
    accounts::Accounts accounts(db(), storage::node_id(db()), accounts::fast_accounts_options());
    const auto school = accounts.schools().school_by_code("DKR001");
    ASSERT_TRUE(school);
    accounts::SchoolClass other{.id = {},
                                .school_id = school->id,
                                .name = "CM1 B",
                                .level_slug = "cm1",
                                .join_code = std::nullopt};
    {
      auto connection = db().write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      accounts.schools().insert_class(*connection, other);
      transaction.commit();
    }
    other_class_id_ = other.id;
    ASSERT_TRUE(accounts.provisioning().add({.username = "sn.teacher2",
                                             .display_name = "Other",
                                             .password = "ecole-demo2",
                                             .picture_code = {},
                                             .role = "teacher",
                                             .scope = "class:" + other.id}));
    ASSERT_TRUE(accounts.provisioning().add({.username = "binta",
                                             .display_name = "Binta",
                                             .password = "binta-pw",
                                             .picture_code = {},
                                             .role = "pupil",
                                             .scope = "class:" + other.id}));
  }

  std::uint16_t port() const { return server_->port(); }

  Session login(const std::string& username, const std::string& password,
                const std::string& school = {}) {
    json::object body{{"username", username}, {"password", password}};
    if (!school.empty()) {
      body["school"] = school;
    }
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     json::serialize(body));
    EXPECT_EQ(response.status, 200) << username << ": " << response.body;
    if (response.status != 200) {
      return {};
    }
    return Session{.cookie = "imaginecole_session=" + cookie_value(response, "imaginecole_session"),
                   .csrf = std::string(json::parse(response.body).at("csrf_token").as_string())};
  }

  Headers headers_of(const Session& session) const {
    Headers headers;
    if (!session.cookie.empty()) {
      headers.emplace_back("Cookie", session.cookie);
    }
    return headers;
  }
  HttpResponse get(const std::string& path, const Session& session) {
    return http_get(port(), path, headers_of(session));
  }
  HttpResponse post_form(const std::string& path, const Session& session, const std::string& body) {
    Headers headers = headers_of(session);
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return http_request(port(), "POST", path, headers, body);
  }
  HttpResponse post_json(const std::string& path, const Session& session, const std::string& body) {
    Headers headers = headers_of(session);
    headers.emplace_back("Content-Type", "application/json");
    if (!session.csrf.empty()) {
      headers.emplace_back("X-CSRF-Token", session.csrf);
    }
    return http_request(port(), "POST", path, headers, body);
  }

  // The session plus the cookies a response sets (the flash of a redirect), as a browser
  // following the redirect would send them.
  static Session with_cookies(const Session& session, const HttpResponse& response) {
    Session out = session;
    for (const auto& [header, value] : response.headers) {
      if (header == "set-cookie" && !value.starts_with("imaginecole_session=")) {
        out.cookie += "; " + value.substr(0, value.find(';'));
      }
    }
    return out;
  }

  // The session's form token, read from a page it may see.
  std::string page_csrf(const Session& session) {
    return csrf_in(get("/classes/" + class_id_, session).body);
  }

  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }

  json::array create_named_pupils() {
    json::array pupils;
    for (const char* name : kPupilNames) {
      pupils.push_back(json::object{{"display_name", name}});
    }
    pupils.at(0).as_object()["picture_code"] = "3-7-1";
    pupils.at(0).as_object()["username"] = "zeynabou";
    const auto created = post_json("/api/v1/classes/" + class_id_ + "/pupils", teacher_,
                                   json::serialize(json::object{{"pupils", pupils}}));
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body).at("pupils").as_array();
  }

  // Through the picture sign-in pages, as a browser without JavaScript: returns the last
  // response (a 303 with the session cookie when the pictures were right).
  // `device` is the browser's imaginecole_device cookie, if it has one.
  HttpResponse picture_sign_in(const std::string& school, const std::string& username,
                               const std::string& digits, const std::string& device = {}) {
    const auto first = http_get(port(), "/signin/pictures");
    EXPECT_EQ(first.status, 200);
    const std::string token = csrf_in(first.body);
    Session browser{
        .cookie = "imaginecole_presession=" + cookie_value(first, "imaginecole_presession"),
        .csrf = {}};
    if (!device.empty()) {
      browser.cookie += "; imaginecole_device=" + device;
    }
    auto response =
        post_form("/signin/pictures", browser,
                  form({{"csrf_token", token}, {"school", school}, {"username", username}}));
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("name=\"pick\" value=\"9\""), std::string::npos);
    std::string sequence;
    for (const char digit : digits) {
      response = post_form("/signin/pictures", browser,
                           form({{"csrf_token", token},
                                 {"school", school},
                                 {"username", username},
                                 {"sequence", sequence},
                                 {"pick", std::string(1, digit)}}));
      sequence.push_back(digit);
      if (response.status != 200) {
        break;
      }
    }
    return response;
  }

  std::unique_ptr<ServerProcess> server_;
  Session teacher_;
  std::string class_id_;
  std::string other_class_id_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(ClassroomHttp);

TEST_P(ClassroomHttp, TeacherCreatesResetsAndPrintsCards) {
  // The class page of the demo shows its pupils.
  const auto page = get("/classes/" + class_id_, teacher_);
  ASSERT_EQ(page.status, 200) << page.body;
  for (const char* demo : {"Awa", "Moussa", "Fatou"}) {
    EXPECT_NE(page.body.find(demo), std::string::npos) << demo;
  }
  EXPECT_EQ(page.header("cache-control"), "no-store");
  const std::string csrf = csrf_in(page.body);
  ASSERT_FALSE(csrf.empty());
  EXPECT_NE(get("/classes", teacher_).body.find("/classes/" + class_id_), std::string::npos);

  // One pupil through the form: the fresh card shows the generated password once.
  const auto audit_before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'pupil.create'");
  const auto one = post_form("/classes/" + class_id_ + "/pupils", teacher_,
                             form({{"csrf_token", csrf},
                                   {"mode", "one"},
                                   {"display_name", "Aïssatou Ndiaye"},
                                   {"secret", "both"}}));
  ASSERT_EQ(one.status, 303) << one.body;
  const auto one_cards = get(*one.header("location"), with_cookies(teacher_, one));
  ASSERT_EQ(one_cards.status, 200) << one_cards.body;
  EXPECT_NE(one_cards.body.find("aissatou.ndiaye"), std::string::npos);
  EXPECT_NE(one_cards.body.find("card-pictures"), std::string::npos);
  EXPECT_NE(one_cards.body.find("<svg"), std::string::npos);
  // Bulk: one name per line; a name given twice is created only once asked again.
  const auto bulk =
      post_form("/classes/" + class_id_ + "/pupils", teacher_,
                form({{"csrf_token", csrf},
                      {"mode", "bulk"},
                      {"names", "Ousmane Diallo\r\n\r\nSokhna Mbaye\nOusmane Diallo\n"},
                      {"secret", "pictures"},
                      {"confirm_duplicate", "yes"}}));
  ASSERT_EQ(bulk.status, 303) << bulk.body;
  const auto bulk_cards = get(*bulk.header("location"), teacher_);
  for (const char* username : {"ousmane.diallo", "sokhna.mbaye", "ousmane.diallo2"}) {
    EXPECT_NE(bulk_cards.body.find(username), std::string::npos) << username;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'pupil.create'"),
            audit_before + 4);

  // The general cards page: every pupil, their pictures, never a password.
  const auto cards = get("/classes/" + class_id_ + "/cards", teacher_);
  ASSERT_EQ(cards.status, 200);
  for (const char* name : {"Aïssatou Ndiaye", "Sokhna Mbaye", "Awa", "DKR001", "CM2 A"}) {
    EXPECT_NE(cards.body.find(name), std::string::npos) << name;
  }
  EXPECT_NE(cards.body.find("card-pictures"), std::string::npos);
  EXPECT_NE(cards.body.find("classroom.css"), std::string::npos);

  // Reset through the API, then sign in with the new password.
  const auto pupils = get("/api/v1/classes/" + class_id_ + "/pupils?q=sokhna", teacher_);
  ASSERT_EQ(pupils.status, 200);
  const json::value parsed = json::parse(pupils.body);
  const auto& list = parsed.at("pupils").as_array();
  ASSERT_EQ(list.size(), 1U);
  const std::string sokhna(list.at(0).at("id").as_string());
  const auto reset =
      post_json("/api/v1/pupils/" + sokhna + "/reset", teacher_, R"({"reset": "password"})");
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string password(json::parse(reset.body).at("pupil").at("password").as_string());
  login("sokhna.mbaye", password, "DKR001");
  // Reset of the pictures through the page: the fresh card.
  const auto page_reset = post_form(
      "/classes/" + class_id_ + "/reset", teacher_,
      form({{"csrf_token", csrf}, {"pupil", sokhna}, {"what", "pictures"}, {"confirm", "yes"}}));
  EXPECT_EQ(page_reset.status, 303);
  EXPECT_NE(get(*page_reset.header("location"), teacher_).body.find("card-pictures"),
            std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pupil.reset%'"), 2);
}

// The remedy for a lost card: whoever found it may have signed in with it. A reset, through
// the API or the page, ends every session of the pupil (and only theirs).
TEST_P(ClassroomHttp, ResettingAPupilsSecretEndsTheirSessions) {
  const auto pupils = get("/api/v1/classes/" + class_id_ + "/pupils?q=awa", teacher_);
  ASSERT_EQ(pupils.status, 200) << pupils.body;
  const std::string awa(json::parse(pupils.body).at("pupils").at(0).at("id").as_string());
  const Session finder = login("awa", "soleil", "DKR001");
  const Session moussa = login("moussa", "soleil", "DKR001");
  ASSERT_EQ(get("/api/v1/me", finder).status, 200);

  const auto reset =
      post_json("/api/v1/pupils/" + awa + "/reset", teacher_, R"({"reset": "password"})");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(get("/api/v1/me", finder).status, 401) << "the API reset ends the session";
  EXPECT_EQ(get("/api/v1/me", moussa).status, 200) << "another pupil stays signed in";
  EXPECT_EQ(get("/api/v1/me", teacher_).status, 200) << "the teacher stays signed in";

  // Signed in again with the new password, then the page resets the pictures.
  const std::string password(json::parse(reset.body).at("pupil").at("password").as_string());
  const Session again = login("awa", password, "DKR001");
  ASSERT_EQ(get("/api/v1/me", again).status, 200);
  const auto page_reset = post_form("/classes/" + class_id_ + "/reset", teacher_,
                                    form({{"csrf_token", page_csrf(teacher_)},
                                          {"pupil", awa},
                                          {"what", "pictures"},
                                          {"confirm", "yes"}}));
  ASSERT_EQ(page_reset.status, 303) << page_reset.body;
  EXPECT_EQ(get("/api/v1/me", again).status, 401) << "the page reset ends the session";
  EXPECT_EQ(get("/api/v1/me", moussa).status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE "
                  "u.username = 'awa' AND s.revoked_at IS NULL"),
            0);
}

// Post/Redirect/Get: "Créer l'élève" answers 303; the fresh card (with its password) shows
// once, to this session only; reloading creates nobody, and posting the same form again asks
// first instead of creating the pupil twice.
TEST_P(ClassroomHttp, CreatingAPupilRedirectsAndRepeatingItCreatesNoSecond) {
  const std::string csrf = page_csrf(teacher_);
  const std::string path = "/classes/" + class_id_ + "/pupils";
  const std::string named = "SELECT COUNT(*) FROM users WHERE display_name = 'Khady Sarr'";
  const std::string body = form({{"csrf_token", csrf},
                                 {"mode", "one"},
                                 {"display_name", "Khady Sarr"},
                                 {"password", "mangue-verte"},
                                 {"secret", "password"}});
  const auto created = post_form(path, teacher_, body);
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string location = created.header("location").value_or("");
  EXPECT_EQ(location, "/classes/" + class_id_ + "/cards/new");
  EXPECT_EQ(location.find("mangue"), std::string::npos) << "no secret in the URL";
  const std::string flash = cookie_value(created, "imaginecole_flash");
  EXPECT_EQ(flash, "safe_flash_pupils_created");
  EXPECT_EQ(count(named), 1);

  // Another session of the same teacher never sees this card's password.
  const Session elsewhere = login("sn.teacher", "ecole-demo");
  EXPECT_EQ(get(location, elsewhere).body.find("mangue-verte"), std::string::npos);

  const auto cards = get(location, with_cookies(teacher_, created));
  ASSERT_EQ(cards.status, 200) << cards.body;
  EXPECT_NE(cards.body.find("mangue-verte"), std::string::npos);
  EXPECT_NE(cards.body.find("<p class=\"notice success\" role=\"status\">"), std::string::npos);
  EXPECT_EQ(cards.header("cache-control"), "no-store");
  bool cleared = false;
  for (const auto& [header, value] : cards.headers) {
    cleared = cleared || (header == "set-cookie" && value.starts_with("imaginecole_flash=;") &&
                          value.find("Max-Age=0") != std::string::npos);
  }
  EXPECT_TRUE(cleared) << "the confirmation is shown once";

  // Reloading the page: nobody new, and the password is not shown again.
  const auto reloaded = get(location, teacher_);
  ASSERT_EQ(reloaded.status, 200);
  EXPECT_EQ(reloaded.body.find("mangue-verte"), std::string::npos);
  EXPECT_NE(reloaded.body.find("Khady Sarr"), std::string::npos);
  EXPECT_EQ(count(named), 1);

  // The same form posted again (same token): asked first, nobody created.
  const auto again = post_form(path, teacher_, body);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("duplicate-warning"), std::string::npos);
  EXPECT_EQ(count(named), 1);
}

// A name already in the class: the form comes back with a warning and a "Créer quand même"
// button (a plain form with a hidden field, no JavaScript) that creates the pupil.
TEST_P(ClassroomHttp, ANameAlreadyInTheClassAsksBeforeCreating) {
  const auto listed = get("/api/v1/classes/" + class_id_ + "/pupils?q=awa", teacher_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const std::string awa(json::parse(listed.body).at("pupils").at(0).at("display_name").as_string());
  const std::string csrf = page_csrf(teacher_);
  const std::string path = "/classes/" + class_id_ + "/pupils";
  const auto users = count("SELECT COUNT(*) FROM users");
  // Case and spaces do not hide a duplicate.
  std::string shouted = "  ";
  for (const char c : awa) {
    shouted += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const auto asked = post_form(path, teacher_,
                               form({{"csrf_token", csrf},
                                     {"mode", "one"},
                                     {"display_name", shouted},
                                     {"secret", "pictures"}}));
  ASSERT_EQ(asked.status, 409) << asked.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users);
  EXPECT_NE(asked.body.find("id=\"duplicate-warning\""), std::string::npos);
  EXPECT_NE(asked.body.find("Créer quand même"), std::string::npos);
  EXPECT_NE(asked.body.find(R"(<input type="hidden" name="confirm_duplicate" value="yes">)"),
            std::string::npos);
  EXPECT_NE(asked.body.find(R"(<input type="hidden" name="secret" value="pictures">)"),
            std::string::npos);
  EXPECT_EQ(asked.body.find("<script"), std::string::npos);
  // A list with the same name twice asks too.
  const auto twice = post_form(path, teacher_,
                               form({{"csrf_token", csrf},
                                     {"mode", "bulk"},
                                     {"names", "Pape Ndiaye\nPape  ndiaye"},
                                     {"secret", "password"}}));
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users);

  const auto confirmed = post_form(path, teacher_,
                                   form({{"csrf_token", csrf},
                                         {"mode", "one"},
                                         {"display_name", shouted},
                                         {"secret", "pictures"},
                                         {"confirm_duplicate", "yes"}}));
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users + 1);
}

// A reset is disruptive (the old card stops working, the pupil is signed out): the list links
// to a confirmation page that works without JavaScript, and the POST refuses a request that
// did not come through it.
TEST_P(ClassroomHttp, AResetIsConfirmedOnItsOwnPage) {
  const auto listed = get("/api/v1/classes/" + class_id_ + "/pupils?q=awa", teacher_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const std::string awa(json::parse(listed.body).at("pupils").at(0).at("id").as_string());
  const auto page = get("/classes/" + class_id_, teacher_);
  const std::string link =
      "/classes/" + class_id_ + "/reset?pupil=" + http::percent_encode(awa) + "&amp;what=password";
  EXPECT_NE(page.body.find("href=\"" + link + "\""), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("action=\"/classes/" + class_id_ + "/reset\""), std::string::npos)
      << "no one-click reset left on the list";

  const auto confirm_page =
      get("/classes/" + class_id_ + "/reset?pupil=" + http::percent_encode(awa) + "&what=password",
          teacher_);
  ASSERT_EQ(confirm_page.status, 200) << confirm_page.body;
  EXPECT_NE(confirm_page.body.find("method=\"post\" action=\"/classes/" + class_id_ + "/reset\""),
            std::string::npos);
  EXPECT_NE(confirm_page.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(confirm_page.body.find(R"(name="csrf_token")"), std::string::npos);
  EXPECT_NE(confirm_page.body.find("href=\"/classes/" + class_id_ + "\">Annuler</a>"),
            std::string::npos);
  EXPECT_EQ(confirm_page.body.find("<script"), std::string::npos);
  const std::string csrf = csrf_in(confirm_page.body);

  const std::string resets = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pupil.reset%'";
  const auto before = count(resets);
  const auto skipped =
      post_form("/classes/" + class_id_ + "/reset", teacher_,
                form({{"csrf_token", csrf}, {"pupil", awa}, {"what", "password"}}));
  EXPECT_EQ(skipped.status, 400) << skipped.body;
  EXPECT_EQ(count(resets), before);
  login("awa", "soleil", "DKR001");

  const auto done = post_form(
      "/classes/" + class_id_ + "/reset", teacher_,
      form({{"csrf_token", csrf}, {"pupil", awa}, {"what", "password"}, {"confirm", "yes"}}));
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(cookie_value(done, "imaginecole_flash"), "safe_flash_secret_reset");
  EXPECT_EQ(count(resets), before + 1);
}

// The confirmation cookie names a message of a fixed list; anything else a visitor puts in it
// (text, HTML, another message's key) shows nothing.
TEST_P(ClassroomHttp, TheFlashCookieCannotCarryText) {
  const std::string path = "/classes/" + class_id_;
  const auto with_flash = [&](const std::string& value) {
    return get(path,
               Session{.cookie = teacher_.cookie + "; imaginecole_flash=" + value, .csrf = {}});
  };
  const auto known = with_flash("safe_flash_saved");
  ASSERT_EQ(known.status, 200);
  EXPECT_NE(known.body.find("<p class=\"notice success\" role=\"status\">"), std::string::npos);
  for (const std::string forged :
       {"<script>alert(1)</script>", "Vous%20avez%20gagn%C3%A9", "classroom_error_csrf",
        "safe_flash_saved%0D%0ASet-Cookie:x=1", "safe_flash_saved<b>"}) {
    const auto shown = with_flash(forged);
    ASSERT_EQ(shown.status, 200) << forged;
    EXPECT_EQ(shown.body.find("notice success"), std::string::npos) << forged;
    EXPECT_EQ(shown.body.find("alert(1)"), std::string::npos) << forged;
    EXPECT_EQ(shown.body.find("gagn"), std::string::npos) << forged;
  }
}

TEST_P(ClassroomHttp, APupilOfSevenSignsInWithPictures) {
  create_named_pupils();
  const auto good = picture_sign_in("dkr001", "zeynabou", "371");
  ASSERT_EQ(good.status, 303) << good.body;
  const std::string token = cookie_value(good, "imaginecole_session");
  ASSERT_FALSE(token.empty());
  const auto me = get("/api/v1/me", Session{.cookie = "imaginecole_session=" + token, .csrf = {}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body).at("user").at("username").as_string(), "zeynabou");
  // The same pictures through the API.
  const auto api =
      http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                   R"({"username": "zeynabou", "school": "DKR001", "picture_code": [3, 7, 1]})");
  EXPECT_EQ(api.status, 200);

  // "Start again" empties the sequence; the page never lists pupils.
  const auto first = http_get(port(), "/signin/pictures");
  EXPECT_EQ(first.body.find("Awa"), std::string::npos);
  // Wrong pictures: refused, then throttled (5 failures per account).
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto wrong = picture_sign_in("DKR001", "zeynabou", "173");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(cookie_value(wrong, "imaginecole_session").empty());
  }
  const auto throttled = picture_sign_in("DKR001", "zeynabou", "371");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_TRUE(throttled.header("retry-after").has_value());

  // Broken forms.
  const auto page = http_get(port(), "/signin/pictures");
  const std::string csrf = csrf_in(page.body);
  const Session browser{
      .cookie = "imaginecole_presession=" + cookie_value(page, "imaginecole_presession"),
      .csrf = {}};
  EXPECT_EQ(post_form("/signin/pictures", browser,
                      form({{"school", "DKR001"}, {"username", "awa"}, {"pick", "1"}}))
                .status,
            403);
  for (const auto& [sequence, pick] : std::vector<std::pair<std::string, std::string>>{
           {"", "0"}, {"12", "a"}, {"1234", "1"}, {"x", "1"}, {"", "10"}}) {
    EXPECT_EQ(post_form("/signin/pictures", browser,
                        form({{"csrf_token", csrf},
                              {"school", "DKR001"},
                              {"username", "awa"},
                              {"sequence", sequence},
                              {"pick", pick}}))
                  .status,
              400)
        << sequence << "/" << pick;
  }
  EXPECT_EQ(post_form("/signin/pictures", browser,
                      form({{"csrf_token", csrf}, {"school", ""}, {"username", "awa"}}))
                .status,
            400);
}

TEST_P(ClassroomHttp, JoinCodeAndRequests) {
  const auto opened =
      post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, R"({"open": true})");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  EXPECT_NE(get("/classes/" + class_id_, teacher_).body.find(code), std::string::npos);

  const auto join_page = http_get(port(), "/join");
  ASSERT_EQ(join_page.status, 200);
  const std::string token = csrf_in(join_page.body);
  const Session browser{
      .cookie = "imaginecole_presession=" + cookie_value(join_page, "imaginecole_presession"),
      .csrf = {}};
  const auto join = [&](const std::string& join_code, const std::string& username,
                        const std::string& name = "Pape Ndiaye") {
    return post_form("/join", browser,
                     form({{"csrf_token", token},
                           {"join_code", join_code},
                           {"display_name", name},
                           {"username", username},
                           {"password", "baobab"}}));
  };
  const auto wrong = join("WRONG1", "pape");
  EXPECT_EQ(wrong.status, 400);
  // The page speaks to a pupil: "tu", never "vous" (issue 12).
  EXPECT_NE(wrong.body.find("Vérifie-le avec ton enseignant"), std::string::npos) << wrong.body;
  EXPECT_EQ(wrong.body.find("votre enseignant"), std::string::npos);
  const auto expired = post_form(
      "/join", browser,
      form(
          {{"join_code", code}, {"display_name", "X"}, {"username", "x"}, {"password", "baobab"}}));
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("recharge-la et recommence"), std::string::npos) << expired.body;
  EXPECT_EQ(join(code, "pape", std::string(10000, 'n')).status, 400);
  EXPECT_EQ(join(code, "pape", "").status, 400);
  const auto sent = join(code, "pape");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/join?sent=1");
  const auto api_join =
      http_request(port(), "POST", "/api/v1/join", {{"Content-Type", "application/json"}},
                   json::serialize(json::object{{"join_code", code},
                                                {"display_name", "Rama Sy"},
                                                {"username", "rama"},
                                                {"picture_code", json::array{2, 4, 6}}}));
  ASSERT_EQ(api_join.status, 202) << api_join.body;
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/join", {{"Content-Type", "application/json"}},
                         json::serialize(json::object{{"join_code", code},
                                                      {"display_name", "Bad"},
                                                      {"username", "bad"},
                                                      {"picture_code", "1-1-1"}}))
                .status,
            400);
  // Pending: no account yet.
  EXPECT_EQ(
      http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                   R"({"username": "pape", "password": "baobab", "school": "DKR001"})")
          .status,
      401);

  const auto requests = get("/api/v1/classes/" + class_id_ + "/join-requests", teacher_);
  ASSERT_EQ(requests.status, 200);
  const json::value parsed = json::parse(requests.body);
  const auto& pending = parsed.at("requests").as_array();
  ASSERT_EQ(pending.size(), 2U);
  std::string pape_id;
  std::string rama_id;
  for (const auto& item : pending) {
    (item.at("username").as_string() == "pape" ? pape_id : rama_id) =
        std::string(item.at("id").as_string());
  }
  // Approve one through the page, decline the other through the API.
  const std::string csrf = page_csrf(teacher_);
  EXPECT_EQ(post_form("/classes/" + class_id_ + "/requests", teacher_,
                      form({{"request", pape_id}, {"action", "approve"}}))
                .status,
            403);
  const auto approved =
      post_form("/classes/" + class_id_ + "/requests", teacher_,
                form({{"csrf_token", csrf}, {"request", pape_id}, {"action", "approve"}}));
  EXPECT_EQ(approved.status, 303) << approved.body;
  login("pape", "baobab", "DKR001");
  const auto declined = post_json(
      "/api/v1/classes/" + class_id_ + "/join-requests/" + rama_id + "/decline", teacher_, "{}");
  EXPECT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(
      http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                   R"({"username": "rama", "picture_code": "2-4-6", "school": "DKR001"})")
          .status,
      401);

  // Closing the code asks first, on its own page; without the confirmation it stays open.
  const std::string class_page = get("/classes/" + class_id_, teacher_).body;
  EXPECT_NE(class_page.find("href=\"/classes/" + class_id_ + "/join-code?action=close\""),
            std::string::npos);
  EXPECT_EQ(class_page.find("value=\"close\""), std::string::npos) << "no one-click button";
  const auto ask = get("/classes/" + class_id_ + "/join-code?action=close", teacher_);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(ask.body.find(code), std::string::npos);
  EXPECT_EQ(post_form("/classes/" + class_id_ + "/join-code", teacher_,
                      form({{"csrf_token", csrf}, {"action", "close"}}))
                .status,
            400);
  EXPECT_EQ(join(code, "still.open").status, 303);
  const auto closed =
      post_form("/classes/" + class_id_ + "/join-code", teacher_,
                form({{"csrf_token", csrf}, {"action", "close"}, {"confirm", "yes"}}));
  EXPECT_EQ(closed.status, 303);
  EXPECT_EQ(join(code, "late.comer").status, 400);
}

TEST_P(ClassroomHttp, BrokenInputChangesNothing) {
  const std::string csrf = page_csrf(teacher_);
  const auto users = count("SELECT COUNT(*) FROM users");
  const auto audit = count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pupil.%'");
  const std::string path = "/classes/" + class_id_ + "/pupils";
  // Missing CSRF: 403, nothing written.
  EXPECT_EQ(post_form(path, teacher_, form({{"display_name", "Ali"}})).status, 403);
  EXPECT_EQ(post_json(path, Session{.cookie = teacher_.cookie, .csrf = {}}, R"({"names": ["Ali"]})")
                .status,
            403);
  for (const auto& fields : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"display_name", ""}},
           {{"display_name", std::string(10000, 'a')}},
           {{"display_name", "Ali"}, {"picture_code", "1-1-1"}},
           {{"display_name", "Ali"}, {"picture_code", "0-2-3"}},
           {{"display_name", "Ali"}, {"picture_code", "a-b-c"}},
           {{"display_name", "Ali"}, {"username", "awa"}},
           {{"display_name", "Ali"}, {"username", "a b"}},
           {{"display_name", "Ali"}, {"password", "ab"}},
           {{"display_name", "Ali"}, {"secret", "nothing"}},
           {{"mode", "bulk"}, {"names", "\n\n"}}}) {
    auto with_csrf = fields;
    with_csrf.emplace_back("csrf_token", csrf);
    const auto response = post_form(path, teacher_, form(with_csrf));
    EXPECT_TRUE(response.status == 400 || response.status == 409)
        << response.status << " for " << fields.front().second.substr(0, 20);
    EXPECT_NE(response.body.find("class-error"), std::string::npos);
  }
  for (const std::string body :
       {"{not json", "[]", R"({"names": "Ali"})", R"({"names": [1]})", R"({"pupils": [5]})",
        R"({"pupils": [{"display_name": ""}]})", R"({"pupils": [{"display_name": 5}]})",
        R"({"pupils": [{"display_name": "A", "picture_code": [1, 1, 1]}]})",
        R"({"pupils": [{"display_name": "A", "picture_code": [0, 2, 3]}]})",
        R"({"names": ["Ali"], "generate": "everything"})"}) {
    const auto response = post_json("/api/v1/classes/" + class_id_ + "/pupils", teacher_, body);
    EXPECT_EQ(response.status, 400) << body << ": " << response.body;
    EXPECT_TRUE(json::parse(response.body).as_object().contains("error")) << response.body;
  }
  EXPECT_EQ(post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, "{}").status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pupil.%'"), audit);
}

// The done-when of issue 4: a teacher from another country, a teacher of another class of the
// same school, an analyst, a pupil of another class and a signed-out visitor see none of the
// pupils' names, and each gets the answer they would get for a class that does not exist.
TEST_P(ClassroomHttp, NobodyElseSeesThePupils) {
  const auto created = create_named_pupils();
  const std::string pupil_id(created.at(0).at("id").as_string());
  const auto opened =
      post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, R"({"open": true})");
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  ASSERT_EQ(http_request(port(), "POST", "/api/v1/join", {{"Content-Type", "application/json"}},
                         json::serialize(json::object{{"join_code", code},
                                                      {"display_name", "Adja Secret Name"},
                                                      {"username", "adja"},
                                                      {"password", "baobab"}}))
                .status,
            202);
  const auto pending = get("/api/v1/classes/" + class_id_ + "/join-requests", teacher_);
  const std::string request_id(json::parse(pending.body).at("requests").at(0).at("id").as_string());

  std::vector<std::pair<std::string, Session>> outsiders = {
      {"ci.teacher", login("ci.teacher", "ecole-demo")},
      {"sn.teacher2", login("sn.teacher2", "ecole-demo2")},
      {"sn.analyst", login("sn.analyst", "ecole-demo")},
      {"binta", login("binta", "binta-pw", "DKR001")},
      {"signed out", Session{}},
  };
  const auto mentions_a_pupil = [](const std::string& body) {
    for (const char* name : kPupilNames) {
      if (body.find(name) != std::string::npos) {
        return true;
      }
    }
    return body.find("Adja Secret Name") != std::string::npos ||
           body.find("zeynabou") != std::string::npos;
  };
  for (const auto& [who, session] : outsiders) {
    SCOPED_TRACE(who);
    // Reads.
    for (const std::string suffix : {"", "/cards"}) {
      for (const std::string prefix : {"/classes/", "/api/v1/classes/"}) {
        if (prefix == "/api/v1/classes/" && suffix == "/cards") {
          continue;
        }
        const std::string tail = prefix == "/api/v1/classes/" ? "/pupils" : suffix;
        const auto real = get(prefix + class_id_ + tail, session);
        const auto absent = get(prefix + kNoSuchClass + tail, session);
        EXPECT_FALSE(mentions_a_pupil(real.body)) << prefix << tail;
        EXPECT_NE(real.status, 200) << prefix << tail;
        EXPECT_EQ(real.status, absent.status) << prefix << tail;
        if (!session.cookie.empty()) {
          // The language links of the layout name the page's own path: compare the rest.
          std::string same = real.body;
          for (auto at = same.find(class_id_); at != std::string::npos; at = same.find(class_id_)) {
            same.replace(at, class_id_.size(), kNoSuchClass);
          }
          EXPECT_EQ(same, absent.body) << prefix << tail;
        }
      }
    }
    const auto requests = get("/api/v1/classes/" + class_id_ + "/join-requests", session);
    EXPECT_FALSE(mentions_a_pupil(requests.body));
    EXPECT_EQ(
        requests.status,
        get(std::string("/api/v1/classes/") + kNoSuchClass + "/join-requests", session).status);
    for (const std::string list : {"/classes", "/api/v1/classes"}) {
      EXPECT_FALSE(mentions_a_pupil(get(list, session).body)) << list;
    }
    // Writes, with the outsider's own valid tokens.
    const auto reset =
        post_json("/api/v1/pupils/" + pupil_id + "/reset", session, R"({"reset": "password"})");
    const auto reset_absent = post_json(std::string("/api/v1/pupils/") + kNoSuchClass + "/reset",
                                        session, R"({"reset": "password"})");
    EXPECT_NE(reset.status, 200);
    EXPECT_EQ(reset.status, reset_absent.status);
    EXPECT_EQ(reset.body, reset_absent.body);
    const auto approve =
        post_json("/api/v1/classes/" + class_id_ + "/join-requests/" + request_id + "/approve",
                  session, "{}");
    EXPECT_NE(approve.status, 200);
    EXPECT_FALSE(mentions_a_pupil(approve.body));
    const auto create = post_json("/api/v1/classes/" + class_id_ + "/pupils", session,
                                  R"({"names": ["Intruder"]})");
    EXPECT_NE(create.status, 201);
    EXPECT_EQ(create.status, post_json(std::string("/api/v1/classes/") + kNoSuchClass + "/pupils",
                                       session, R"({"names": ["Intruder"]})")
                                 .status);
  }
  // A teacher of the same school may see their own class, but not this one, through forms.
  const Session& other = outsiders[1].second;
  const std::string other_csrf = csrf_in(get("/classes/" + other_class_id_, other).body);
  ASSERT_FALSE(other_csrf.empty());
  const auto forged =
      post_form("/classes/" + class_id_ + "/reset", other,
                form({{"csrf_token", other_csrf}, {"pupil", pupil_id}, {"what", "password"}}));
  EXPECT_EQ(forged.status, 404);
  EXPECT_FALSE(mentions_a_pupil(forged.body));
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE display_name = 'Intruder'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pupil.reset%'"), 0);
  // The head of the school sees it.
  const Session head = login("sn.head", "ecole-demo");
  EXPECT_TRUE(mentions_a_pupil(get("/classes/" + class_id_, head).body));
}

TEST_P(ClassroomHttp, APupilsOwnTabletStillSignsInWithPicturesWhileOthersAreLockedOut) {
  create_named_pupils();  // zeynabou, pictures 3-7-1
  const auto first = picture_sign_in("DKR001", "zeynabou", "371");
  ASSERT_EQ(first.status, 303) << first.body;
  const std::string device = cookie_value(first, "imaginecole_device");
  ASSERT_FALSE(device.empty());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(picture_sign_in("DKR001", "zeynabou", "123").status, 401);
  }
  EXPECT_EQ(picture_sign_in("DKR001", "zeynabou", "371").status, 429);
  EXPECT_EQ(picture_sign_in("DKR001", "zeynabou", "371", device).status, 303);
}

// Issue 10, item 5: joining is checked before any hashing, says nothing about who exists, and
// one address cannot fill a class's queue. Every client here is 127.0.0.1, like a classroom.
HttpResponse api_join(std::uint16_t port, const std::string& code, const std::string& username,
                      const std::string& password = "baobab") {
  return http_request(port, "POST", "/api/v1/join", {{"Content-Type", "application/json"}},
                      json::serialize(json::object{{"join_code", code},
                                                   {"display_name", "Pape Ndiaye"},
                                                   {"username", username},
                                                   {"password", password}}));
}

// "Refuser" erases a child's request: the list links to a confirmation page, and the POST
// refuses a request that did not come through it.
TEST_P(ClassroomHttp, DecliningAJoinRequestAsksFirst) {
  const auto opened =
      post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, R"({"open": true})");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  ASSERT_EQ(api_join(port(), code, "pape.attend").status, 202);
  const auto listed = get("/api/v1/classes/" + class_id_ + "/join-requests", teacher_);
  const std::string id(json::parse(listed.body).at("requests").at(0).at("id").as_string());
  const std::string pending = "SELECT COUNT(*) FROM join_requests WHERE status = 'pending'";

  const std::string page = get("/classes/" + class_id_, teacher_).body;
  const std::string link = "/classes/" + class_id_ + "/requests/decline?request=" + id;
  EXPECT_NE(page.find("href=\"" + link + "\""), std::string::npos) << page;
  EXPECT_EQ(page.find("value=\"decline\""), std::string::npos) << "no one-click button";
  const auto ask = get(link, teacher_);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find(R"(name="action" value="decline")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(ask.body.find("pape.attend"), std::string::npos);
  EXPECT_EQ(
      get("/classes/" + class_id_ + "/requests/decline?request=" + kNoSuchClass, teacher_).status,
      404);

  const std::string csrf = csrf_in(ask.body);
  const std::string path = "/classes/" + class_id_ + "/requests";
  EXPECT_EQ(post_form(path, teacher_,
                      form({{"csrf_token", csrf}, {"request", id}, {"action", "decline"}}))
                .status,
            400);
  EXPECT_EQ(count(pending), 1);
  const auto declined = post_form(
      path, teacher_,
      form({{"csrf_token", csrf}, {"request", id}, {"action", "decline"}, {"confirm", "yes"}}));
  EXPECT_EQ(declined.status, 303) << declined.body;
  EXPECT_EQ(cookie_value(declined, "imaginecole_flash"), "safe_flash_request_decided");
  EXPECT_EQ(count(pending), 0);
}

TEST_P(ClassroomHttp, WrongJoinCodesCreateNothingAndNeverSlowTheSchoolsSignIns) {
  const auto before = count("SELECT COUNT(*) FROM join_requests");
  int refused = 0;
  int throttled = 0;
  for (int i = 0; i < 40; ++i) {
    const auto answer = api_join(port(), "WRONG" + std::string(1, static_cast<char>('A' + i % 26)),
                                 "guess" + std::to_string(i));
    refused += answer.status == 400 ? 1 : 0;
    throttled += answer.status == 429 ? 1 : 0;
  }
  EXPECT_EQ(refused, 30);
  EXPECT_EQ(throttled, 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM join_requests"), before);
  // The pupils and teachers behind the same address still sign in.
  login("awa", "soleil", "DKR001");
  login("sn.teacher", "ecole-demo");
}

TEST_P(ClassroomHttp, JoinRequestsFromOneAddressAreCappedBeforeHashing) {
  const auto opened =
      post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, R"({"open": true})");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  // Malformed requests with the right code are refused before any hashing, and create nothing.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(api_join(port(), code, "bad name " + std::to_string(i)).status, 400);
    EXPECT_EQ(api_join(port(), code, "ok" + std::to_string(i), "abc").status, 400);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM join_requests"), 0);
  // One phone sends 50 well-formed requests: 40 wait for the teacher (a whole class joining
  // through one school router), the rest are refused before hashing and the queue keeps room.
  using Clock = std::chrono::steady_clock;
  Clock::duration accepted_time{};
  Clock::duration refused_time{};
  int accepted = 0;
  int refused = 0;
  for (int i = 0; i < 50; ++i) {
    const auto start = Clock::now();
    const auto answer = api_join(port(), code, "eleve" + std::to_string(i));
    const auto took = Clock::now() - start;
    if (answer.status == 202) {
      ++accepted;
      accepted_time += took;
    } else {
      EXPECT_EQ(answer.status, 429) << answer.body;
      ++refused;
      refused_time += took;
    }
  }
  EXPECT_EQ(accepted, 40);
  EXPECT_EQ(refused, 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM join_requests WHERE status = 'pending'"), 40);
  // Accepted requests hash the password (Argon2id, tens of milliseconds); refused ones must
  // not: on average they answer several times faster.
  ASSERT_GT(accepted, 0);
  ASSERT_GT(refused, 0);
  EXPECT_LT(refused_time / refused * 4, accepted_time / accepted)
      << "refused: " << std::chrono::duration<double, std::milli>(refused_time / refused).count()
      << " ms, accepted: "
      << std::chrono::duration<double, std::milli>(accepted_time / accepted).count() << " ms";
}

TEST_P(ClassroomHttp, AJoinNamingAnExistingUsernameAnswersLikeOneNamingAFreeOne) {
  const auto opened =
      post_json("/api/v1/classes/" + class_id_ + "/join-code", teacher_, R"({"open": true})");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  const auto taken = api_join(port(), code, "awa");  // a pupil of DKR001
  const auto free = api_join(port(), code, "pape.free");
  EXPECT_EQ(taken.status, 202) << taken.body;
  EXPECT_EQ(taken.status, free.status);
  EXPECT_EQ(taken.body, free.body);
  EXPECT_EQ(taken.header("content-type"), free.header("content-type"));
  // The same through the page.
  const auto page = http_get(port(), "/join");
  const std::string token = csrf_in(page.body);
  const Session browser{
      .cookie = "imaginecole_presession=" + cookie_value(page, "imaginecole_presession"),
      .csrf = {}};
  const auto page_join = [&](const std::string& username) {
    return post_form("/join", browser,
                     form({{"csrf_token", token},
                           {"join_code", code},
                           {"display_name", "Pape Ndiaye"},
                           {"username", username},
                           {"password", "baobab"}}));
  };
  const auto taken_page = page_join("moussa");
  const auto free_page = page_join("moussa.free");
  EXPECT_EQ(taken_page.status, 303);
  EXPECT_EQ(free_page.status, 303);
  // Byte for byte the same answer.
  EXPECT_EQ(taken_page.body, free_page.body);
  EXPECT_EQ(taken_page.header("location"), free_page.header("location"));
  // The teacher sees the clash, in the list and when approving.
  const std::string class_page = get("/classes/" + class_id_, teacher_).body;
  EXPECT_NE(class_page.find("(<code>awa</code>) <strong>"), std::string::npos);
  EXPECT_EQ(class_page.find("(<code>pape.free</code>) <strong>"), std::string::npos);
  const auto requests = get("/api/v1/classes/" + class_id_ + "/join-requests", teacher_);
  const json::value listed = json::parse(requests.body);
  for (const auto& item : listed.at("requests").as_array()) {
    const bool clash =
        item.at("username").as_string() == "awa" || item.at("username").as_string() == "moussa";
    EXPECT_EQ(item.at("username_taken").as_bool(), clash) << item;
    if (item.at("username").as_string() == "awa") {
      const auto approve = post_json("/api/v1/classes/" + class_id_ + "/join-requests/" +
                                         std::string(item.at("id").as_string()) + "/approve",
                                     teacher_, "{}");
      EXPECT_EQ(approve.status, 409) << approve.body;
    }
  }
}

}  // namespace
}  // namespace imaginecole::testing
