// SPDX-License-Identifier: AGPL-3.0-or-later
// The class-list import page and API over real HTTP on both backends: the teacher's upload,
// dry run and confirmation; CSRF; and refusals (another country's teacher, a made-up class,
// signed out) that answer alike and write nothing.
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
  std::string cookie;  // "imaginecole_session=..."
  std::string csrf;
};

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.') {
      out.push_back(c);
    } else {
      out += '%';
      out += kHex[u >> 4u];
      out += kHex[u & 15u];
    }
  }
  return out;
}

std::string hidden_value(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

class RosterHttp : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    std::vector<std::string> location = location_of(test_db());
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location));
    auto connection = db().read();
    class_id_ = connection->query_one("SELECT id FROM classes WHERE name = 'CM2 A'")->text(0);
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  Session login(const std::string& username) {
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": ")" + username + R"(", "password": "ecole-demo"})");
    EXPECT_EQ(response.status, 200) << response.body;
    Session session;
    for (const auto& [header, value] : response.headers) {
      if (header == "set-cookie" && value.starts_with("imaginecole_session=")) {
        session.cookie = value.substr(0, value.find(';'));
      }
    }
    session.csrf = std::string(json::parse(response.body).at("csrf_token").as_string());
    return session;
  }
  // Row counts of what an import writes.
  std::vector<std::int64_t> counts() {
    auto connection = db().read();
    std::vector<std::int64_t> out;
    for (const char* table : {"users", "role_grants", "picture_cards", "audit_log"}) {
      out.push_back(
          connection->query_one("SELECT COUNT(*) FROM " + std::string(table))->integer(0));
    }
    return out;
  }
  HttpResponse api(const Session& session, const std::string& class_id, const std::string& query,
                   const std::string& csv, bool with_csrf = true) {
    Headers headers = {{"Cookie", session.cookie}, {"Content-Type", "text/csv; charset=utf-8"}};
    if (with_csrf) {
      headers.emplace_back("X-CSRF-Token", session.csrf);
    }
    return http_request(port(), "POST", "/api/v1/classes/" + class_id + "/roster" + query, headers,
                        csv);
  }

  // The import form's first step with `bytes` as the chosen file, as a browser sends it.
  HttpResponse upload(const Session& session, const std::string& file_name,
                      const std::string& bytes) {
    const auto page =
        http_get(port(), "/classes/" + class_id_ + "/import", {{"Cookie", session.cookie}});
    const std::string boundary = "----roster-upload-boundary";
    std::string body;
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"csrf_token", hidden_value(page.body, "csrf_token")}, {"step", "preview"}}) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
              "\"\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            file_name + "\"\r\nContent-Type: text/csv\r\n\r\n" + bytes + "\r\n--" + boundary +
            "--\r\n";
    return http_request(
        port(), "POST", "/classes/" + class_id_ + "/import",
        {{"Cookie", session.cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}},
        body);
  }

  std::unique_ptr<ServerProcess> server_;
  std::string class_id_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(RosterHttp);

