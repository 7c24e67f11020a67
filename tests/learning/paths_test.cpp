// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary on SQLite and PostgreSQL: learning paths made by an editor (national) and a
// teacher (their school) through the no-JavaScript editor pages, followed by a pupil step by
// step on the path page and through GET /api/v1/paths/{id}; progress derived from attempts
// (an exercise step) and from "J'ai lu" completions counted once per client UUID.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr char kNumeric[] = "0190f0f0-0000-7000-8000-00000000b001";
constexpr char kChoice[] = "0190f0f0-0000-7000-8000-00000000b002";
constexpr char kReading[] = "0190f0f0-0000-7000-8000-00000000b003";

std::string token_of(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (name == "X-CSRF-Token") {
      return value;
    }
  }
  return {};
}

// The value of the hidden field `name` of the first form that has one.
std::string hidden_field(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

class LearningPaths : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    {
      auto connection = db().write();
      lesson_ = id_of(*connection, "Les fractions : partager, lire et comparer");
      set_ = id_of(*connection, "Révision CFEE : problèmes de la vie courante");
      elsewhere_ = id_of(*connection, "Ratio and Proportion");
      std::vector<exercises::Question> questions(3);
      questions[0].id = kNumeric;
      questions[0].type = exercises::QuestionType::numeric;
      questions[0].prompt = "Combien font 7 / 2 ?";
      questions[0].numbers = {{3.5, 0, 1, "Bravo."}};
      questions[1].id = kChoice;
      questions[1].type = exercises::QuestionType::single_choice;
      questions[1].prompt = "Capitale du Sénégal ?";
      questions[1].choices = {{"Dakar", 1, "Oui."}, {"Thiès", 0, "Non."}};
      questions[2].id = kReading;
      questions[2].type = exercises::QuestionType::description;
      questions[2].prompt = "Lis bien.";
      connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                          {exercises::questions_to_json(questions), set_});
    }
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    editor_ = sign_in(port(), {.username = "sn.editor"});
    awa_ =
        with_json(sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"}));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  static std::string id_of(storage::Connection& connection, const std::string& title) {
    return connection.query_one("SELECT id FROM resources WHERE title = ?", {title})->text(0);
  }

  HttpResponse form(const Headers& who, const std::string& path, const std::string& fields) {
    Headers headers = who;
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return http_request(port(), "POST", path, headers,
                        "csrf_token=" + token_of(who) + "&" + fields);
  }

  // A path made through the editor's form; its id.
  std::string make_path(const Headers& who, const std::string& scope,
                        const std::vector<std::string>& steps) {
    const auto made =
        form(who, "/edit/parcours",
             "title=Les+fractions+au+CM2&level=cm2&country=SN&description=&scope=" + scope);
    EXPECT_EQ(made.status, 303) << made.body;
    const std::string location = made.header("location").value_or("");
    std::string id = location.substr(location.rfind('/') + 1);
    for (const auto& step : steps) {
      EXPECT_EQ(form(who, "/edit/parcours/" + id, "action=add&resource=" + step).status, 303);
    }
    return id;
  }

  json::value api_path(const std::string& id, const Headers& who = {}) {
    const auto response = http_get(port(), "/api/v1/paths/" + id, who);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  std::vector<std::string> step_ids(const std::string& id) {
    std::vector<std::string> out;
    const json::value path = api_path(id);
    for (const auto& step : path.at("steps").as_array()) {
      out.emplace_back(step.at("resource").as_string());
    }
    return out;
  }

  HttpResponse answer(const char* question, const std::string& response) {
    return http_request(port(), "POST", "/api/v1/attempts", awa_,
                        R"({"client_id": ")" + core::new_id() + R"(", "resource": ")" + set_ +
                            R"(", "question": ")" + question + R"(", "response": )" + response +
                            "}");
  }

  std::int64_t completions() {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM step_completions")->integer(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string lesson_;
  std::string set_;
  std::string elsewhere_;
  Headers editor_;
  Headers awa_;
};

