// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow over real HTTP, on SQLite and on PostgreSQL: the binary initialised
// with the demo data, Togo's editor and reviewer, a pupil, Niger's editor, and the refusals
// and broken input that must change nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

struct Session {
  std::string cookie;  // "imaginecole_session=…"
  std::string csrf;
  json::object me;
};

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [name, value] : fields) {
    out += out.empty() ? "" : "&";
    for (const auto* part : {&name, &value}) {
      for (const unsigned char c : *part) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
          out.push_back(static_cast<char>(c));
        } else {
          out += '%';
          out += kHex[c >> 4];
          out += kHex[c & 15];
        }
      }
      if (part == &name) {
        out += '=';
      }
    }
  }
  return out;
}

class AuthoringHttp : public DemoBackendTest {
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

  Session login(const std::string& username, const std::string& password = "ecole-demo",
                const std::string& school = {}) {
    json::object body{{"username", username}, {"password", password}};
    if (!school.empty()) {
      body["school"] = school;
    }
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     json::serialize(body));
    EXPECT_EQ(response.status, 200) << username << ": " << response.body;
    Session session;
    for (const auto& [header, value] : response.headers) {
      if (header == "set-cookie" && value.starts_with("imaginecole_session=")) {
        session.cookie = value.substr(0, value.find(';'));
      }
    }
    session.me = json::parse(response.body).as_object();
    session.csrf = std::string(session.me.at("csrf_token").as_string());
    return session;
  }

  HttpResponse api(const Session& who, const std::string& method, const std::string& target,
                   const json::value& body = nullptr) {
    Headers headers{{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    std::string text;
    if (!body.is_null()) {
      headers.emplace_back("Content-Type", "application/json");
      text = json::serialize(body);
    }
    return http_request(port(), method, target, headers, text);
  }
  HttpResponse get(const Session& who, const std::string& target) {
    return http_get(port(), target, {{"Cookie", who.cookie}});
  }
  HttpResponse post_form(const Session& who, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& fields) {
    return http_request(
        port(), "POST", target,
        {{"Cookie", who.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
        form_encode(fields));
  }
  static json::object object_of(const HttpResponse& response) {
    return json::parse(response.body).as_object();
  }
  static json::object lesson(const std::string& title, const std::string& body,
                             const std::string& licence = "CC-BY-SA-4.0") {
    return json::object{{"title", title},     {"summary", "Les fractions."},
                        {"body", body},       {"kind", "lesson"},
                        {"licence", licence}, {"authors", json::array{"Kossi Agbeko"}}};
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(AuthoringHttp);

// A 1×1 PNG: real bytes the media library recognizes and libvips decodes.
constexpr unsigned char kPixelPngBytes[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xda, 0x63, 0xf8, 0xdf, 0xc0, 0x00, 0x00, 0x04, 0x01, 0x01, 0x80, 0xfb, 0xd7, 0xcb,
    0xf1, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
const std::string kPixelPng(reinterpret_cast<const char*>(kPixelPngBytes), sizeof kPixelPngBytes);

TEST_P(AuthoringHttp, TogoPublishesAfterOneSendBackAndNigerAdaptsWithAttribution) {
  const Session editor = login("tg.editor");
  const Session reviewer = login("tg.reviewer");
  // The lesson's image is uploaded first, as an editor does from the media library.
  const auto uploaded = http_request(
      port(), "POST", "/api/v1/media",
      {{"Cookie", editor.cookie}, {"X-CSRF-Token", editor.csrf}, {"X-Filename", "galette.png"}},
      kPixelPng);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string image(object_of(uploaded).at("hash").as_string());
  const std::string kBody =
      "Une moitié s'écrit $\\frac{1}{2}$.\n\n"
      "![Une galette coupée en deux parts égales](/media/" +
      image + ")\n";
  // Without a description, the image keeps the lesson from review (saving still works).
  auto undescribed = api(editor, "POST", "/api/v1/drafts",
                         lesson("Sans description", "![](/media/" + image + ")"));
  ASSERT_EQ(undescribed.status, 201) << undescribed.body;
  const std::string undescribed_id(object_of(undescribed).at("id").as_string());
  const auto refused = api(editor, "POST", "/api/v1/resources/" + undescribed_id + "/submit");
  ASSERT_EQ(refused.status, 400) << refused.body;
  const json::object refusal = object_of(refused);
  const auto& problems = refusal.at("content_problems").as_array();
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].at("kind").as_string(), "missing_alt");
  EXPECT_NE(problems[0].at("message").as_string().find("Image sans description"),
            std::string::npos);
  EXPECT_EQ(object_of(get(editor, "/api/v1/resources/" + undescribed_id + "/versions"))
                .at("transitions")
                .as_array()
                .size(),
            1U)
      << "refused: nothing recorded";

  auto created = api(editor, "POST", "/api/v1/drafts", lesson("Les fractions", kBody));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(object_of(created).at("id").as_string());
  EXPECT_EQ(object_of(created).at("current_version").as_int64(), 1);
  EXPECT_EQ(http_get(port(), "/r/" + id).status, 404) << "a draft is not public";

  json::object v2 = lesson("Les fractions", std::string(kBody) + "\nUn quart.\n");
  v2["base_version"] = 1;
  auto saved = api(editor, "PUT", "/api/v1/resources/" + id + "/draft", v2);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(object_of(saved).at("current_version").as_int64(), 2);
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + id + "/submit").status, 200);

  const auto back = api(reviewer, "POST", "/api/v1/resources/" + id + "/send-back",
                        json::object{{"comment", "Ajoutez un exemple avec une pizza."}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(object_of(back).at("state").as_string(), "draft");
  const auto page = get(editor, "/edit/resources/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Ajoutez un exemple avec une pizza."), std::string::npos);

  json::object v3 = lesson("Les fractions", std::string(kBody) + "\nExemple : une pizza.\n");
  v3["base_version"] = 2;
  ASSERT_EQ(api(editor, "PUT", "/api/v1/resources/" + id + "/draft", v3).status, 200);
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + id + "/submit").status, 200);
  // Only a reviewer of Togo publishes.
  EXPECT_EQ(api(editor, "POST", "/api/v1/resources/" + id + "/publish").status, 403);
  EXPECT_EQ(api(login("ci.reviewer"), "POST", "/api/v1/resources/" + id + "/publish").status, 404);
  EXPECT_EQ(api(login("ci.editor"), "PUT", "/api/v1/resources/" + id + "/draft", v3).status, 404);
  const auto published = api(reviewer, "POST", "/api/v1/resources/" + id + "/publish",
                             json::object{{"comment", "Bravo."}});
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(object_of(published).at("published_version").as_int64(), 3);

  // A newer draft (v4) exists; visitors and pupils still see version 3.
  json::object v4 = lesson("Les fractions (brouillon)", "BROUILLON NON RELU");
  v4["base_version"] = 3;
  ASSERT_EQ(api(editor, "PUT", "/api/v1/resources/" + id + "/draft", v4).status, 200);
  const Session pupil = login("awa", "soleil", "DKR001");
  for (const auto& response : {http_get(port(), "/r/" + id), get(pupil, "/r/" + id)}) {
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("une pizza"), std::string::npos);
    EXPECT_NE(response.body.find("Une galette coupée en deux parts égales"), std::string::npos);
    EXPECT_EQ(response.body.find("BROUILLON"), std::string::npos);
  }
  const auto history = get(editor, "/edit/resources/" + id + "/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_NE(history.body.find("Ajoutez un exemple"), std::string::npos);
  const auto diff = get(editor, "/edit/resources/" + id + "/diff?from=3&to=4");
  ASSERT_EQ(diff.status, 200);
  EXPECT_NE(diff.body.find("<ins>BROUILLON NON RELU</ins>"), std::string::npos);
  EXPECT_NE(diff.body.find("<del>"), std::string::npos);

  // Niger adapts: attribution on the public page once Niger publishes.
  const Session niger = login("ne.editor");
  const auto adapted = api(niger, "POST", "/api/v1/resources/" + id + "/adapt");
  ASSERT_EQ(adapted.status, 201) << adapted.body;
  const std::string copy(object_of(adapted).at("id").as_string());
  EXPECT_EQ(object_of(adapted).at("origin").at("version").as_int64(), 3);
  json::object niger_text =
      lesson("Les fractions", std::string(kBody) + "\nLa galette de mil.\n", "CC-BY-4.0");
  const auto relicensed = api(niger, "PUT", "/api/v1/resources/" + copy + "/draft", niger_text);
  EXPECT_EQ(relicensed.status, 400);
  EXPECT_TRUE(object_of(relicensed).at("fields").as_object().contains("licence"));
  niger_text["licence"] = "CC-BY-SA-4.0";
  ASSERT_EQ(api(niger, "PUT", "/api/v1/resources/" + copy + "/draft", niger_text).status, 200);
  ASSERT_EQ(api(niger, "POST", "/api/v1/resources/" + copy + "/submit").status, 200);
  ASSERT_EQ(api(login("ne.reviewer"), "POST", "/api/v1/resources/" + copy + "/publish").status,
            200);
  const auto copy_page = http_get(port(), "/r/" + copy);
  ASSERT_EQ(copy_page.status, 200);
  EXPECT_NE(copy_page.body.find("Adapté de"), std::string::npos) << copy_page.body;
  EXPECT_NE(copy_page.body.find("href=\"/r/" + id + "\""), std::string::npos);
  EXPECT_NE(copy_page.body.find("Togo"), std::string::npos);
  EXPECT_NE(copy_page.body.find("CC BY-SA 4.0"), std::string::npos);

  // Togo publishes version 5: Niger's editor is told.
  json::object v5 = lesson("Les fractions", std::string(kBody) + "\nExemple : une pizza.\nV5\n");
  ASSERT_EQ(api(editor, "PUT", "/api/v1/resources/" + id + "/draft", v5).status, 200);
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + id + "/submit").status, 200);
  ASSERT_EQ(api(reviewer, "POST", "/api/v1/resources/" + id + "/publish").status, 200);
  const auto notice = get(niger, "/edit/resources/" + copy);
  ASSERT_EQ(notice.status, 200);
  EXPECT_NE(notice.body.find("nouvelle version publiée"), std::string::npos);
  EXPECT_NE(notice.body.find("/edit/resources/" + id + "/diff?from=3&amp;to=5"), std::string::npos);
  EXPECT_EQ(get(niger, "/api/v1/resources/" + id + "/diff?from=3&to=5").status, 200);
  EXPECT_EQ(get(niger, "/api/v1/resources/" + id + "/versions").status, 404);
  const auto versions = get(editor, "/api/v1/resources/" + id + "/versions");
  ASSERT_EQ(versions.status, 200);
  EXPECT_EQ(object_of(versions).at("versions").as_array().size(), 5U);
}

