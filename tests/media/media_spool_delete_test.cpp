// SPDX-License-Identifier: AGPL-3.0-or-later
// Large uploads written to a spool file instead of memory (real binary, real loopback, SQLite
// and PostgreSQL): stored with the right hash, nothing left in the spool folder after a
// success, a client that goes away, a body over the limit or a broken form. And deleting media:
// files and renditions go, a file a resource needs never does, other countries cannot tell
// the file exists, forms need their CSRF field.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "core/hash.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/sample_media.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Files of the content-addressed store (not its scratch folder).
int stored_files(const fs::path& media) {
  int count = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(media, ec); it != fs::end(it); ++it) {
    if (it->path().parent_path().filename() == "tmp") {
      continue;
    }
    if (it->is_regular_file()) {
      ++count;
    }
  }
  return count;
}

int files_in(const fs::path& folder) {
  int count = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); it != fs::end(it); ++it) {
    ++count;
  }
  return count;
}

// Waits (up to 10 s) until `done` holds; returns whether it did.
template <typename Condition>
bool eventually(Condition done) {
  for (int i = 0; i < 200; ++i) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// A real one-page PDF of about `size` bytes (pseudo-random bytes in a stream): uploads are
// opened by a PDF reader, so a file that only starts like a PDF would be refused.
std::string large_pdf(std::size_t size, unsigned seed) {
  return minimal_pdf(size > 1000 ? size - 1000 : 0, seed);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, got);
  }
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

class MediaSpool : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    // A leftover of a crashed server (its process is gone): removed at start.
    fs::create_directories(spool_dir());
    std::ofstream(spool_dir() / "upload-999999999-AbCdEf") << "half an upload";
    server_ = std::make_unique<ServerProcess>(
        ServerProcess::start(location_, {{"IMAGINECOLE_MEDIA_MAX_IMAGE_BYTES", "1000000"},
                                         {"IMAGINECOLE_MEDIA_MAX_AUDIO_BYTES", "1000000"},
                                         {"IMAGINECOLE_MEDIA_MAX_VIDEO_BYTES", "1000000"},
                                         {"IMAGINECOLE_MEDIA_MAX_DOCUMENT_BYTES", "12000000"}}));
    work_ = test_db().data_dir.path() / "work";
    fs::create_directories(work_);
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }
  fs::path media_dir() { return test_db().data_dir.path() / "media"; }
  fs::path spool_dir() { return test_db().data_dir.path() / "tmp" / "uploads"; }

  std::int64_t count(const std::string& sql) {
    storage::DatabaseConfig config{.data_dir = test_db().data_dir.path(), .url = test_db().url};
    auto database = storage::open_database(config);
    auto connection = database->read();
    return connection->query_one(sql)->integer(0);
  }

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
            {"X-CSRF-Token", std::string(json::parse(response.body).at("csrf_token").as_string())}};
  }

  HttpResponse upload(const Headers& who, const std::string& bytes, const std::string& name) {
    Headers headers = who;
    headers.emplace_back("Content-Type", "application/octet-stream");
    headers.emplace_back("X-Filename", name);
    return http_request(port(), "POST", "/api/v1/media", headers, bytes);
  }

  std::string png(int width, int height) {
    const fs::path file = work_ / ("black-" + std::to_string(width) + ".png");
    EXPECT_EQ(run("vips black " + file.string() + " " + std::to_string(width) + " " +
                  std::to_string(height) + " && echo ok"),
              "ok");
    return read_file(file);
  }

  // The CSRF token of a page's form.
  std::string form_token(const Headers& who, const std::string& target) {
    const auto page = http_get(port(), target, who);
    EXPECT_EQ(page.status, 200) << page.body;
    const std::string marker = "name=\"csrf_token\" value=\"";
    const auto at = page.body.find(marker);
    if (at == std::string::npos) {
      return {};
    }
    return page.body.substr(at + marker.size(),
                            page.body.find('"', at + marker.size()) - at - marker.size());
  }

  std::vector<std::string> location_;
  fs::path work_;
  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(MediaSpool);

TEST_P(MediaSpool, LargeUploadsAreSpooledAndStoredWithTheirHash) {
  EXPECT_EQ(files_in(spool_dir()), 0) << "the crashed server's leftover is removed at start";
  const Headers editor = sign_in("sn.editor");

  // As the raw body of the API.
  const std::string raw = large_pdf(9'000'000, 1);
  const auto sent = upload(editor, raw, "cours.pdf");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string hash(json::parse(sent.body).at("hash").as_string());
  EXPECT_EQ(hash, core::sha256_hex(raw));
  EXPECT_EQ(json::parse(sent.body).at("size").as_int64(), static_cast<std::int64_t>(raw.size()));
  const auto stored = http_get(port(), "/media/" + hash);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(core::sha256_hex(stored.body), hash);

  // As the file of the upload form (multipart, with its CSRF field).
  const std::string file = large_pdf(7'000'000, 2);
  const std::string csrf = form_token(editor, "/edit/media");
  const std::string form =
      "--Bnd42\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + csrf +
      "\r\n--Bnd42\r\nContent-Disposition: form-data; name=\"file\"; filename=\"manuel.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n" +
      file + "\r\n--Bnd42--\r\n";
  const auto posted =
      http_request(port(), "POST", "/edit/media",
                   {editor[0], {"Content-Type", "multipart/form-data; boundary=Bnd42"}}, form);
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 500);
  EXPECT_EQ(posted.header("location"), "/edit/media/" + core::sha256_hex(file));
  EXPECT_EQ(core::sha256_hex(http_get(port(), "/media/" + core::sha256_hex(file)).body),
            core::sha256_hex(file));
  EXPECT_EQ(stored_files(media_dir()), 2);
  EXPECT_TRUE(eventually([&] { return files_in(spool_dir()) == 0; }));
}

