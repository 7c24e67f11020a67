// SPDX-License-Identifier: AGPL-3.0-or-later
// Uploads judged beyond their first bytes (issue 10, item 8), over real HTTP to the real
// binary: a PDF, MP3, Ogg or MP4 header followed by garbage is refused with 415 and leaves
// nothing in the store, while real small files (a PDF written by hand, sounds and a video made
// by ffmpeg) are accepted; without ffprobe sounds and videos are refused, never stored
// unchecked; and bytes that another country already uploaded never show that country's file
// name to the second uploader.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <random>

#include "media/media_library.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/sample_media.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string garbage(std::size_t size, unsigned seed) {
  std::string out;
  std::mt19937 random(seed);
  while (out.size() < size) {
    out.push_back(static_cast<char>(random() & 0xff));
  }
  return out;
}

// Files of the content-addressed store (not its scratch folder).
int stored_files(const fs::path& media) {
  int count = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(media, ec); it != fs::end(it); ++it) {
    if (it->path().parent_path().filename() != "tmp" && it->is_regular_file()) {
      ++count;
    }
  }
  return count;
}

class UploadChecks : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    start_server({});
    work_ = test_db().data_dir.path() / "work";
    fs::create_directories(work_);
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  void start_server(const std::map<std::string, std::string>& env) {
    server_.reset();
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_, env));
  }
  std::uint16_t port() const { return server_->port(); }
  fs::path media_dir() { return test_db().data_dir.path() / "media"; }

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

  HttpResponse upload(const Headers& who, const std::string& bytes, const std::string& name,
                      const std::string& query = {}) {
    Headers headers = who;
    headers.emplace_back("Content-Type", "application/octet-stream");
    headers.emplace_back("X-Filename", name);
    return http_request(port(), "POST", "/api/v1/media" + query, headers, bytes);
  }

  std::vector<std::string> location_;
  fs::path work_;
  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(UploadChecks);