// The done-when's exercise set: ten questions in Togo's bank, reviewed with the set, played
// by a pupil, and adapted by Niger with its own copies of the questions.
TEST_P(AuthoringHttp, TogoExerciseSetOfTenQuestionsIsReviewedPlayedAndAdapted) {
  const Session editor = login("tg.editor");
  const Session reviewer = login("tg.reviewer");
  json::object set_draft = lesson("Exercices : les fractions", "Dix questions sur les fractions.");
  set_draft["kind"] = "exercise_set";
  const auto created = api(editor, "POST", "/api/v1/drafts", set_draft);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string set(object_of(created).at("id").as_string());
  json::array ids;
  for (int i = 1; i <= 10; ++i) {
    json::object question{{"country", "TG"},
                          {"name", "Fraction " + std::to_string(i)},
                          {"prompt", "Combien font $\\frac{" + std::to_string(i) + "}{2}$ ?"}};
    if (i % 2 == 0) {
      question["type"] = "numeric";
      question["numbers"] = json::array{json::object{{"value", i / 2.0}, {"tolerance", 0}}};
    } else {
      question["type"] = "true_false";
      question["prompt"] = "$\\frac{" + std::to_string(i) + "}{2}$ est plus grand que 1.";
      question["truth"] = i > 2;
    }
    const auto made = api(editor, "POST", "/api/v1/questions", question);
    ASSERT_EQ(made.status, 201) << made.body;
    ids.push_back(object_of(made).at("id"));
  }
  ASSERT_EQ(api(editor, "PUT", "/api/v1/resources/" + set + "/questions",
                json::object{{"question_ids", ids}})
                .status,
            200);
  // Submitted without saving again: the questions are frozen into the submitted version.
  const auto submitted = api(editor, "POST", "/api/v1/resources/" + set + "/submit");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(object_of(submitted).at("submitted_version").as_int64(), 2);
  ASSERT_EQ(api(reviewer, "POST", "/api/v1/resources/" + set + "/send-back",
                json::object{{"comment", "Ajoutez une consigne."}})
                .status,
            200);
  json::object fixed = set_draft;
  fixed["body"] = "Réponds aux dix questions.";
  ASSERT_EQ(api(editor, "PUT", "/api/v1/resources/" + set + "/draft", fixed).status, 200);
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + set + "/submit").status, 200);
  EXPECT_EQ(http_get(port(), "/r/" + set + "/exercise").status, 404) << "not published yet";
  ASSERT_EQ(api(reviewer, "POST", "/api/v1/resources/" + set + "/publish").status, 200);

  const Session pupil = login("awa", "soleil", "DKR001");
  const auto played = get(pupil, "/r/" + set + "/exercise?mode=quiz");
  ASSERT_EQ(played.status, 200) << played.body;
  EXPECT_NE(played.body.find("name=\"q9\""), std::string::npos) << "ten questions";
  EXPECT_EQ(played.body.find("name=\"q10\""), std::string::npos);
  EXPECT_NE(played.body.find("<mfrac>"), std::string::npos) << "formulas as MathML";

  // Niger adapts the set: its own draft copies of the ten questions, kept when it saves.
  const Session niger = login("ne.editor");
  const auto adapted = api(niger, "POST", "/api/v1/resources/" + set + "/adapt");
  ASSERT_EQ(adapted.status, 201) << adapted.body;
  const std::string copy(object_of(adapted).at("id").as_string());
  const auto bank = get(niger, "/api/v1/questions?country=NE&limit=100");
  ASSERT_EQ(bank.status, 200) << bank.body;
  EXPECT_EQ(object_of(bank).at("questions").as_array().size(), 10U);
  json::object niger_text = fixed;
  niger_text["body"] = "Réponds aux dix questions (Niger).";
  ASSERT_EQ(api(niger, "PUT", "/api/v1/resources/" + copy + "/draft", niger_text).status, 200);
  ASSERT_EQ(api(niger, "POST", "/api/v1/resources/" + copy + "/submit").status, 200);
  ASSERT_EQ(api(login("ne.reviewer"), "POST", "/api/v1/resources/" + copy + "/publish").status,
            200);
  const auto niger_play = http_get(port(), "/r/" + copy + "/exercise?mode=quiz");
  ASSERT_EQ(niger_play.status, 200);
  EXPECT_NE(niger_play.body.find("name=\"q9\""), std::string::npos);
  const auto niger_page = http_get(port(), "/r/" + copy);
  EXPECT_NE(niger_page.body.find("Adapté de"), std::string::npos);
  EXPECT_NE(niger_page.body.find("href=\"/r/" + set + "\""), std::string::npos);
  // Togo's questions are untouched by Niger's bank: the demo's 5 (its BAC II set) and these 10.
  EXPECT_EQ(object_of(get(editor, "/api/v1/questions?country=TG&limit=100"))
                .at("questions")
                .as_array()
                .size(),
            15U);
}

