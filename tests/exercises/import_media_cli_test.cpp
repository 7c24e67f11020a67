// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole import questions` with pictures, through the real binary and the real media
// library, on SQLite and PostgreSQL: Moodle XML with embedded files, QTI packages (folder and
// .zip), the --json report (its "warnings" key only when there are some), the size limit, what
// broken pictures leave behind (nothing), a .zip package uploaded on the import page, and a
// package over the import's budget refused whole on both.
#include <gtest/gtest.h>
#include <zip.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/hash.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

const std::filesystem::path kData =
    std::filesystem::path(IMAGINECOLE_SOURCE_DIR) / "tests/exercises/data";

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

const std::string kNoAlt = " has no alternative text: add one for pupils who cannot see it";

class ImportMediaCli : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    demo_media_ = pictures();
  }
  CommandResult import(const std::filesystem::path& file, const std::string& format,
                       const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {"import", "questions", file.string(), "--format",
                                     format,   "--country", "SN",          "--json"};
    args.insert(args.end(), location_.begin(), location_.end());
    return run_imaginecole(args, env);
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
  // Imported questions and stored pictures, beside the demo's own.
  std::int64_t questions() {
    return count("SELECT COUNT(*) FROM questions WHERE source NOT LIKE 'demo:%'");
  }
  std::int64_t pictures() { return count("SELECT COUNT(*) FROM media") - demo_media_; }
  std::size_t files_in_media_store() {
    std::size_t files = 0;
    const auto root = test_db().data_dir.path() / "media";
    if (std::filesystem::exists(root)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        files += entry.is_regular_file() ? 1 : 0;
      }
    }
    return files;
  }

  std::vector<std::string> location_;
  std::int64_t demo_media_ = 0;
};

TEST_P(ImportMediaCli, MoodlePicturesGoToTheMediaLibraryAndBrokenOnesAreReported) {
  const auto result = import(kData / "images_moodle.xml", "moodle-xml");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(result.out), json::parse(R"j({"imported": 2, "skipped": [
      {"index": 2, "name": "Base64 tronqué",
       "reason": "the picture \"coupe.png\" is damaged (its base64 text is broken)"},
      {"index": 3, "name": "Page HTML",
       "reason": "the picture \"page.png\" was refused: it is not a JPEG, PNG, WebP or GIF image"},
      {"index": 4, "name": "Nom dangereux",
       "reason": "an embedded file has a name that is not allowed: \"../x.png\""},
      {"index": 5, "name": "Fichier absent",
       "reason": "the picture \"absent.png\" is not carried by the question"}],
    "warnings": [{"index": 1, "name": "Carte",
                  "warning": "the picture \"vert clair.png\")j" +
                                                 kNoAlt + R"j("}]})j"))
      << result.out;
  const std::string red = core::sha256_hex(read_bytes(kData / "qti_package/images/carte.png"));
  EXPECT_EQ(questions(), 2);
  EXPECT_EQ(pictures(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media WHERE hash = '" + red +
                  "' AND country_code = 'SN' AND original_name = 'carte.png'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE body LIKE '%](/media/" + red + ")%'"), 1);

  // Again: the same pictures are not stored twice.
  ASSERT_EQ(import(kData / "images_moodle.xml", "moodle-xml").exit_code, 0);
  EXPECT_EQ(pictures(), 2);

  // The human report shows the warning under its question.
  std::vector<std::string> args = {"import",   "questions",  (kData / "images_moodle.xml").string(),
                                   "--format", "moodle-xml", "--country",
                                   "SN"};
  args.insert(args.end(), location_.begin(), location_.end());
  const auto text = run_imaginecole(args);
  EXPECT_NE(text.out.find("          warning: the picture \"vert clair.png\"" + kNoAlt),
            std::string::npos)
      << text.out;
}