TEST_P(RosterHttp, TeacherUploadsPreviewsAndConfirms) {
  const Session teacher = login("sn.teacher");
  const auto page =
      http_get(port(), "/classes/" + class_id_ + "/import", {{"Cookie", teacher.cookie}});
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string csrf = hidden_value(page.body, "csrf_token");
  ASSERT_FALSE(csrf.empty());
  EXPECT_NE(page.body.find("enctype=\"multipart/form-data\""), std::string::npos);

  // The file as a spreadsheet saves it, uploaded with the form.
  const std::string csv = "Nom;Prénom\r\nNdiaye;Aïssatou\r\nDiop;Chérif\r\nFall;\"Mariétou\"\r\n";
  const std::string boundary = "----roster-test-boundary";
  std::string body;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"csrf_token", csrf}, {"step", "preview"}, {"csv", ""}}) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cm2a.csv\"\r\n"
          "Content-Type: text/csv\r\n\r\n" +
          csv + "\r\n--" + boundary + "--\r\n";
  const auto before = counts();
  const auto preview = http_request(
      port(), "POST", "/classes/" + class_id_ + "/import",
      {{"Cookie", teacher.cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}},
      body);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("aissatou.ndiaye"), std::string::npos);
  EXPECT_NE(preview.body.find("Chérif Diop"), std::string::npos);
  EXPECT_NE(preview.body.find("name=\"step\" value=\"confirm\""), std::string::npos);
  EXPECT_EQ(counts(), before);  // the preview writes nothing

  const std::string confirm =
      "csrf_token=" + url_encode(csrf) + "&step=confirm&file_name=cm2a.csv&csv=" + url_encode(csv);
  const auto result = http_request(
      port(), "POST", "/classes/" + class_id_ + "/import",
      {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, confirm);
  // Post/Redirect/Get: the summary shows once on the page the redirect leads to.
  ASSERT_EQ(result.status, 303) << result.body;
  const std::string location = result.header("location").value_or("");
  EXPECT_EQ(location, "/classes/" + class_id_ + "/import/result");
  const auto summary = http_get(port(), location, {{"Cookie", teacher.cookie}});
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_NE(summary.body.find("/classes/" + class_id_ + "/cards"), std::string::npos);
  EXPECT_NE(summary.body.find("Chérif Diop"), std::string::npos);
  // Reloaded: back to the class, nothing imported again.
  EXPECT_EQ(http_get(port(), location, {{"Cookie", teacher.cookie}}).status, 303);
  EXPECT_EQ(counts()[0], before[0] + 3);
  EXPECT_EQ(counts()[2], before[2] + 3);  // three printable cards

  // Again: all unchanged, nothing written.
  const auto again = http_request(
      port(), "POST", "/classes/" + class_id_ + "/import",
      {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, confirm);
  ASSERT_EQ(again.status, 303);
  const auto after = counts();
  EXPECT_EQ(after[0], before[0] + 3);
  EXPECT_EQ(http_request(
                port(), "POST", "/classes/" + class_id_ + "/import",
                {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                confirm)
                .status,
            303);
  EXPECT_EQ(counts(), after);
}

TEST_P(RosterHttp, BrokenUploadShowsRowErrorsAndWritesNothing) {
  const Session teacher = login("sn.teacher");
  const auto before = counts();
  // 0x81: a byte that is neither UTF-8 nor Windows-1252.
  const std::string form = "csrf_token=" + url_encode(teacher.csrf) + "&step=confirm&csv=" +
                           url_encode("nom;prenom\nDiop;Awa\nNdiaye;A\x81ssatou\n");
  const auto refused = http_request(
      port(), "POST", "/classes/" + class_id_ + "/import",
      {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, form);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("CSV UTF-8"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("0x81"), std::string::npos) << refused.body;
  EXPECT_EQ(counts(), before);
}

// Excel's "CSV (point-virgule)" on a French Windows: Windows-1252 bytes, ';' and CRLF. The
// preview says how the file was read; confirming writes the names as they were meant.
TEST_P(RosterHttp, ExcelSemicolonWindows1252IsConvertedAndSaysSo) {
  const Session teacher = login("sn.teacher");
  const std::string bytes = "Nom;Pr\xE9nom\r\nNdiaye;A\xEFssatou\r\nSarr;Fran\xE7oise\r\n";
  const auto preview = upload(teacher, "liste excel.csv", bytes);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("Encodage : Windows-1252 (Excel) ; séparateur : point-virgule"),
            std::string::npos)
      << preview.body;
  EXPECT_NE(preview.body.find("Aïssatou Ndiaye"), std::string::npos);
  EXPECT_NE(preview.body.find("Françoise Sarr"), std::string::npos);
  const std::string csv = hidden_value(preview.body, "csv");
  EXPECT_EQ(csv, "Nom;Prénom\r\nNdiaye;Aïssatou\r\nSarr;Françoise\r\n");  // UTF-8 from here on
  EXPECT_EQ(hidden_value(preview.body, "encoding"), "windows-1252");

  const auto before = counts();
  const auto result = http_request(
      port(), "POST", "/classes/" + class_id_ + "/import",
      {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
      "csrf_token=" + url_encode(hidden_value(preview.body, "csrf_token")) +
          "&step=confirm&encoding=windows-1252&file_name=liste.csv&csv=" + url_encode(csv));
  ASSERT_EQ(result.status, 303) << result.body;
  EXPECT_EQ(counts()[0], before[0] + 2);
  auto connection = db().read();
  EXPECT_TRUE(connection->query_one("SELECT id FROM users WHERE display_name = ?",
                                    {std::string("Françoise Sarr")}));
  // The summary the redirect leads to shows the new pupils' picture codes as the pictures,
  // with their names.
  const auto summary =
      http_get(port(), result.header("location").value_or(""), {{"Cookie", teacher.cookie}});
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_NE(summary.body.find("<svg viewBox=\"0 0 100 100\""), std::string::npos);
  EXPECT_NE(summary.body.find("class=\"card-pictures\""), std::string::npos);
}

TEST_P(RosterHttp, Utf8WithBomIsReadAsSuch) {
  const Session teacher = login("sn.teacher");
  const auto preview = upload(teacher, "classe.csv", "\xEF\xBB\xBFnom,prenom\r\nDiop,Chérif\r\n");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("Encodage : UTF-8 (avec marque d’ordre des octets) ; séparateur : "
                              "virgule"),
            std::string::npos)
      << preview.body;
  EXPECT_NE(preview.body.find("Chérif Diop"), std::string::npos);
  EXPECT_EQ(hidden_value(preview.body, "csv").rfind("nom,prenom", 0), 0u);  // no mark left
}

TEST_P(RosterHttp, BlankRowsAndUnknownColumnsAreReported) {
  const Session teacher = login("sn.teacher");
  const auto preview = upload(
      teacher, "classe.csv", "nom;prenom;Classe;;\r\nDiop;Awa;CM2;;\r\n;;;;\r\nFall;Ami;CM2;;\r\n");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("Ligne 3 : ligne vide, ignorée."), std::string::npos) << preview.body;
  EXPECT_NE(preview.body.find("La colonne « Classe » n’est pas reconnue"), std::string::npos);
  // The API tells the same.
  const auto dry = api(teacher, class_id_, "?dry_run=1", "nom,prenom,age\nDiop,Awa,10\n\n");
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json::object plan = json::parse(dry.body).as_object();
  EXPECT_EQ(plan.at("encoding").as_string(), "utf-8");
  EXPECT_EQ(plan.at("separator").as_string(), ",");
  const auto& notices = plan.at("notices").as_array();
  ASSERT_EQ(notices.size(), 1u) << dry.body;  // a trailing empty line is no blank row
  EXPECT_EQ(notices.at(0).at("code").as_string(), "unknown_column");
  EXPECT_EQ(notices.at(0).at("detail").as_string(), "age");
}

// A row with only a last name never becomes a pupil of another class who has that name.
TEST_P(RosterHttp, EmptyFirstNameDoesNotMatchAnotherClassesPupil) {
  const Session head = login("sn.head");
  const auto made = http_request(
      port(), "POST", "/api/v1/schools/DKR001/classes",
      {{"Cookie", head.cookie}, {"X-CSRF-Token", head.csrf}, {"Content-Type", "application/json"}},
      R"({"name": "CM1 B", "level": "cm1"})");
  ASSERT_EQ(made.status / 100, 2) << made.body;
  const std::string other_class =
      db().read()->query_one("SELECT id FROM classes WHERE name = 'CM1 B'")->text(0);
  ASSERT_EQ(api(head, other_class, "", "nom;prenom\nNdiaye;\n").status, 200);
  const auto before = counts();

  const auto refused = api(head, class_id_, "", "nom;prenom\nDiop;Awa\nNdiaye;\n");
  EXPECT_EQ(refused.status, 422) << refused.body;
  const json::object plan = json::parse(refused.body).as_object();
  EXPECT_EQ(plan.at("errors").at(0).at("code").as_string(), "half_name_matches");
  EXPECT_EQ(plan.at("errors").at(0).at("row").as_int64(), 3);
  EXPECT_EQ(counts(), before);

  // The same file again in the class that has that pupil: kept, and said so.
  const auto again = api(head, other_class, "?dry_run=1", "nom;prenom\nNdiaye;\n");
  ASSERT_EQ(again.status, 200) << again.body;
  const json::object same = json::parse(again.body).as_object();
  EXPECT_EQ(same.at("unchanged").as_int64(), 1);
  EXPECT_EQ(same.at("notices").at(0).at("code").as_string(), "half_name_matched");
}

TEST_P(RosterHttp, ApiDryRunThenImport) {
  const Session head = login("sn.head");
  const std::string csv = "first_name,last_name,username\nRose,Sarr,rose\nPaul,Mendy,\n";
  const auto before = counts();
  const auto dry = api(head, class_id_, "?dry_run=1", csv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json::object plan = json::parse(dry.body).as_object();
  EXPECT_EQ(plan.at("created").as_int64(), 2);
  EXPECT_FALSE(plan.at("applied").as_bool());
  EXPECT_EQ(counts(), before);

  EXPECT_EQ(api(head, class_id_, "", csv, false).status, 403);  // no X-CSRF-Token
  EXPECT_EQ(counts(), before);

  const auto done = api(head, class_id_, "", csv);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(json::parse(done.body).at("applied").as_bool());
  EXPECT_EQ(counts()[0], before[0] + 2);

  const auto broken = api(head, class_id_, "", "first_name,last_name\nRose\n");
  EXPECT_EQ(broken.status, 422);
  EXPECT_EQ(json::parse(broken.body).at("errors").at(0).at("row").as_int64(), 2);
  EXPECT_EQ(counts()[0], before[0] + 2);
}

TEST_P(RosterHttp, OthersAreRefusedAlikeAndNothingIsWritten) {
  const std::string csv = "nom;prenom\nDiop;Awa\n";
  const Session other = login("ci.teacher");  // a teacher in Côte d'Ivoire
  const Session editor = login("sn.editor");
  const Session teacher = login("sn.teacher");
  const auto before = counts();
  const std::string made_up = "01890000-0000-7000-8000-000000000000";
  const auto other_page =
      http_get(port(), "/classes/" + class_id_ + "/import", {{"Cookie", other.cookie}});
  const auto absent_page =
      http_get(port(), "/classes/" + made_up + "/import", {{"Cookie", other.cookie}});
  EXPECT_EQ(other_page.status, 404);
  EXPECT_EQ(absent_page.status, 404);
  const auto other_api = api(other, class_id_, "", csv);
  const auto absent_api = api(other, made_up, "", csv);
  EXPECT_EQ(other_api.status, 404);
  EXPECT_EQ(absent_api.status, 404);
  EXPECT_EQ(other_api.body, absent_api.body);
  const std::string form =
      "csrf_token=" + url_encode(other.csrf) + "&step=confirm&csv=" + url_encode(csv);
  EXPECT_EQ(
      http_request(
          port(), "POST", "/classes/" + class_id_ + "/import",
          {{"Cookie", other.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, form)
          .status,
      404);

  // An editor holds no pupils.manage anywhere; signed out is asked to sign in.
  EXPECT_EQ(api(editor, class_id_, "", csv).status, 403);
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/classes/" + class_id_ + "/roster",
                         {{"Content-Type", "text/csv"}}, csv)
                .status,
            401);
  // The class's own teacher without the form's CSRF token.
  EXPECT_EQ(http_request(
                port(), "POST", "/classes/" + class_id_ + "/import",
                {{"Cookie", teacher.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                "step=confirm&csv=" + url_encode(csv))
                .status,
            403);
  EXPECT_EQ(counts(), before);
}

}  // namespace
}  // namespace imaginecole::testing