// "Publier" through the review page answers 303 with a confirmation shown once on /edit;
// "Retirer du catalogue" is a link to its own confirmation page, and the POST refuses a
// request that did not come through it.
TEST_P(AuthoringHttp, PublishingConfirmsAndUnpublishingAsksFirst) {
  const Session editor = login("tg.editor");
  const Session reviewer = login("tg.reviewer");
  auto created = api(editor, "POST", "/api/v1/drafts", lesson("Les tiers", "Un tiers : 1/3."));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(object_of(created).at("id").as_string());
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + id + "/submit").status, 200);
  const std::string review = "/edit/resources/" + id + "/review";

  const auto published =
      post_form(reviewer, review,
                {{"csrf_token", reviewer.csrf}, {"action", "publish"}, {"comment", "Bien."}});
  ASSERT_EQ(published.status, 303) << published.body;
  std::string flash;
  for (const auto& [header, value] : published.headers) {
    if (header == "set-cookie" && value.starts_with("imaginecole_flash=")) {
      flash = value.substr(0, value.find(';'));
    }
  }
  EXPECT_EQ(flash, "imaginecole_flash=safe_flash_published");
  const auto landed = http_get(port(), published.header("location").value_or(""),
                               {{"Cookie", reviewer.cookie + "; " + flash}});
  EXPECT_NE(landed.body.find(R"(<p class="notice success" role="status">C&apos;est publié.</p>)"),
            std::string::npos)
      << landed.body;
  EXPECT_EQ(http_get(port(), "/r/" + id).status, 200);

  const auto page = get(reviewer, review);
  EXPECT_NE(page.body.find("href=\"/edit/resources/" + id + "/unpublish\""), std::string::npos);
  EXPECT_EQ(page.body.find("value=\"unpublish\""), std::string::npos) << "no one-click button";
  const auto ask = get(reviewer, "/edit/resources/" + id + "/unpublish");
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find("<form method=\"post\" action=\"" + review + "\""), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="action" value="unpublish")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_EQ(ask.body.find("<script"), std::string::npos);
  EXPECT_EQ(get(editor, "/edit/resources/" + id + "/unpublish").status / 100 == 2, false);

  const auto skipped =
      post_form(reviewer, review, {{"csrf_token", reviewer.csrf}, {"action", "unpublish"}});
  EXPECT_EQ(skipped.status, 400);
  EXPECT_EQ(http_get(port(), "/r/" + id).status, 200) << "still public";
  const auto done =
      post_form(reviewer, review,
                {{"csrf_token", reviewer.csrf}, {"action", "unpublish"}, {"confirm", "yes"}});
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(http_get(port(), "/r/" + id).status, 404);
}