TEST_P(UploadChecks, APdfHeaderFollowedByGarbageIsRefusedAndARealPdfIsAccepted) {
  const Headers editor = sign_in("sn.editor");
  const auto fake = upload(editor, "%PDF-1.7\n" + garbage(20'000, 1), "cours.pdf");
  EXPECT_EQ(fake.status, 415) << fake.body;
  EXPECT_NE(fake.body.find("PDF est illisible"), std::string::npos) << fake.body;
  EXPECT_EQ(stored_files(media_dir()), 0);

  const auto real = upload(editor, minimal_pdf(), "cours.pdf");
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(json::parse(real.body).at("type"), "application/pdf");
  EXPECT_EQ(stored_files(media_dir()), 1);
}

TEST_P(UploadChecks, SoundAndVideoHeadersFollowedByGarbageAreRefused) {
  const Headers editor = sign_in("sn.editor");
  const std::vector<std::pair<std::string, std::string>> fakes{
      {"chanson.mp3", std::string("ID3\x03\x00\x00\x00\x00\x00\x00", 10) + garbage(20'000, 2)},
      {"trame.mp3", std::string("\xff\xfb\x90\x00", 4) + garbage(20'000, 3)},
      {"conte.ogg", std::string("OggS\x00\x02", 6) + std::string(22, '\0') +
                        std::string("\x01vorbis", 7) + garbage(20'000, 4)},
      {"film.mp4", std::string("\x00\x00\x00\x18"
                               "ftypisom\x00\x00\x02\x00isomiso2",
                               24) +
                       garbage(20'000, 5)},
      {"son.m4a", std::string("\x00\x00\x00\x18"
                              "ftypM4A \x00\x00\x02\x00isomiso2",
                              24) +
                      garbage(20'000, 6)},
      {"film.webm", std::string("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", 16) +
                        garbage(20'000, 7)},
      {"voix.wav", std::string("RIFF\x10\x00\x00\x00WAVE", 12) + garbage(20'000, 8)}};
  for (const auto& [name, bytes] : fakes) {
    const auto response = upload(editor, bytes, name);
    EXPECT_EQ(response.status, 415) << name << ": " << response.body;
    EXPECT_NE(response.body.find("illisible"), std::string::npos) << name << ": " << response.body;
  }
  EXPECT_EQ(stored_files(media_dir()), 0);
}

TEST_P(UploadChecks, RealSoundsAndVideosMadeByFfmpegAreAccepted) {
  if (media::find_on_path("ffmpeg").empty() || media::find_on_path("ffprobe").empty()) {
    GTEST_SKIP() << "ffmpeg is not installed: real sounds and videos cannot be made";
  }
  const Headers editor = sign_in("sn.editor");
  const std::string sine = "-f lavfi -i sine=frequency=440:duration=0.5";
  const std::vector<std::tuple<std::string, std::string, std::string>> files{
      {"la.mp3", sine + " -c:a libmp3lame -b:a 32k", "audio/mpeg"},
      {"la.ogg", sine + " -c:a libvorbis", "audio/ogg"},
      {"la.wav", sine, "audio/wav"},
      {"mire.mp4",
       "-f lavfi -i testsrc=size=64x48:rate=5:duration=0.4 -pix_fmt yuv420p -c:v libx264",
       "video/mp4"}};
  for (const auto& [name, arguments, type] : files) {
    const std::string bytes = made_by_ffmpeg(arguments, work_ / name);
    ASSERT_FALSE(bytes.empty()) << "ffmpeg could not make " << name;
    const auto response = upload(editor, bytes, name);
    ASSERT_EQ(response.status, 201) << name << ": " << response.body;
    const auto body = json::parse(response.body);
    EXPECT_EQ(body.at("type").as_string(), type) << name;
    EXPECT_GT(body.at("duration_ms").as_int64(), 0) << name;
  }
}

TEST_P(UploadChecks, WithoutFfprobeSoundsAreRefusedNotStoredUnchecked) {
  if (media::find_on_path("ffmpeg").empty()) {
    GTEST_SKIP() << "ffmpeg is not installed: a real sound cannot be made";
  }
  const std::string sound =
      made_by_ffmpeg("-f lavfi -i sine=duration=0.5 -c:a libmp3lame", work_ / "la.mp3");
  ASSERT_FALSE(sound.empty());
  start_server({{"IMAGINECOLE_FFPROBE", (work_ / "no-ffprobe-here").string()}});
  const auto response = upload(sign_in("sn.editor"), sound, "la.mp3");
  EXPECT_EQ(response.status, 415) << response.body;
  EXPECT_NE(response.body.find("ffprobe"), std::string::npos) << response.body;
  EXPECT_EQ(stored_files(media_dir()), 0);
}

TEST_P(UploadChecks, SameBytesFromAnotherCountryNeverShowTheFirstCountrysFileName) {
  const std::string pdf = minimal_pdf(1000, 9);
  const auto first = upload(sign_in("sn.editor"), pdf, "Sujet BFEM 2026 confidentiel.pdf");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(json::parse(first.body).at("original_name"), "Sujet BFEM 2026 confidentiel.pdf");

  const Headers ivorian = sign_in("ci.editor");
  const auto second = upload(ivorian, pdf, "fiche.pdf");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.body.find("BFEM"), std::string::npos) << second.body;
  EXPECT_EQ(second.body.find("\"SN\""), std::string::npos) << second.body;
  EXPECT_EQ(json::parse(second.body).at("original_name"), "fiche.pdf");

  // The upload form: no redirect to a page this editor may not see, no name either.
  const std::string token = ivorian[1].second;
  const std::string form =
      "--Bnd7\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token +
      "\r\n--Bnd7\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fiche.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n" +
      pdf + "\r\n--Bnd7--\r\n";
  Headers headers{ivorian[0], {"Content-Type", "multipart/form-data; boundary=Bnd7"}};
  const auto page = http_request(port(), "POST", "/edit/media", headers, form);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.body.find("BFEM"), std::string::npos);
  const std::string hash(json::parse(first.body).at("hash").as_string());
  EXPECT_NE(page.body.find("/media/" + hash), std::string::npos);
  // The first country still sees its own name.
  const auto own = http_get(port(), "/api/v1/media/" + hash, sign_in("sn.editor"));
  EXPECT_EQ(json::parse(own.body).at("original_name"), "Sujet BFEM 2026 confidentiel.pdf");
}

}  // namespace
}  // namespace imaginecole::testing
