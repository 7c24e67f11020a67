// SPDX-License-Identifier: AGPL-3.0-or-later
// Uploads over real HTTP to the real binary, on SQLite and PostgreSQL: who may upload, files
// whose names lie about their content, size limits (per kind and for the whole body), the same
// bytes stored once, image renditions checked with vipsheader, and the low-bitrate video made
// by ffmpeg in the background (also after a restart, and skipped when ffmpeg is absent).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "media/media_library.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs a shell command; returns its standard output (empty on failure).
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
  if (pclose(pipe) != 0) {
    return {};
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

bool have_ffmpeg() {
  return !media::find_on_path("ffmpeg").empty();
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

class MediaHttp : public DemoBackendTest {
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
  void start_server(std::map<std::string, std::string> env) {
    server_.reset();
    env.emplace("IMAGINECOLE_MEDIA_MAX_IMAGE_BYTES", "1000000");
    env.emplace("IMAGINECOLE_MEDIA_MAX_VIDEO_BYTES", "3000000");
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_, env));
  }
  std::uint16_t port() const { return server_->port(); }
  fs::path media_dir() { return test_db().data_dir.path() / "media"; }

  Headers sign_in(const std::string& username, const std::string& password = "ecole-demo") {
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": ")" + username + R"(", "password": ")" + password + "\"}");
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
                      const std::string& claimed_type = "application/octet-stream") {
    Headers headers = who;
    headers.emplace_back("Content-Type", claimed_type);
    headers.emplace_back("X-Filename", name);
    return http_request(port(), "POST", "/api/v1/media", headers, bytes);
  }

  // A PNG made by libvips' command line.
  std::string png(int width, int height) {
    const fs::path file = work_ / ("black-" + std::to_string(width) + ".png");
    EXPECT_EQ(run("vips black " + file.string() + " " + std::to_string(width) + " " +
                  std::to_string(height) + " && echo ok"),
              "ok");
    return read_file(file);
  }

  // A one-second video (with sound) made by ffmpeg itself.
  std::string tiny_video() {
    const fs::path file = work_ / "tiny.mp4";
    EXPECT_EQ(run("ffmpeg -nostdin -y -loglevel error -f lavfi -i "
                  "testsrc=duration=1:size=160x120:rate=10 -f lavfi -i sine=duration=1 "
                  "-c:v libx264 -pix_fmt yuv420p -c:a aac -shortest " +
                  file.string() + " && echo ok"),
              "ok");
    return read_file(file);
  }

  json::object wait_for_job(const Headers& who, const std::string& hash) {
    json::object last;
    for (int i = 0; i < 240; ++i) {
      const auto response = http_get(port(), "/api/v1/media/" + hash, who);
      EXPECT_EQ(response.status, 200) << response.body;
      last = json::parse(response.body).as_object();
      if (last.at("job").is_object()) {
        const auto state = last.at("job").at("state").as_string();
        if (state == "done" || state == "failed" || state == "skipped") {
          return last;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return last;
  }

  std::vector<std::string> location_;
  fs::path work_;
  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(MediaHttp);

TEST_P(MediaHttp, OnlyEditorsTeachersAndAdminsMayUpload) {
  const std::string image = png(100, 50);
  EXPECT_EQ(upload({}, image, "a.png").status, 401);
  EXPECT_EQ(upload(sign_in("sn.analyst"), image, "a.png").status, 403);
  EXPECT_EQ(upload(sign_in("sn.reviewer"), image, "a.png").status, 403);
  Headers no_csrf = sign_in("sn.editor");
  no_csrf.pop_back();
  EXPECT_EQ(upload(no_csrf, image, "a.png").status, 403);
  EXPECT_EQ(http_get(port(), "/edit/media", sign_in("sn.analyst")).status, 403);
  EXPECT_EQ(stored_files(media_dir()), 0);

  EXPECT_EQ(upload(sign_in("sn.teacher"), image, "a.png").status, 201);
  EXPECT_EQ(http_get(port(), "/edit/media", sign_in("sn.teacher")).status, 200);
}

TEST_P(MediaHttp, FilesWhoseNamesLieAreJudgedByTheirBytes) {
  const Headers editor = sign_in("sn.editor");
  const auto html = upload(editor, "<!DOCTYPE html><html><script>alert(1)</script></html>",
                           "photo.jpg", "image/jpeg");
  EXPECT_EQ(html.status, 415);
  EXPECT_NE(html.body.find("page HTML"), std::string::npos) << html.body;
  EXPECT_NE(html.body.find("photo.jpg"), std::string::npos) << html.body;
  const auto svg = upload(editor,
                          "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
                          "onload=\"alert(1)\"></svg>",
                          "dessin.png", "image/png");
  EXPECT_EQ(svg.status, 415);
  EXPECT_NE(svg.body.find("SVG"), std::string::npos) << svg.body;
  const auto exe = upload(editor, std::string("MZ\x90\x00\x03", 5) + std::string(200, 'x'),
                          "cours.pdf", "application/pdf");
  EXPECT_EQ(exe.status, 415);
  EXPECT_NE(exe.body.find("programme Windows"), std::string::npos) << exe.body;
  EXPECT_EQ(upload(editor, "just some text", "notes.mp3", "audio/mpeg").status, 415);
  EXPECT_EQ(upload(editor, "", "vide.png").status, 400);
  EXPECT_EQ(stored_files(media_dir()), 0);

  // A real PNG called notes.txt is a PNG.
  const auto honest = upload(editor, png(100, 50), "notes.txt", "text/plain");
  ASSERT_EQ(honest.status, 201) << honest.body;
  const auto body = json::parse(honest.body);
  EXPECT_EQ(body.at("type"), "image/png");
  EXPECT_EQ(body.at("original_name"), "notes.txt");
  const auto served = http_get(port(), std::string(body.at("url").as_string()));
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.header("content-type"), "image/png");
  EXPECT_EQ(served.header("x-content-type-options"), "nosniff");
}

TEST_P(MediaHttp, SizeLimitsPerKindAndPerBodyStoreNothing) {
  const Headers editor = sign_in("sn.editor");
  // A PNG signature followed by 1.2 MB: over the 1 MB image limit, under the body limit.
  const std::string big_image = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(1'200'000, 'x');
  const auto too_big = upload(editor, big_image, "grande.png");
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.body.find("trop gros"), std::string::npos) << too_big.body;
  EXPECT_NE(too_big.body.find("les images"), std::string::npos) << too_big.body;

  // A body announced larger than any kind may be: refused before it is read.
  HttpConnection connection(port());
  std::string head =
      "POST /api/v1/media HTTP/1.1\r\nHost: t\r\nContent-Type: video/mp4\r\n"
      "Content-Length: 50000000\r\n";
  for (const auto& [name, value] : editor) {
    head += name + ": " + value + "\r\n";
  }
  connection.send_raw(head + "\r\n");
  EXPECT_EQ(connection.read_response().status, 413);
  EXPECT_EQ(stored_files(media_dir()), 0);
}

TEST_P(MediaHttp, SameBytesAreStoredOnceAndBrokenImagesNotAtAll) {
  const Headers editor = sign_in("sn.editor");
  const std::string image = png(200, 100);  // smaller than 320: no renditions
  const auto first = upload(editor, image, "un.png");
  ASSERT_EQ(first.status, 201) << first.body;
  const int files = stored_files(media_dir());
  EXPECT_EQ(files, 1);
  const auto second = upload(sign_in("ci.editor"), image, "deux.png");
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body).at("hash"), json::parse(first.body).at("hash"));
  // Another country's record: its uploader is shown the name they sent, never the first one.
  EXPECT_EQ(json::parse(second.body).at("original_name"), "deux.png");
  EXPECT_EQ(stored_files(media_dir()), files);

  // A valid header over broken pixels: refused with a reason, nothing stored.
  const std::string real = png(800, 600);
  const auto broken = upload(editor, real.substr(0, real.size() / 2), "cassee.png");
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_NE(broken.body.find("image"), std::string::npos);
  EXPECT_EQ(stored_files(media_dir()), files);
}