TEST_P(LearningPaths, AnEditorComposesANationalPathWithoutJavaScript) {
  const std::string id = make_path(editor_, "national", {lesson_, set_});
  EXPECT_EQ(step_ids(id), (std::vector<std::string>{lesson_, set_}));

  const auto page = http_get(port(), "/edit/parcours/" + id, editor_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Les fractions : partager"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"up\""), std::string::npos);

  ASSERT_EQ(form(editor_, "/edit/parcours/" + id, "action=up&resource=" + set_).status, 303);
  EXPECT_EQ(step_ids(id), (std::vector<std::string>{set_, lesson_}));
  ASSERT_EQ(form(editor_, "/edit/parcours/" + id, "action=down&resource=" + set_).status, 303);
  EXPECT_EQ(step_ids(id), (std::vector<std::string>{lesson_, set_}));
  ASSERT_EQ(form(editor_, "/edit/parcours/" + id, "action=remove&resource=" + lesson_).status, 303);
  EXPECT_EQ(step_ids(id), (std::vector<std::string>{set_}));

  // A resource not placed in Senegal's curriculum, or no resource at all, is refused.
  EXPECT_EQ(form(editor_, "/edit/parcours/" + id, "action=add&resource=" + elsewhere_).status, 400);
  EXPECT_EQ(form(editor_, "/edit/parcours/" + id, "action=add&resource=nothing").status, 400);
  EXPECT_EQ(step_ids(id), (std::vector<std::string>{set_}));

  // A bad title keeps what was typed and says why.
  const auto bad =
      form(editor_, "/edit/parcours/" + id, "action=save&title=&level=cm2&description=Gard%C3%A9");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Donnez un titre"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("Gardé"), std::string::npos);
  ASSERT_EQ(form(editor_, "/edit/parcours/" + id,
                 "action=save&title=Fractions+pas+%C3%A0+pas&level=cm2&description=")
                .status,
            303);

  const auto list = http_get(port(), "/api/v1/paths?country=SN&level=cm2");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::array paths = json::parse(list.body).at("paths").as_array();
  ASSERT_EQ(paths.size(), 1U);
  EXPECT_EQ(paths[0].at("title").as_string(), "Fractions pas à pas");
  EXPECT_EQ(paths[0].at("national").as_bool(), true);
  EXPECT_EQ(http_get(port(), "/api/v1/paths?country=SN").status, 400);

  // Written through the records layer: stamped, logged with the country's scope.
  auto connection = db().read();
  const auto logged = connection->query_one(
      "SELECT COUNT(*), MIN(country) FROM change_log WHERE entity = 'learning_paths' "
      "AND entity_id = ?",
      {id});
  EXPECT_GE(logged->integer(0), 2);
  EXPECT_EQ(logged->text(1), "SN");
  EXPECT_GT(connection->query_one("SELECT hlc FROM learning_paths WHERE id = ?", {id})->integer(0),
            0);
}

TEST_P(LearningPaths, APupilFollowsAPathStepByStepAndProgressIsDerived) {
  const std::string id = make_path(editor_, "national", {lesson_, set_});
  json::value path = api_path(id, awa_);
  EXPECT_EQ(path.at("progress"), json::parse(R"({"done": 0, "total": 2})"));
  EXPECT_TRUE(api_path(id).at("progress").is_null()) << "nobody signed in: no progress";

  const auto listed = http_get(port(), "/parcours?country=SN&level=cm2", awa_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("/parcours/" + id), std::string::npos);

  auto page = http_get(port(), "/parcours/" + id, awa_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Étape 1 sur 2"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("?etape=2"), std::string::npos) << "a next-step link";
  const std::string client_id = hidden_field(page.body, "client_id");
  ASSERT_TRUE(core::is_valid_id(client_id)) << page.body;

  // "J'ai lu" pressed twice with the same form: one completion.
  const std::string fields = "client_id=" + client_id;
  const auto read = form(awa_, "/parcours/" + id + "/etapes/1/lu", fields);
  ASSERT_EQ(read.status, 303) << read.body;
  EXPECT_EQ(read.header("location").value_or(""), "/parcours/" + id + "?etape=2");
  ASSERT_EQ(form(awa_, "/parcours/" + id + "/etapes/1/lu", fields).status, 303);
  EXPECT_EQ(completions(), 1);

  // Where the pupil stopped: the first step not done.
  page = http_get(port(), "/parcours/" + id, awa_);
  EXPECT_NE(page.body.find("Étape 2 sur 2"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("0 questions sur 2"), std::string::npos) << page.body;

  // An exercise step is done by answering all its questions (the description takes none).
  const auto said = http_request(port(), "POST", "/api/v1/paths/" + id + "/steps/2/done", awa_,
                                 R"({"client_id": ")" + core::new_id() + "\"}");
  EXPECT_EQ(said.status, 409) << said.body;
  ASSERT_EQ(answer(kNumeric, R"({"text": "4"})").status, 200);
  path = api_path(id, awa_);
  EXPECT_EQ(path.at("steps").at(1).at("answered").as_int64(), 1);
  EXPECT_EQ(path.at("steps").at(1).at("done").as_bool(), false);
  ASSERT_EQ(answer(kChoice, R"({"choice": 0})").status, 200);
  path = api_path(id, awa_);
  EXPECT_EQ(path.at("steps").at(0).at("done").as_bool(), true);
  EXPECT_EQ(path.at("steps").at(1).at("done").as_bool(), true);
  EXPECT_EQ(path.at("progress"), json::parse(R"({"done": 2, "total": 2})"));

  // Another pupil's progress is their own.
  const Headers fatou =
      with_json(sign_in(port(), {.username = "fatou", .password = "soleil", .school = "DKR001"}));
  EXPECT_EQ(api_path(id, fatou).at("progress"), json::parse(R"({"done": 0, "total": 2})"));
}

TEST_P(LearningPaths, MarkingAStepDoneCountsOncePerClientIdAndRefusesClearly) {
  const std::string id = make_path(editor_, "national", {lesson_});
  const std::string url = "/api/v1/paths/" + id + "/steps/1/done";
  const std::string client_id = core::new_id();
  const std::string body = R"({"client_id": ")" + client_id + "\"}";
  const auto first = http_request(port(), "POST", url, awa_, body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body).at("recorded").as_bool(), true);
  const auto again = http_request(port(), "POST", url, awa_, body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("recorded").as_bool(), false);
  EXPECT_EQ(json::parse(again.body).at("completion_id"),
            json::parse(first.body).at("completion_id"));
  EXPECT_EQ(completions(), 1);

  struct Case {
    std::string url;
    std::string body;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"/api/v1/paths/" + id + "/steps/2/done", R"({"client_id": ")" + core::new_id() + "\"}", 404,
       "1 steps"},
      {"/api/v1/paths/" + id + "/steps/x/done", body, 404, "numbered"},
      {"/api/v1/paths/" + core::new_id() + "/steps/1/done", body, 404, "No learning path"},
      {url, R"({"client_id": "nope"})", 400, "UUID"},
      {url, "[]", 400, "client_id"},
  };
  for (const auto& c : cases) {
    const auto response = http_request(port(), "POST", c.url, awa_, c.body);
    EXPECT_EQ(response.status, c.status) << c.url << " " << response.body;
    EXPECT_NE(response.body.find(c.says), std::string::npos) << response.body;
  }
  // Another pupil cannot reuse the UUID; staff have no progress; the door wants a session and
  // the CSRF header.
  const Headers moussa =
      with_json(sign_in(port(), {.username = "moussa", .password = "soleil", .school = "DKR001"}));
  EXPECT_EQ(http_request(port(), "POST", url, moussa, body).status, 409);
  const Headers teacher = with_json(sign_in(port(), {.username = "sn.teacher"}));
  EXPECT_EQ(
      http_request(port(), "POST", url, teacher, R"({"client_id": ")" + core::new_id() + "\"}")
          .status,
      403);
  EXPECT_EQ(http_request(port(), "POST", url, {{"Content-Type", "application/json"}}, body).status,
            401);
  Headers no_token;
  for (const auto& header : awa_) {
    if (header.first != "X-CSRF-Token") {
      no_token.push_back(header);
    }
  }
  EXPECT_EQ(
      http_request(port(), "POST", url, no_token, R"({"client_id": ")" + core::new_id() + "\"}")
          .status,
      403);
  EXPECT_EQ(completions(), 1);
}

