// SPDX-License-Identifier: AGPL-3.0-or-later
// The real binary: `import questions` / `export questions` on the command line, the editors'
// API and import page with their permission checks, and the pupils' player grading over HTTP,
// on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "exercises/question.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

const std::filesystem::path kBank =
    std::filesystem::path(IMAGINECOLE_SOURCE_DIR) / "tests/exercises/data/fractions_cm2.gift";

class ExercisesHttp : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  CommandResult cli(std::vector<std::string> args) {
    args.insert(args.end(), location_.begin(), location_.end());
    return run_imaginecole(args);
  }
  void start() { server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_)); }
  std::uint16_t port() const { return server_->port(); }

  Headers sign_in(const std::string& username) {
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
    return {{"Cookie", "imaginecole_session=" + token},
            {"Content-Type", "application/json"},
            {"X-CSRF-Token", std::string(json::parse(response.body).at("csrf_token").as_string())}};
  }

  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
  std::string published_set(const std::string& country) {
    auto connection = db().read();
    return connection
        ->query_one(
            "SELECT id FROM resources WHERE kind = 'exercise_set' AND status = "
            "'published' AND origin_country = ? ORDER BY id LIMIT 1",
            {country})
        ->text(0);
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(ExercisesHttp, ImportQuestionsPrintsAPerQuestionReportAndJson) {
  const auto text =
      cli({"import", "questions", kBank.string(), "--format", "gift", "--country", "sn"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("   1  imported  single_choice   Lire une fraction"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("10 imported, 0 skipped, as drafts of SN"), std::string::npos);
  // These 10, and the 5 of the demo's Senegalese CFEE set
  // (data/demo/questions-revision-cfee-cm2.gift).
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE country_code = 'SN' AND status = 'draft'"),
            15);

  const std::filesystem::path mixed = test_db().data_dir.path() / "mixed.gift";
  std::ofstream(mixed) << "::Bon:: 1 + 1 ? {#2}\n\n::Essai:: Racontez. {}\n\n::Cassé:: A {=a ~b\n";
  const auto report =
      cli({"import", "questions", mixed.string(), "--format", "gift", "--country", "SN", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  // The essay "{}" is an open answer since issue 13, stored as type 'essay'.
  EXPECT_EQ(json::parse(report.out), json::parse(R"({"imported": 2, "skipped": [
              {"index": 3, "name": "Cassé",
               "reason": "unbalanced braces: each question needs one { and its }"}]})"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE source NOT LIKE 'demo:%'"), 12);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE type = 'essay'"), 1);
}

TEST_P(ExercisesHttp, ImportQuestionsRefusesUnusableFilesAndWritesNothing) {
  const std::filesystem::path dir = test_db().data_dir.path();
  std::ofstream(dir / "empty.gift") << "";
  std::ofstream(dir / "binary.xml", std::ios::binary) << std::string("\x89PNG\0\0\0", 7);
  std::ofstream(dir / "truncated.xml") << "<quiz><question type=\"multichoice\"><name>";
  std::ofstream(dir / "wrong.xml") << "<html/>";
  const std::vector<std::vector<std::string>> cases = {
      {"empty.gift", "gift", "the GIFT file is empty"},
      {"binary.xml", "moodle-xml", "binary data or not UTF-8"},
      {"truncated.xml", "moodle-xml", "not well-formed XML"},
      {"wrong.xml", "qti", "not a QTI 2.1 item"},
      {"absent.gift", "gift", "cannot read"}};
  for (const auto& c : cases) {
    const auto result = cli({"import", "questions", (dir / c[0]).string(), "--format", c[1],
                             "--country", "SN", "--json"});
    EXPECT_EQ(result.exit_code, 2) << c[0];
    EXPECT_NE(result.err.find(c[2]), std::string::npos) << c[0] << ": " << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
  const auto country =
      cli({"import", "questions", kBank.string(), "--format", "gift", "--country", "ZZ"});
  EXPECT_EQ(country.exit_code, 2);
  EXPECT_NE(country.err.find("no country with code 'ZZ'"), std::string::npos);
  const auto format =
      cli({"import", "questions", kBank.string(), "--format", "docx", "--country", "SN"});
  EXPECT_NE(format.exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE source NOT LIKE 'demo:%'"), 0);
}

TEST_P(ExercisesHttp, ExportQuestionsWritesTheBankBackOut) {
  ASSERT_EQ(
      cli({"import", "questions", kBank.string(), "--format", "gift", "--country", "SN"}).exit_code,
      0);
  const std::filesystem::path out = test_db().data_dir.path() / "bank.xml";
  const auto moodle = cli({"export", "questions", "--country", "SN", "--format", "moodle-xml",
                           "--output", out.string()});
  ASSERT_EQ(moodle.exit_code, 0) << moodle.err;
  // The 10 imported and the demo CFEE set's 5.
  EXPECT_NE(moodle.err.find("15 question(s) exported"), std::string::npos);
  // What was exported imports again, whole, into another country.
  const auto back = cli(
      {"import", "questions", out.string(), "--format", "moodle-xml", "--country", "CI", "--json"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(json::parse(back.out), json::parse(R"({"imported": 15, "skipped": []})"));
  const auto gift = cli({"export", "questions", "--country", "SN", "--format", "gift"});
  ASSERT_EQ(gift.exit_code, 0);
  EXPECT_NE(gift.out.find("$CATEGORY: CM2/Mathématiques/Fractions"), std::string::npos);
  EXPECT_NE(gift.out.find("::Plantation::"), std::string::npos);
  const auto absent = cli({"export", "questions", "--country", "SN", "--set",
                           "0190f0f0-0000-7000-8000-000000000009", "--format", "gift"});
  EXPECT_EQ(absent.exit_code, 2);
}

TEST_P(ExercisesHttp, EditorsOfTheCountryUseTheApiAndOthersAreRefused) {
  ASSERT_EQ(
      cli({"import", "questions", kBank.string(), "--format", "gift", "--country", "SN"}).exit_code,
      0);
  start();
  const Headers sn = sign_in("sn.editor");
  auto list = http_request(port(), "GET", "/api/v1/questions?country=SN&type=numeric", sn);
  ASSERT_EQ(list.status, 200) << list.body;
  const json::value numeric = json::parse(list.body);
  EXPECT_EQ(numeric.at("questions").as_array().size(), 6U);  // 3 imported, 3 of the demo's
  list = http_request(port(), "GET", "/api/v1/questions?country=SN&q=mangues", sn);
  ASSERT_EQ(json::parse(list.body).at("questions").as_array().size(), 1U);
  const std::string id(json::parse(list.body).at("questions").as_array()[0].at("id").as_string());

  // Signed out: 401; an editor of another country: 403 for the list, 404 for the question.
  EXPECT_EQ(http_get(port(), "/api/v1/questions?country=SN").status, 401);
  EXPECT_EQ(http_get(port(), "/api/v1/questions/" + id).status, 401);
  const Headers ci = sign_in("ci.editor");
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/questions?country=SN", ci).status, 403);
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/questions/" + id, ci).status, 404);
  EXPECT_EQ(
      http_request(port(), "GET", "/api/v1/questions/0190f0f0-0000-7000-8000-000000000009", sn)
          .status,
      404);

  const std::string body =
      R"({"country": "SN", "type": "short_text", "name": "Fleuve", "prompt": "Le fleuve de Saint-Louis ?",
          "texts": [{"text": "Sénégal"}], "rules": {"accent_sensitive": false}})";
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/questions", ci, body).status, 403);
  auto created = http_request(port(), "POST", "/api/v1/questions", sn, body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string new_id(json::parse(created.body).at("id").as_string());
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/questions", sn,
                         R"({"country": "SN", "type": "short_text", "prompt": "?"})")
                .status,
            400);
  auto changed = json::parse(created.body).as_object();
  changed["prompt"] = "Quel fleuve passe à Saint-Louis ?";
  EXPECT_EQ(http_request(port(), "PUT", "/api/v1/questions/" + new_id, ci, json::serialize(changed))
                .status,
            404);
  auto put =
      http_request(port(), "PUT", "/api/v1/questions/" + new_id, sn, json::serialize(changed));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body).at("row_version").as_int64(), 2);

  const std::string set = published_set("SN");
  const std::string set_body = R"({"question_ids": [")" + new_id + R"(", ")" + id + R"("]})";
  EXPECT_EQ(
      http_request(port(), "PUT", "/api/v1/resources/" + set + "/questions", ci, set_body).status,
      404);
  auto membership =
      http_request(port(), "PUT", "/api/v1/resources/" + set + "/questions", sn, set_body);
  ASSERT_EQ(membership.status, 200) << membership.body;
  EXPECT_EQ(json::parse(membership.body).as_array().size(), 2U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM exercise_set_questions WHERE resource_id = '" + set + "'"),
            2);
}