TEST_P(MediaHttp, ImagesGetWebpAndJpegRenditionsOf320And640Pixels) {
  const Headers editor = sign_in("sn.editor");
  const auto response = upload(editor, png(1000, 600), "carte.png");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("width"), 1000);
  EXPECT_EQ(body.at("height"), 600);
  const auto& renditions = body.at("renditions").as_array();
  ASSERT_EQ(renditions.size(), 4U);
  std::map<std::string, int> widths;
  for (const auto& rendition : renditions) {
    const auto fetched = http_get(port(), std::string(rendition.at("url").as_string()));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.header("content-type"), std::string(rendition.at("type").as_string()));
    EXPECT_EQ(fetched.header("cache-control"), "public, max-age=31536000, immutable");
    const std::string variant(rendition.at("variant").as_string());
    const fs::path file = work_ / variant;
    write_file(file, fetched.body);
    widths[variant] = std::atoi(run("vipsheader -f width " + file.string()).c_str());
    EXPECT_EQ(std::atoi(run("vipsheader -f height " + file.string()).c_str()),
              variant.starts_with("w320") ? 192 : 384);
  }
  EXPECT_EQ(widths,
            (std::map<std::string, int>{
                {"w320.jpg", 320}, {"w320.webp", 320}, {"w640.jpg", 640}, {"w640.webp", 640}}));
  const std::string hash(body.at("hash").as_string());
  const auto by_name = http_get(port(), "/media/" + hash + "/w320.webp");
  EXPECT_EQ(by_name.status, 200);
  EXPECT_EQ(by_name.header("content-type"), "image/webp");
  EXPECT_EQ(http_get(port(), "/media/" + hash + "/w999.webp").status, 404);
  EXPECT_EQ(stored_files(media_dir()), 5);

  // The page of the file shows the Markdown line to copy.
  const auto page = http_get(port(), "/edit/media/" + hash, editor);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("](/media/" + hash + ")"), std::string::npos);
}