TEST_P(LearningPaths, ATeachersPathStaysInTheirSchool) {
  const Headers teacher = sign_in(port(), {.username = "sn.teacher"});
  // A teacher is no editor of the country: no national path.
  EXPECT_EQ(form(teacher, "/edit/parcours", "title=T&level=cm2&country=SN&scope=national").status,
            403);
  const std::string id = make_path(teacher, "school", {lesson_});
  {
    auto connection = db().read();
    const auto row = connection->query_one(
        "SELECT p.school_id, s.code FROM learning_paths p JOIN schools s ON s.id = p.school_id "
        "WHERE p.id = ?",
        {id});
    ASSERT_TRUE(row);
    EXPECT_EQ(row->text(1), "DKR001");
    const auto logged = connection->query_one(
        "SELECT school FROM change_log WHERE entity = 'learning_paths' AND entity_id = ?", {id});
    EXPECT_EQ(logged->text(0), "DKR001");
  }
  // The school's pupils see it; nobody else does.
  const auto awa_list = http_get(port(), "/api/v1/paths?country=SN&level=cm2", awa_);
  EXPECT_NE(awa_list.body.find(id), std::string::npos) << awa_list.body;
  EXPECT_EQ(http_get(port(), "/api/v1/paths?country=SN&level=cm2").body.find(id),
            std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/v1/paths/" + id).status, 404);
  EXPECT_EQ(http_get(port(), "/parcours/" + id).status, 404);
  const Headers aya =
      sign_in(port(), {.username = "aya", .password = "soleil", .school = "ABJ001"});
  EXPECT_EQ(http_get(port(), "/api/v1/paths/" + id, aya).status, 404);
  EXPECT_EQ(http_get(port(), "/parcours/" + id, awa_).status, 200);
  // The country's editor does not edit a school's path; a signed-out visitor is asked to sign in.
  EXPECT_EQ(http_get(port(), "/edit/parcours/" + id, editor_).status, 404);
  EXPECT_EQ(form(editor_, "/edit/parcours/" + id, "action=remove&resource=" + lesson_).status, 404);
  EXPECT_EQ(http_get(port(), "/edit/parcours/" + id, teacher).status, 200);
  const auto anonymous = http_get(port(), "/edit/parcours/new?country=SN");
  EXPECT_EQ(anonymous.status, 303) << "to the sign-in page";
  EXPECT_NE(anonymous.header("location").value_or("").find("/signin"), std::string::npos);
  EXPECT_EQ(api_path(id, awa_).at("steps").as_array().size(), 1U);
}

IMAGINECOLE_ON_BOTH_BACKENDS(LearningPaths);

}  // namespace
}  // namespace imaginecole::testing
