// SPDX-License-Identifier: AGPL-3.0-or-later
// The editors' question pages through the real binary on SQLite and PostgreSQL: the form per
// type (create, failed save keeps what was posted, change of type), the bank list, the
// composition of an exercise set seen by the player once published, and the refusals (another
// country's editor, a missing CSRF field) that write nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string encode(const Fields& fields) {
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

struct Editor {
  std::string cookie;
  std::string csrf;  // the API's X-CSRF-Token
};

class QuestionPagesHttp : public DemoBackendTest {
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

  Editor sign_in(const std::string& username) {
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": ")" + username + R"(", "password": "ecole-demo"})");
    EXPECT_EQ(response.status, 200) << response.body;
    Editor out;
    for (const auto& [name, value] : response.headers) {
      if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
        out.cookie = value.substr(0, value.find(';'));
      }
    }
    out.csrf = std::string(json::parse(response.body).at("csrf_token").as_string());
    return out;
  }
  HttpResponse get(const Editor& who, const std::string& target) {
    return http_get(port(), target, {{"Cookie", who.cookie}});
  }
  // The page's CSRF field value.
  std::string form_token(const Editor& who, const std::string& page) {
    const auto response = get(who, page);
    EXPECT_EQ(response.status, 200) << page << ": " << response.body;
    const std::string marker = "name=\"csrf_token\" value=\"";
    const auto at = response.body.find(marker);
    if (at == std::string::npos) {
      ADD_FAILURE() << "no CSRF field on " << page;
      return {};
    }
    const auto start = at + marker.size();
    return response.body.substr(start, response.body.find('"', start) - start);
  }
  HttpResponse post(const Editor& who, const std::string& target, const Fields& fields) {
    return http_request(
        port(), "POST", target,
        {{"Cookie", who.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
        encode(fields));
  }
  HttpResponse api(const Editor& who, const std::string& method, const std::string& target,
                   const std::string& body = {}) {
    Headers headers{{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}};
    if (!body.empty()) {
      headers.emplace_back("Content-Type", "application/json");
    }
    return http_request(port(), method, target, headers, body);
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
  // Creates a question with the form; returns its id (from the redirect).
  std::string create(const Editor& who, const std::string& target, Fields fields) {
    fields.insert(fields.begin(), {"csrf_token", form_token(who, target)});
    fields.emplace_back("action", "save");
    const auto response = post(who, target, fields);
    EXPECT_EQ(response.status, 303) << response.body;
    const std::string location = response.header("location").value_or("");
    if (location.starts_with("/edit/questions/")) {
      return location.substr(16, location.find('?') - 16);
    }
    return {};
  }
  static Fields ordering(const std::string& prompt) {
    return {{"type", "ordering"},
            {"name", prompt},
            {"prompt", prompt},
            {"item0", "un"},
            {"item1", "deux"}};
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_P(QuestionPagesHttp, AnEditorCreatesANumericQuestionWithTheForm) {
  const Editor sn = sign_in("sn.editor");
  const auto blank = get(sn, "/edit/questions/new?country=SN&type=numeric");
  ASSERT_EQ(blank.status, 200) << blank.body;
  EXPECT_NE(blank.body.find("name=\"number0_value\""), std::string::npos);
  EXPECT_NE(blank.body.find("name=\"number2_tolerance\""), std::string::npos) << "empty rows";
  EXPECT_EQ(blank.body.find("name=\"answers\""), std::string::npos) << "no JSON textarea";
  // Every type has its own fields.
  for (const auto& [type, field] :
       std::vector<std::pair<std::string, std::string>>{{"single_choice", "choice2_credit"},
                                                        {"multiple_choice", "choice0_feedback"},
                                                        {"true_false", "feedback_false"},
                                                        {"short_text", "text2_text"},
                                                        {"fill_blanks", "blank0_options"},
                                                        {"matching", "pair2_right"},
                                                        {"ordering", "item2"}}) {
    const auto form = get(sn, "/edit/questions/new?country=SN&type=" + type);
    ASSERT_EQ(form.status, 200) << type;
    EXPECT_NE(form.body.find("name=\"" + field + "\""), std::string::npos) << type;
    EXPECT_NE(form.body.find("<option value=\"" + type + "\" selected>"), std::string::npos);
  }
  const auto before = count("SELECT COUNT(*) FROM questions");

  const std::string id = create(sn, "/edit/questions/new?country=SN",
                                {{"type", "numeric"},
                                 {"name", "Longueur du banc"},
                                 {"prompt", "Quelle est la longueur du banc ?"},
                                 {"number0_value", "12,5"},
                                 {"number0_tolerance", "0,5"},
                                 {"number0_credit", ""},
                                 {"number0_feedback", "Exact."},
                                 {"number1_value", ""},
                                 {"unit0_name", "cm"},
                                 {"unit0_multiplier", "1"},
                                 {"unit1_name", "m"},
                                 {"unit1_multiplier", "100"},
                                 {"unit2_name", ""},
                                 {"units_convertible", "1"},
                                 {"hints", "Mesurez en centimètres."}});
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), before + 1);

  const auto read = api(sn, "GET", "/api/v1/questions/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  const json::value question = json::parse(read.body);
  EXPECT_EQ(question.at("type").as_string(), "numeric");
  EXPECT_EQ(question.at("country").as_string(), "SN");
  EXPECT_EQ(question.at("status").as_string(), "draft");
  EXPECT_EQ(question.at("numbers"),
            json::parse(R"([{"value": 12.5, "tolerance": 0.5, "fraction": 1.0,
                             "feedback": "Exact."}])"));
  EXPECT_EQ(question.at("units"), json::parse(R"([{"name": "cm", "multiplier": 1.0},
                                                  {"name": "m", "multiplier": 100.0}])"));
  EXPECT_EQ(question.at("hints"), json::parse(R"(["Mesurez en centimètres."])"));

  const auto page = get(sn, "/edit/questions/" + id + "?saved=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("value=\"12.5\""), std::string::npos);
  EXPECT_NE(page.body.find("Question enregistrée."), std::string::npos);

  // The bank lists it, newest first, with links to create and import.
  const auto bank = get(sn, "/edit/questions?country=SN&q=banc");
  ASSERT_EQ(bank.status, 200) << bank.body;
  EXPECT_NE(bank.body.find("href=\"/edit/questions/" + id + "\""), std::string::npos);
  EXPECT_NE(bank.body.find("/edit/questions/new?country=SN"), std::string::npos);
  EXPECT_NE(bank.body.find("/edit/questions/import?country=SN"), std::string::npos);
  const auto far = get(sn, "/edit/questions?country=SN&page=500");
  EXPECT_NE(far.body.find("Aucune question trouvée."), std::string::npos);
  EXPECT_EQ(get(sn, "/edit/questions?country=S1").status, 400);
}

TEST_P(QuestionPagesHttp, AFailedSaveShowsThePostedValuesAgain) {
  const Editor sn = sign_in("sn.editor");
  const std::string target = "/edit/questions/new?country=SN";
  const std::string token = form_token(sn, target);
  const auto before = count("SELECT COUNT(*) FROM questions");
  const auto failed = post(sn, target,
                           {{"csrf_token", token},
                            {"type", "numeric"},
                            {"name", "Ma question à garder"},
                            {"prompt", "Un énoncé qu’il ne faut pas perdre"},
                            {"number0_value", "12"},
                            {"number0_tolerance", "environ"},
                            {"action", "save"}});
  EXPECT_EQ(failed.status, 400);
  EXPECT_NE(failed.body.find("value=\"Ma question à garder\""), std::string::npos);
  EXPECT_NE(failed.body.find("Un énoncé qu’il ne faut pas perdre"), std::string::npos);
  EXPECT_NE(failed.body.find("value=\"environ\""), std::string::npos);
  EXPECT_NE(failed.body.find("id=\"e-number0_tolerance\""), std::string::npos);
  EXPECT_NE(failed.body.find("Ce n’est pas un nombre"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), before);

  // "Change the type" re-renders the form of the new type, keeping the common fields.
  const auto changed = post(sn, target,
                            {{"csrf_token", token},
                             {"type", "ordering"},
                             {"name", "Ma question à garder"},
                             {"prompt", "Rangez"},
                             {"action", "change_type"}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.body.find("name=\"item0\""), std::string::npos);
  EXPECT_NE(changed.body.find("value=\"Ma question à garder\""), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), before);

  // Editing: a broken save changes nothing.
  const std::string id = create(sn, target, ordering("Ordre"));
  ASSERT_FALSE(id.empty());
  const auto broken = post(sn, "/edit/questions/" + id,
                           {{"csrf_token", token},
                            {"type", "ordering"},
                            {"prompt", "Ordre changé"},
                            {"item0", "seul"},
                            {"action", "save"}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.body.find("Ordre changé"), std::string::npos);
  EXPECT_NE(broken.body.find("Il faut au moins deux éléments."), std::string::npos);
  EXPECT_EQ(count("SELECT row_version FROM questions WHERE id = '" + id + "'"), 1);
}

TEST_P(QuestionPagesHttp, AnotherCountrysEditorGetsTheAnswerOfAnAbsentQuestion) {
  const Editor sn = sign_in("sn.editor");
  const std::string id = create(sn, "/edit/questions/new?country=SN", ordering("Sénégal"));
  ASSERT_FALSE(id.empty());
  const Editor ci = sign_in("ci.editor");
  const std::string absent = "0190f0f0-0000-7000-8000-000000000009";
  const auto foreign = get(ci, "/edit/questions/" + id);
  const auto missing = get(ci, "/edit/questions/" + absent);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(missing.status, 404);
  // The same page but for the address it names.
  const auto without = [](std::string body, const std::string& target) {
    for (auto at = body.find(target); at != std::string::npos; at = body.find(target)) {
      body.replace(at, target.size(), "ID");
    }
    return body;
  };
  EXPECT_EQ(without(foreign.body, id), without(missing.body, absent));
  const std::string token = form_token(ci, "/edit/questions/new?country=CI");
  Fields change = ordering("Changé par la Côte d'Ivoire");
  change.insert(change.begin(), {"csrf_token", token});
  EXPECT_EQ(post(ci, "/edit/questions/" + id, change).status, 404);
  EXPECT_EQ(count("SELECT row_version FROM questions WHERE id = '" + id + "'"), 1);
  EXPECT_EQ(get(ci, "/edit/questions?country=SN").status, 403);
  EXPECT_EQ(get(ci, "/edit/questions/new?country=SN").status, 403);
  EXPECT_EQ(post(ci, "/edit/questions/new?country=SN", change).status, 403);

  auto set = api(sn, "POST", "/api/v1/drafts",
                 R"({"kind": "exercise_set", "title": "Série", "licence": "CC-BY-SA-4.0",
                     "country": "SN"})");
  ASSERT_EQ(set.status, 201) << set.body;
  const std::string set_id(json::parse(set.body).at("id").as_string());
  EXPECT_EQ(get(ci, "/edit/resources/" + set_id + "/questions").status, 404);
  EXPECT_EQ(get(ci, "/edit/resources/" + absent + "/questions").status, 404);
  EXPECT_EQ(post(ci, "/edit/resources/" + set_id + "/questions",
                 {{"csrf_token", token}, {"action", "add"}, {"question", id}})
                .status,
            404);
  // ?set= of another country is not accepted either.
  EXPECT_EQ(get(ci, "/edit/questions/new?country=CI&set=" + set_id).status, 404);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM exercise_set_questions WHERE resource_id = '" + set_id + "'"), 0);
  // Signed out: to the sign-in page or 401, never the page.
  EXPECT_NE(http_get(port(), "/edit/questions?country=SN").status, 200);
}

TEST_P(QuestionPagesHttp, ComposingASetIsWhatThePlayerShowsOncePublished) {
  const Editor sn = sign_in("sn.editor");
  const std::string content =
      R"({"kind": "exercise_set", "title": "Série de rangements", "summary": "Trois questions.",
          "licence": "CC-BY-SA-4.0", "authors": ["Ousmane Sarr"], "country": "SN"})";
  auto set = api(sn, "POST", "/api/v1/drafts", content);
  ASSERT_EQ(set.status, 201) << set.body;
  const std::string set_id(json::parse(set.body).at("id").as_string());
  const std::string page = "/edit/resources/" + set_id + "/questions";

  // Two questions created in the set, one from the bank.
  const std::string new_in_set = "/edit/questions/new?country=SN&set=" + set_id;
  const auto first_page = get(sn, page);
  ASSERT_EQ(first_page.status, 200) << first_page.body;
  EXPECT_NE(first_page.body.find("/edit/questions/new?country=SN&amp;set=" + set_id),
            std::string::npos);
  Fields a = ordering("Question Alpha");
  a.insert(a.begin(), {"csrf_token", form_token(sn, new_in_set)});
  a.emplace_back("action", "save");
  const auto created = post(sn, new_in_set, a);
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(created.header("location").value_or(""), page + "?added=1");
  Fields b = ordering("Question Bravo");
  b.insert(b.begin(), {"csrf_token", form_token(sn, new_in_set)});
  b.emplace_back("action", "save");
  ASSERT_EQ(post(sn, new_in_set, b).status, 303);
  const std::string c = create(sn, "/edit/questions/new?country=SN", ordering("Question Charlie"));
  ASSERT_FALSE(c.empty());

  const std::string token = form_token(sn, page);
  const auto listed = get(sn, page + "?q=Charlie");
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("name=\"question\" value=\"" + c + "\""), std::string::npos);
  const auto add = post(sn, page, {{"csrf_token", token}, {"action", "add"}, {"question", c}});
  ASSERT_EQ(add.status, 303) << add.body;
  EXPECT_EQ(post(sn, page, {{"csrf_token", token}, {"action", "up"}, {"question", c}}).status, 303);
  const auto ids = [&] {
    auto connection = db().read();
    std::vector<std::string> out;
    for (const auto& row :
         connection
             ->query("SELECT question_id FROM exercise_set_questions WHERE resource_id = ? "
                     "ORDER BY position",
                     {set_id})
             .rows) {
      out.push_back(row.text(0));
    }
    return out;
  };
  ASSERT_EQ(ids().size(), 3U);
  EXPECT_EQ(ids()[1], c);
  const std::string alpha = ids()[0];
  // "Retirer" is a link to a confirmation page; the POST refuses a request without it.
  const std::string remove_url = page + "/remove?question=" + alpha;
  EXPECT_NE(get(sn, page).body.find("href=\"" + remove_url + "\""), std::string::npos);
  const auto ask = get(sn, remove_url);
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find(R"(name="action" value="remove")"), std::string::npos);
  EXPECT_NE(ask.body.find(R"(name="confirm" value="yes")"), std::string::npos);
  EXPECT_NE(ask.body.find("Question Alpha"), std::string::npos);
  EXPECT_EQ(
      post(sn, page, {{"csrf_token", token}, {"action", "remove"}, {"question", alpha}}).status,
      400);
  ASSERT_EQ(ids().size(), 3U);
  EXPECT_EQ(
      post(sn, page,
           {{"csrf_token", token}, {"action", "remove"}, {"question", alpha}, {"confirm", "yes"}})
          .status,
      303);
  ASSERT_EQ(ids().size(), 2U);
  EXPECT_EQ(ids()[0], c);
  // Broken requests change nothing.
  EXPECT_EQ(post(sn, page, {{"csrf_token", token}, {"action", "fly"}, {"question", c}}).status,
            400);
  EXPECT_EQ(
      post(sn, page, {{"csrf_token", token}, {"action", "add"}, {"question", "pas-un-id"}}).status,
      400);
  ASSERT_EQ(ids().size(), 2U);
  const auto shown = get(sn, page);
  const auto list_start = shown.body.find("aria-labelledby=\"set-members\"");
  ASSERT_NE(list_start, std::string::npos) << shown.body;
  const std::string members =
      shown.body.substr(list_start, shown.body.find("</ol>", list_start) - list_start);
  EXPECT_LT(members.find("Question Charlie"), members.find("Question Bravo"));
  EXPECT_NE(members.find("Question Bravo"), std::string::npos);
  EXPECT_EQ(members.find("Question Alpha"), std::string::npos) << "no longer in the set";

  // Saved as a new version, submitted and published: the player asks Charlie then Bravo.
  ASSERT_EQ(api(sn, "PUT", "/api/v1/resources/" + set_id + "/draft", content).status, 200);
  ASSERT_EQ(api(sn, "POST", "/api/v1/resources/" + set_id + "/submit").status, 200);
  const auto published =
      api(sign_in("sn.reviewer"), "POST", "/api/v1/resources/" + set_id + "/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  const auto player = http_get(port(), "/r/" + set_id + "/exercise?mode=quiz");
  ASSERT_EQ(player.status, 200) << player.body;
  const auto charlie = player.body.find("Question Charlie");
  const auto bravo = player.body.find("Question Bravo");
  ASSERT_NE(charlie, std::string::npos) << player.body;
  ASSERT_NE(bravo, std::string::npos);
  EXPECT_LT(charlie, bravo);
  EXPECT_EQ(player.body.find("Question Alpha"), std::string::npos);
}