TEST_P(ExercisesHttp, TheImportPageShowsTheReport) {
  start();
  const Headers sn = sign_in("sn.editor");
  Headers page_headers = {sn[0]};
  const auto page = http_request(port(), "GET", "/edit/questions/import", page_headers);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page.body.substr(
      at + marker.size(), page.body.find('"', at + marker.size()) - at - marker.size());
  const auto multipart = [&](const std::string& country, const std::string& gift) {
    const std::string boundary = "----exercises";
    std::string body;
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"csrf_token", csrf}, {"country", country}, {"format", "gift"}}) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
              "\"\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank.gift\"\r\n"
            "Content-Type: text/plain\r\n\r\n" +
            gift + "\r\n--" + boundary + "--\r\n";
    return http_request(port(), "POST", "/edit/questions/import",
                        {sn[0], {"Content-Type", "multipart/form-data; boundary=" + boundary}},
                        body);
  };
  const auto posted = multipart("SN", "::Bon:: 1 + 1 ? {#2}\n\n::Cassé:: A {=a ~b\n");
  // Post/Redirect/Get: the report shows once on the page the redirect leads to.
  ASSERT_EQ(posted.status, 303) << posted.body;
  const std::string location = posted.header("location").value_or("");
  EXPECT_EQ(location, "/edit/questions/import/report");
  const auto report = http_request(port(), "GET", location, {sn[0]});
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(http_request(port(), "GET", location, {sn[0]}).status, 303) << "shown once";
  EXPECT_NE(report.body.find("unbalanced braces"), std::string::npos);
  // Counted with the language's plural, not "importée(s)".
  EXPECT_NE(report.body.find("1 question importée · 1 ignorée"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("/edit/questions/"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE source NOT LIKE 'demo:%'"), 1);
  const auto foreign = multipart("CI", "::Bon:: 1 + 1 ? {#2}\n");
  EXPECT_EQ(foreign.status, 403) << "another country's bank";
  const auto broken = multipart("SN", "");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE source NOT LIKE 'demo:%'"), 1);
  EXPECT_EQ(http_get(port(), "/edit/questions/import").status / 100 == 2, false);
}

TEST_P(ExercisesHttp, ThePlayerGradesPublishedQuestionsOnTheServer) {
  const std::string set = published_set("SN");
  std::vector<exercises::Question> questions;
  exercises::Question q;
  q.type = exercises::QuestionType::numeric;
  q.prompt = "Combien font **7 / 2** ?";
  q.numbers = {{3.5, 0, 1, "Bravo."}};
  q.hints = {"Partagez 7 en deux."};
  q.solution = "7 ÷ 2 = 3,5";
  questions.push_back(q);
  q = exercises::Question{};
  q.type = exercises::QuestionType::fill_blanks;
  q.prompt = "Le {{1}} passe à Niamey.";
  q.blanks = {exercises::Blank{.answers = {{"Niger", 1, ""}}}};
  questions.push_back(q);
  q = exercises::Question{};
  q.type = exercises::QuestionType::single_choice;
  q.prompt = "Capitale ?";
  q.choices = {{"Dakar", 1, "Oui."}, {"Thiès", 0, "Non."}};
  questions.push_back(q);
  {
    auto connection = db().write();
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {exercises::questions_to_json(questions), set});
  }
  start();
  const auto page = http_get(port(), "/r/" + set + "/exercise?mode=quiz");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<strong>7 / 2</strong>"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"q1_b0\""), std::string::npos);
  EXPECT_NE(page.body.find("type=\"radio\" name=\"q2\" value=\"0\""), std::string::npos);
  EXPECT_EQ(page.body.find("7 ÷ 2 = 3,5"), std::string::npos);  // no solution before answering
  const auto graded = http_request(port(), "POST", "/r/" + set + "/exercise",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}},
                                   "mode=quiz&q0=3%2C5&q1_b0=niger&q2=1");
  ASSERT_EQ(graded.status, 200) << graded.body;
  EXPECT_NE(graded.body.find("<strong>2 / 3</strong>"), std::string::npos) << graded.body;
  EXPECT_NE(graded.body.find("Bravo."), std::string::npos);
  EXPECT_NE(graded.body.find("Non."), std::string::npos);
  EXPECT_NE(graded.body.find("7 ÷ 2 = 3,5"), std::string::npos);
  EXPECT_NE(graded.body.find("Partagez 7 en deux."), std::string::npos);
  EXPECT_EQ(http_get(port(), "/r/0190f0f0-0000-7000-8000-000000000009/exercise").status, 404);
  EXPECT_EQ(http_get(port(), "/r/not-an-id/exercise").status, 404);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ExercisesHttp);

}  // namespace
}  // namespace imaginecole::testing