TEST_P(AuthoringHttp, RefusalsAndBrokenInputChangeNothing) {
  const Session editor = login("tg.editor");
  // Signed out: 401; a JSON write without the CSRF header: 403.
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/drafts", {{"Content-Type", "application/json"}},
                         json::serialize(lesson("A", "B")))
                .status,
            401);
  Session forged = editor;
  forged.csrf = "not-the-token";
  EXPECT_EQ(api(forged, "POST", "/api/v1/drafts", lesson("Sans jeton", "x")).status, 403);
  const auto missing = api(editor, "POST", "/api/v1/drafts", lesson("", "Mon texte"));
  ASSERT_EQ(missing.status, 400);
  EXPECT_TRUE(object_of(missing).at("fields").as_object().contains("title"));
  const auto huge =
      api(editor, "POST", "/api/v1/drafts", lesson("Énorme", std::string(2 * 1024 * 1024, 'a')));
  ASSERT_EQ(huge.status, 400) << huge.body.substr(0, 200);
  EXPECT_TRUE(object_of(huge).at("fields").as_object().contains("body"));
  const auto licence = api(editor, "POST", "/api/v1/drafts", lesson("Licence", "x", "WTFPL"));
  ASSERT_EQ(licence.status, 400);
  EXPECT_TRUE(object_of(licence).at("fields").as_object().contains("licence"));
  EXPECT_EQ(api(editor, "POST", "/api/v1/drafts", json::array{1, 2}).status, 400);

  // The form: a missing title and a bad CSRF token both give the text back.
  const std::string csrf = editor.csrf;
  const auto no_title = post_form(editor, "/edit/resources/new",
                                  {{"csrf_token", csrf},
                                   {"title", ""},
                                   {"body", "Mon précieux texte"},
                                   {"kind", "lesson"},
                                   {"licence", "CC-BY-4.0"},
                                   {"audience", "pupil"},
                                   {"language", "fr"},
                                   {"action", "save"}});
  EXPECT_EQ(no_title.status, 400);
  EXPECT_NE(no_title.body.find("Mon précieux texte"), std::string::npos);
  EXPECT_NE(no_title.body.find("Donnez un titre"), std::string::npos);
  const auto bad_csrf = post_form(editor, "/edit/resources/new",
                                  {{"csrf_token", "forged"},
                                   {"title", "Piégé"},
                                   {"body", "Texte à garder"},
                                   {"kind", "lesson"},
                                   {"licence", "CC-BY-4.0"},
                                   {"audience", "pupil"},
                                   {"language", "fr"},
                                   {"action", "save"}});
  EXPECT_EQ(bad_csrf.status, 403);
  EXPECT_NE(bad_csrf.body.find("Texte à garder"), std::string::npos);
  // Submitting through the form a text whose image has no description saves it, refuses the
  // submission and says what to fix next to the text.
  const auto draft = post_form(editor, "/edit/resources/new",
                               {{"csrf_token", csrf},
                                {"title", "Image muette"},
                                {"body", "Regarde : ![](https://example.org/carte.png)"},
                                {"kind", "lesson"},
                                {"licence", "CC-BY-4.0"},
                                {"audience", "pupil"},
                                {"language", "fr"},
                                {"action", "save"}});
  ASSERT_EQ(draft.status, 303);
  std::string draft_url;
  for (const auto& [name, value] : draft.headers) {
    if (name == "location") {
      draft_url = value.substr(0, value.find('?'));
    }
  }
  ASSERT_FALSE(draft_url.empty());
  const auto blocked = post_form(editor, draft_url,
                                 {{"csrf_token", csrf},
                                  {"base_version", "1"},
                                  {"title", "Image muette"},
                                  {"body", "Regarde : ![](https://example.org/carte.png)"},
                                  {"kind", "lesson"},
                                  {"licence", "CC-BY-4.0"},
                                  {"audience", "pupil"},
                                  {"language", "fr"},
                                  {"action", "submit"}});
  EXPECT_EQ(blocked.status, 400);
  EXPECT_NE(blocked.body.find("ne peut pas encore aller aux élèves"), std::string::npos)
      << blocked.body;
  EXPECT_NE(blocked.body.find("Image sans description"), std::string::npos);
  EXPECT_NE(blocked.body.find("Regarde :"), std::string::npos) << "the text is still there";
  const auto preview = post_form(editor, "/edit/resources/new",
                                 {{"csrf_token", csrf},
                                  {"title", "Aperçu"},
                                  {"body", "**gras** et texte"},
                                  {"kind", "lesson"},
                                  {"licence", "CC-BY-4.0"},
                                  {"audience", "pupil"},
                                  {"language", "fr"},
                                  {"action", "preview"}});
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("<strong>gras</strong>"), std::string::npos);
  // Nothing of the above was written.
  const auto board = get(editor, "/edit");
  ASSERT_EQ(board.status, 200);
  for (const char* title : {"Sans jeton", "Énorme", "Licence", "Piégé", "Aperçu"}) {
    EXPECT_EQ(board.body.find(title), std::string::npos) << title;
  }
  // A form save that works redirects to the editor page.
  const auto made = post_form(editor, "/edit/resources/new",
                              {{"csrf_token", csrf},
                               {"title", "Leçon par formulaire"},
                               {"body", "Texte"},
                               {"kind", "lesson"},
                               {"licence", "CC-BY-4.0"},
                               {"audience", "pupil"},
                               {"language", "fr"},
                               {"action", "save"}});
  EXPECT_EQ(made.status, 303);
  EXPECT_NE(get(editor, "/edit").body.find("Leçon par formulaire"), std::string::npos);

  // All rights reserved: Niger may not adapt.
  const auto closed =
      api(editor, "POST", "/api/v1/drafts", lesson("Manuel protégé", "x", "all-rights-reserved"));
  const std::string closed_id(object_of(closed).at("id").as_string());
  ASSERT_EQ(api(editor, "POST", "/api/v1/resources/" + closed_id + "/submit").status, 200);
  ASSERT_EQ(api(login("tg.reviewer"), "POST", "/api/v1/resources/" + closed_id + "/publish").status,
            200);
  const auto refused = api(login("ne.editor"), "POST", "/api/v1/resources/" + closed_id + "/adapt");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("interdit"), std::string::npos) << refused.body;

  // A teacher's resource: its class only.
  const Session teacher = login("sn.teacher");
  std::string class_id;
  for (const auto& role : teacher.me.at("roles").as_array()) {
    if (role.at("scope").at("kind").as_string() == "class") {
      class_id = std::string(role.at("scope").at("id").as_string());
    }
  }
  ASSERT_FALSE(class_id.empty());
  json::object mine = lesson("Fiche de la classe", "Pour le CM2 A seulement.");
  mine["class_id"] = class_id;
  const auto own = api(teacher, "POST", "/api/v1/drafts", mine);
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string own_id(object_of(own).at("id").as_string());
  const Session awa = login("awa", "soleil", "DKR001");
  // Not shared yet: the pupils neither see it nor find it in their list.
  EXPECT_EQ(get(awa, "/class-resources/" + own_id).status, 404);
  EXPECT_EQ(get(awa, "/class-resources").body.find("Fiche de la classe"), std::string::npos);
  EXPECT_EQ(get(teacher, "/class-resources/" + own_id).status, 200) << "its writer reads it";
  EXPECT_EQ(api(login("sn.editor"), "POST", "/api/v1/resources/" + own_id + "/share").status, 404);
  const auto shared = api(teacher, "POST", "/api/v1/resources/" + own_id + "/share");
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_EQ(object_of(shared).at("class_version").as_int64(), 1);
  EXPECT_EQ(api(teacher, "POST", "/api/v1/resources/" + own_id + "/share").status, 409);
  // The teacher goes on writing: the pupils keep reading the shared version.
  json::object next = lesson("Fiche de la classe", "BROUILLON DU MAÎTRE");
  next["base_version"] = 1;
  ASSERT_EQ(api(teacher, "PUT", "/api/v1/resources/" + own_id + "/draft", next).status, 200);
  const auto seen = get(awa, "/class-resources/" + own_id);
  EXPECT_EQ(seen.status, 200);
  EXPECT_NE(seen.body.find("Pour le CM2 A seulement."), std::string::npos);
  EXPECT_EQ(seen.body.find("BROUILLON DU MAÎTRE"), std::string::npos);
  const auto list = get(awa, "/class-resources");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("href=\"/class-resources/" + own_id + "\""), std::string::npos);
  EXPECT_NE(get(awa, "/signin").body.find("href=\"/class-resources\""), std::string::npos);
  EXPECT_EQ(get(login("aya", "soleil", "ABJ001"), "/class-resources/" + own_id).status, 404);
  // Signed out, a page asks to sign in and to come back here.
  const auto signed_out = http_get(port(), "/class-resources/" + own_id);
  EXPECT_EQ(signed_out.status, 303);
  EXPECT_EQ(signed_out.header("location"), "/signin?next=/class-resources/" + own_id);
  EXPECT_EQ(http_get(port(), "/r/" + own_id).status, 404);
  EXPECT_EQ(get(login("sn.editor"), "/edit/resources/" + own_id).status, 404);
}

}  // namespace
}  // namespace imaginecole::testing