TEST_P(QuestionPagesHttp, AFormWithoutItsCsrfFieldIsRefusedAndWritesNothing) {
  const Editor sn = sign_in("sn.editor");
  const std::string id = create(sn, "/edit/questions/new?country=SN", ordering("Jeton"));
  ASSERT_FALSE(id.empty());
  auto set = api(sn, "POST", "/api/v1/drafts",
                 R"({"kind": "exercise_set", "title": "Série", "licence": "CC-BY-SA-4.0",
                     "country": "SN"})");
  ASSERT_EQ(set.status, 201) << set.body;
  const std::string set_id(json::parse(set.body).at("id").as_string());
  const auto questions = count("SELECT COUNT(*) FROM questions");

  Fields fields = ordering("Sans jeton");
  fields.emplace_back("action", "save");
  EXPECT_EQ(post(sn, "/edit/questions/new?country=SN", fields).status, 403);
  EXPECT_EQ(post(sn, "/edit/questions/" + id, fields).status, 403);
  Fields wrong = fields;
  wrong.emplace_back("csrf_token", "faux");
  EXPECT_EQ(post(sn, "/edit/questions/" + id, wrong).status, 403);
  EXPECT_EQ(
      post(sn, "/edit/resources/" + set_id + "/questions", {{"action", "add"}, {"question", id}})
          .status,
      403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), questions);
  EXPECT_EQ(count("SELECT row_version FROM questions WHERE id = '" + id + "'"), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM exercise_set_questions WHERE resource_id = '" + set_id + "'"), 0);
}

IMAGINECOLE_ON_BOTH_BACKENDS(QuestionPagesHttp);

}  // namespace
}  // namespace imaginecole::testing