TEST_P(MediaHttp, TheUploadFormSendsMultipartWithItsCsrfField) {
  const Headers editor = sign_in("sn.editor");
  const auto page = http_get(port(), "/edit/media", editor);
  ASSERT_EQ(page.status, 200);
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page.body.substr(
      at + marker.size(), page.body.find('"', at + marker.size()) - at - marker.size());
  const std::string image = png(120, 80);
  const auto form = [&](const std::string& token) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token +
           "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\docs\\\\"
           "classe.png\"\r\nContent-Type: image/png\r\n\r\n" +
           image + "\r\n--XyZ--\r\n";
  };
  const Headers headers = {editor[0], {"Content-Type", "multipart/form-data; boundary=XyZ"}};
  EXPECT_EQ(http_request(port(), "POST", "/edit/media", headers, form("wrong")).status, 403);
  const auto sent = http_request(port(), "POST", "/edit/media", headers, form(csrf));
  ASSERT_EQ(sent.status, 303) << sent.body;
  const std::string location = sent.header("location").value_or("");
  EXPECT_TRUE(location.starts_with("/edit/media/")) << location;
  const auto shown = http_get(port(), location, editor);
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("classe.png"), std::string::npos);
  const auto listed = http_get(port(), "/edit/media", editor);
  EXPECT_NE(listed.body.find("classe.png"), std::string::npos);
}

TEST_P(MediaHttp, VideoGetsALowBitrateRenditionInTheBackground) {
  if (!have_ffmpeg()) {
    GTEST_SKIP() << "ffmpeg is not installed";
  }
  const Headers editor = sign_in("sn.editor");
  const auto response = upload(editor, tiny_video(), "germination.mp4");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "video/mp4");
  EXPECT_EQ(body.at("video_jobs_available"), true);
  EXPECT_EQ(body.at("width"), 160);
  const std::string hash(body.at("hash").as_string());
  const auto page = http_get(port(), "/edit/media/" + hash, editor);
  EXPECT_EQ(page.status, 200);

  const auto finished = wait_for_job(editor, hash);
  ASSERT_EQ(finished.at("job").at("state"), "done") << json::serialize(finished);
  EXPECT_EQ(finished.at("job").at("progress"), 100);
  const auto& renditions = finished.at("renditions").as_array();
  ASSERT_EQ(renditions.size(), 1U);
  EXPECT_EQ(renditions[0].at("variant"), "low.mp4");
  const auto low = http_get(port(), std::string(renditions[0].at("url").as_string()));
  ASSERT_EQ(low.status, 200);
  const fs::path file = work_ / "low.mp4";
  write_file(file, low.body);
  EXPECT_EQ(run("ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of "
                "default=noprint_wrappers=1:nokey=1 " +
                file.string()),
            "h264");
  EXPECT_EQ(run("ffprobe -v error -select_streams v:0 -show_entries stream=height -of "
                "default=noprint_wrappers=1:nokey=1 " +
                file.string()),
            "120");
  const auto done_page = http_get(port(), "/edit/media/" + hash, editor);
  EXPECT_EQ(done_page.header("refresh"), std::nullopt);
}

TEST_P(MediaHttp, WithoutFfmpegTheJobIsSkippedAndARestartPicksUpUnfinishedJobs) {
  if (!have_ffmpeg()) {
    GTEST_SKIP() << "ffmpeg is not installed";
  }
  const std::string video = tiny_video();
  // No ffmpeg on PATH; ffprobe, which checks every uploaded video, named directly.
  start_server({{"PATH", "/nonexistent"}, {"IMAGINECOLE_FFPROBE", media::find_on_path("ffprobe")}});
  const Headers editor = sign_in("sn.editor");
  const auto response = upload(editor, video, "sans-ffmpeg.mp4");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("video_jobs_available"), false);
  ASSERT_TRUE(body.at("job").is_object()) << response.body;
  EXPECT_EQ(body.at("job").at("state"), "skipped");
  const std::string hash(body.at("hash").as_string());
  server_.reset();

  // A job left "running" by a server that stopped is run again by the next one.
  {
    storage::DatabaseConfig config{.data_dir = test_db().data_dir.path(), .url = test_db().url};
    auto database = storage::open_database(config);
    auto connection = database->write();
    EXPECT_EQ(connection->execute("UPDATE media_jobs SET state = 'running', progress = 40 "
                                  "WHERE source_hash = ?",
                                  {hash}),
              1);
  }
  start_server({});
  const auto finished = wait_for_job(sign_in("sn.editor"), hash);
  EXPECT_EQ(finished.at("job").at("state"), "done") << json::serialize(finished);
}

}  // namespace
}  // namespace imaginecole::testing