TEST_P(ImportMediaCli, APictureOverTheSizeLimitSkipsItsQuestionAndStoresNothing) {
  const std::size_t before = files_in_media_store();
  const auto result = import(kData / "images_moodle.xml", "moodle-xml",
                             {{"IMAGINECOLE_MEDIA_MAX_IMAGE_BYTES", "70"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json::value report = json::parse(result.out);
  EXPECT_EQ(report.at("imported").as_int64(), 1);
  EXPECT_EQ(
      report.at("skipped").at(0).at("reason").as_string(),
      "the picture \"carte.png\" was refused: it is larger than the limit for images (70 bytes)");
  EXPECT_FALSE(report.as_object().contains("warnings"));
  EXPECT_EQ(pictures(), 0);
  EXPECT_EQ(files_in_media_store(), before);
}

TEST_P(ImportMediaCli, QtiPackagesImportFromAFolderOrAZip) {
  for (const std::string package : {"qti_package", "qti_package.zip"}) {
    const auto result = import(kData / package, "qti");
    ASSERT_EQ(result.exit_code, 0) << package << ": " << result.err;
    const json::value report = json::parse(result.out);
    EXPECT_EQ(report.at("imported").as_int64(), 3) << package << ": " << result.out;
    EXPECT_EQ(report.at("skipped").as_array().size(), 5U) << package;
    EXPECT_EQ(
        report.at("warnings"),
        json::parse(R"([{"index": 3, "name": "Le fleuve", "warning": "the picture \"fleuve.png\")" +
                    kNoAlt + R"("}])"))
        << package;
    EXPECT_EQ(report.at("skipped").at(1).at("reason").as_string(),
              "the picture \"../../../../../etc/passwd\" is outside the package");
  }
  EXPECT_EQ(questions(), 6);
  EXPECT_EQ(pictures(), 2);  // carte.png and fleuve.png, once each
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions WHERE body LIKE '%\"fill_blanks\"%' AND source "
                  "NOT LIKE 'demo:%'"),
            2);
}

TEST_P(ImportMediaCli, UnreadablePackagesWriteNothing) {
  const std::size_t before = files_in_media_store();
  const std::filesystem::path dir = test_db().data_dir.path() / "paquet";
  std::filesystem::create_directories(dir);
  const std::string zip = read_bytes(kData / "qti_package.zip");
  std::ofstream(dir / "coupe.zip", std::ios::binary) << zip.substr(0, zip.size() / 2);
  const auto truncated = import(dir / "coupe.zip", "qti");
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_NE(truncated.err.find("the zip archive cannot be read"), std::string::npos)
      << truncated.err;
  const auto no_manifest = import(dir, "qti");
  EXPECT_EQ(no_manifest.exit_code, 2);
  EXPECT_NE(no_manifest.err.find("the package has no imsmanifest.xml"), std::string::npos)
      << no_manifest.err;
  EXPECT_EQ(questions(), 0);
  EXPECT_EQ(pictures(), 0);
  EXPECT_EQ(files_in_media_store(), before);
}

TEST_P(ImportMediaCli, TheImportPageTakesAZipPackage) {
  ServerProcess server = ServerProcess::start(location_);
  const auto login = http_request(server.port(), "POST", "/api/v1/auth/login",
                                  {{"Content-Type", "application/json"}},
                                  R"({"username": "sn.editor", "password": "ecole-demo"})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie;
  for (const auto& [name, value] : login.headers) {
    if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
      cookie = value.substr(0, value.find(';'));
    }
  }
  const auto page =
      http_request(server.port(), "GET", "/edit/questions/import", {{"Cookie", cookie}});
  ASSERT_EQ(page.status, 200);
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page.body.substr(
      at + marker.size(), page.body.find('"', at + marker.size()) - at - marker.size());
  const std::string boundary = "----pictures";
  std::string body;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"csrf_token", csrf}, {"country", "SN"}, {"format", "qti"}}) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"paquet.zip\"\r\n"
          "Content-Type: application/zip\r\n\r\n" +
          read_bytes(kData / "qti_package.zip") + "\r\n--" + boundary + "--\r\n";
  const auto posted = http_request(
      server.port(), "POST", "/edit/questions/import",
      {{"Cookie", cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}}, body);
  ASSERT_EQ(posted.status, 303) << posted.body;
  const auto report = http_request(server.port(), "GET", posted.header("location").value_or(""),
                                   {{"Cookie", cookie}});
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("is outside the package"), std::string::npos);
  EXPECT_NE(report.body.find("has no alternative text"), std::string::npos);
  EXPECT_EQ(questions(), 3);
  EXPECT_EQ(pictures(), 2);
  const std::string red = core::sha256_hex(read_bytes(kData / "qti_package/images/carte.png"));
  // Recorded as the editor's upload, for the country.
  EXPECT_EQ(count("SELECT COUNT(*) FROM media m JOIN users u ON u.id = m.uploaded_by WHERE "
                  "u.username = 'sn.editor' AND m.country_code = 'SN' AND m.hash = '" +
                  red + "'"),
            1);
  // The question's page renders the picture from the library.
  auto connection = db().read();
  const std::string id =
      connection->query_one("SELECT id FROM questions WHERE name = 'La carte'")->text(0);
  const auto question =
      http_request(server.port(), "GET", "/edit/questions/" + id, {{"Cookie", cookie}});
  ASSERT_EQ(question.status, 200);
  EXPECT_NE(question.body.find("/media/" + red), std::string::npos);
  EXPECT_NE(question.body.find("Carte du Sénégal en rouge"), std::string::npos);
}