TEST_P(MediaSpool, AClientThatGoesAwayMidBodyLeavesNothing) {
  const Headers editor = sign_in("sn.editor");
  const std::string body = large_pdf(4'000'000, 3);
  {
    HttpConnection connection(port());
    std::string head =
        "POST /api/v1/media HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : editor) {
      head += name + ": " + value + "\r\n";
    }
    connection.send_raw(head + "\r\n" + body.substr(0, body.size() / 2));
    // The body is being written to a spool file, not memory.
    EXPECT_TRUE(eventually([&] { return files_in(spool_dir()) == 1; }));
  }  // closed mid-body
  EXPECT_TRUE(eventually([&] { return files_in(spool_dir()) == 0; }));
  EXPECT_EQ(stored_files(media_dir()), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 0);
}

TEST_P(MediaSpool, ABodyOverTheLimitIsRefusedAndNotKept) {
  const Headers editor = sign_in("sn.editor");
  // Chunked: the size is not announced, the limit (12 MB + 64 KiB) is found while reading.
  HttpConnection connection(port());
  std::string head =
      "POST /api/v1/media HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\n"
      "Transfer-Encoding: chunked\r\n";
  for (const auto& [name, value] : editor) {
    head += name + ": " + value + "\r\n";
  }
  connection.send_raw(head + "\r\n");
  const std::string chunk = large_pdf(1 << 20, 4);
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  try {
    for (int i = 0; i < 14; ++i) {
      connection.send_raw(size_line + chunk + "\r\n");
    }
    connection.send_raw("0\r\n\r\n");
  } catch (const std::exception&) {
    // the server may close before everything is sent
  }
  EXPECT_EQ(connection.read_response().status, 413);
  EXPECT_TRUE(eventually([&] { return files_in(spool_dir()) == 0; }));
  EXPECT_EQ(stored_files(media_dir()), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 0);
}

TEST_P(MediaSpool, AFormWhoseBoundaryNeverClosesIsRefused) {
  const Headers editor = sign_in("sn.editor");
  const std::string broken =
      "--Bnd42\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n" +
      large_pdf(3'000'000, 5);
  Headers headers = editor;
  headers.emplace_back("Content-Type", "multipart/form-data; boundary=Bnd42");
  const auto refused = http_request(port(), "POST", "/api/v1/media", headers, broken);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("boundary"), std::string::npos) << refused.body;
  const auto page =
      http_request(port(), "POST", "/edit/media",
                   {editor[0], {"Content-Type", "multipart/form-data; boundary=Bnd42"}}, broken);
  EXPECT_EQ(page.status, 400);
  EXPECT_EQ(stored_files(media_dir()), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 0);
  EXPECT_TRUE(eventually([&] { return files_in(spool_dir()) == 0; }));
}

TEST_P(MediaSpool, DeletingAnUnusedImageRemovesItsFileAndRenditions) {
  const Headers editor = sign_in("sn.editor");
  const auto sent = upload(editor, png(1000, 600), "carte.png");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto body = json::parse(sent.body).as_object();
  const std::string hash(body.at("hash").as_string());
  const std::string rendition(body.at("renditions").at(0).at("url").as_string());
  EXPECT_EQ(stored_files(media_dir()), 5);

  Headers no_csrf = editor;
  no_csrf.pop_back();
  EXPECT_EQ(http_request(port(), "DELETE", "/api/v1/media/" + hash, no_csrf).status, 403);
  EXPECT_EQ(http_get(port(), "/media/" + hash).status, 200);

  const auto deleted = http_request(port(), "DELETE", "/api/v1/media/" + hash, editor);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json::parse(deleted.body).at("files_removed").as_int64(), 5);
  EXPECT_EQ(stored_files(media_dir()), 0);
  EXPECT_EQ(http_get(port(), "/media/" + hash).status, 404);
  EXPECT_EQ(http_get(port(), rendition).status, 404);
  EXPECT_EQ(http_get(port(), "/api/v1/media/" + hash, editor).status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'media.delete'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'media' AND op = 'delete'"), 1);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/v1/media/" + hash, editor).status, 404);

  // The page's form: CSRF field, then the "je confirme" box.
  const auto again = upload(editor, png(200, 100), "petite.png");
  ASSERT_EQ(again.status, 201) << again.body;
  const std::string small(json::parse(again.body).at("hash").as_string());
  const std::string csrf = form_token(editor, "/edit/media/" + small);
  const Headers form = {editor[0], {"Content-Type", "application/x-www-form-urlencoded"}};
  const std::string action = "/edit/media/" + small + "/delete";
  EXPECT_EQ(http_request(port(), "POST", action, form, "confirm=1").status, 403);
  EXPECT_EQ(http_request(port(), "POST", action, form, "confirm=1&csrf_token=nope").status, 403);
  EXPECT_EQ(http_request(port(), "POST", action, form, "csrf_token=" + csrf).status, 400);
  EXPECT_EQ(http_get(port(), "/media/" + small).status, 200);
  const auto done = http_request(port(), "POST", action, form, "confirm=1&csrf_token=" + csrf);
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/edit/media?deleted=1");
  EXPECT_EQ(http_get(port(), "/media/" + small).status, 404);
  EXPECT_EQ(stored_files(media_dir()), 0);
}

TEST_P(MediaSpool, AnImageADraftUsesIsNotDeleted) {
  const Headers editor = sign_in("sn.editor");
  const auto sent = upload(editor, png(1000, 600), "schema.png");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string hash(json::parse(sent.body).at("hash").as_string());
  const json::object draft{{"title", "Le cycle de l'eau"},
                           {"summary", "L'eau circule."},
                           {"body", "Regardez :\n\n![Le schéma](/media/" + hash + ")\n"},
                           {"kind", "lesson"},
                           {"licence", "CC-BY-SA-4.0"},
                           {"authors", json::array{"Awa Diop"}}};
  Headers json_headers = editor;
  json_headers.emplace_back("Content-Type", "application/json");
  const auto created =
      http_request(port(), "POST", "/api/v1/drafts", json_headers, json::serialize(draft));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());

  const auto refused = http_request(port(), "DELETE", "/api/v1/media/" + hash, editor);
  ASSERT_EQ(refused.status, 409) << refused.body;
  const json::value answer = json::parse(refused.body);
  const auto& used_by = answer.at("used_by").as_array();
  ASSERT_EQ(used_by.size(), 1U) << refused.body;
  EXPECT_EQ(used_by[0].at("id").as_string(), id);
  EXPECT_EQ(used_by[0].at("title"), "Le cycle de l'eau");
  EXPECT_EQ(used_by[0].at("versions"), (json::array{1}));
  EXPECT_EQ(stored_files(media_dir()), 5);
  EXPECT_EQ(http_get(port(), "/media/" + hash).status, 200);

  // Version 2 no longer shows it, version 1 still does: still refused.
  json::object v2 = draft;
  v2["body"] = "Sans image.";
  v2["base_version"] = 1;
  ASSERT_EQ(http_request(port(), "PUT", "/api/v1/resources/" + id + "/draft", json_headers,
                         json::serialize(v2))
                .status,
            200);
  const std::string csrf = form_token(editor, "/edit/media/" + hash);
  const auto page = http_request(port(), "POST", "/edit/media/" + hash + "/delete",
                                 {editor[0], {"Content-Type", "application/x-www-form-urlencoded"}},
                                 "confirm=1&csrf_token=" + csrf);
  EXPECT_EQ(page.status, 409);
  EXPECT_NE(page.body.find("Le cycle de l&apos;eau"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("/edit/resources/" + id), std::string::npos);
  EXPECT_EQ(stored_files(media_dir()), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'media.delete'"), 0);
}

TEST_P(MediaSpool, AnotherCountryCannotTellTheFileExists) {
  const auto sent = upload(sign_in("sn.editor"), png(200, 100), "senegal.png");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string hash(json::parse(sent.body).at("hash").as_string());
  const Headers foreign = sign_in("ci.editor");
  const auto theirs = http_request(port(), "DELETE", "/api/v1/media/" + hash, foreign);
  const auto absent =
      http_request(port(), "DELETE", "/api/v1/media/" + std::string(64, 'a'), foreign);
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(theirs.status, absent.status);
  EXPECT_EQ(theirs.body, absent.body);

  const std::string csrf = form_token(foreign, "/edit/media");
  const Headers form = {foreign[0], {"Content-Type", "application/x-www-form-urlencoded"}};
  const auto page = http_request(port(), "POST", "/edit/media/" + hash + "/delete", form,
                                 "confirm=1&csrf_token=" + csrf);
  const auto absent_page =
      http_request(port(), "POST", "/edit/media/" + std::string(64, 'a') + "/delete", form,
                   "confirm=1&csrf_token=" + csrf);
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(absent_page.status, 404);
  // The pages differ only by the address they were asked at (language links repeat it).
  std::string same = page.body;
  for (auto at = same.find(hash); at != std::string::npos; at = same.find(hash)) {
    same.replace(at, hash.size(), std::string(64, 'a'));
  }
  EXPECT_EQ(same, absent_page.body);
  // Their page of the file has no delete form.
  EXPECT_EQ(http_get(port(), "/edit/media/" + hash, foreign).body.find("/delete"),
            std::string::npos);
  EXPECT_EQ(http_get(port(), "/media/" + hash).status, 200);
  EXPECT_EQ(stored_files(media_dir()), 1);
}

}  // namespace
}  // namespace imaginecole::testing