// A manifest that lists one item ten thousand times, beside that item, in `dir`; and the
// same as a .zip (written with libzip).
std::string write_greedy_package(const std::filesystem::path& dir) {
  std::string manifest =
      "<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" "
      "identifier=\"m\"><resources>\n";
  for (int i = 0; i < 10'000; ++i) {
    manifest += "<resource identifier=\"r" + std::to_string(i) +
                "\" type=\"imsqti_item_xmlv2p1\" href=\"items/saisons.xml\"/>\n";
  }
  manifest += "</resources></manifest>\n";
  const std::string item = read_bytes(kData / "qti_package/items/saisons.xml");
  std::filesystem::create_directories(dir / "items");
  std::ofstream(dir / "imsmanifest.xml", std::ios::binary) << manifest;
  std::ofstream(dir / "items/saisons.xml", std::ios::binary) << item;
  const std::filesystem::path zip_path = dir.parent_path() / "gourmand.zip";
  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  zip_file_add(archive, "imsmanifest.xml",
               zip_source_buffer(archive, manifest.data(), manifest.size(), 0), 0);
  zip_file_add(archive, "items/saisons.xml",
               zip_source_buffer(archive, item.data(), item.size(), 0), 0);
  EXPECT_EQ(zip_close(archive), 0);
  return read_bytes(zip_path);
}

TEST_P(ImportMediaCli, APackageOverTheBudgetIsRefusedWholeByTheCommandAndThePage) {
  const std::filesystem::path dir = test_db().data_dir.path() / "gourmand";
  const std::string zip = write_greedy_package(dir);
  const std::string limit = "more than the limit of 5000 questions for one import";
  const auto refused = import(dir, "qti");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(limit), std::string::npos) << refused.err;
  EXPECT_EQ(questions(), 0);

  ServerProcess server = ServerProcess::start(location_);
  const auto login = http_request(server.port(), "POST", "/api/v1/auth/login",
                                  {{"Content-Type", "application/json"}},
                                  R"({"username": "sn.editor", "password": "ecole-demo"})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie;
  for (const auto& [name, value] : login.headers) {
    if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
      cookie = value.substr(0, value.find(';'));
    }
  }
  const std::string csrf(json::parse(login.body).at("csrf_token").as_string());
  const std::string boundary = "----gourmand";
  std::string body;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"csrf_token", csrf}, {"country", "SN"}, {"format", "qti"}}) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gourmand.zip\"\r\n"
          "Content-Type: application/zip\r\n\r\n" +
          zip + "\r\n--" + boundary + "--\r\n";
  const auto started = std::chrono::steady_clock::now();
  const auto page = http_request(
      server.port(), "POST", "/edit/questions/import",
      {{"Cookie", cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}}, body);
  EXPECT_EQ(page.status, 413) << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find(limit), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(questions(), 0);
}

IMAGINECOLE_ON_BOTH_BACKENDS(ImportMediaCli);

}  // namespace
}  // namespace imaginecole::testing
