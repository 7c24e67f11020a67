// SPDX-License-Identifier: AGPL-3.0-or-later
// Several app servers, one media store: two real servers on one PostgreSQL, each with its own
// data folder and both started with the same --media DIR (a shared filesystem in production).
// A file uploaded through one is served by the other (same bytes, same ETag, Range, its
// renditions, deletion seen by both); a second server starting does not take over the video
// job the first is running, and takes it once the first gives it back. And --media is honoured
// by a single SQLite server and by a question import, and checked: a folder that does not
// exist is refused, from the flag, the environment or the config file.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "core/hash.hpp"
#include "media/media_library.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/sample_media.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Regular files of a media folder outside its scratch folder (tmp/).
std::vector<fs::path> stored_files(const fs::path& media) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(media, ec); it != fs::end(it); ++it) {
    if (it->is_regular_file() && !fs::relative(it->path(), media).string().starts_with("tmp/")) {
      out.push_back(it->path());
    }
  }
  return out;
}

Headers sign_in(std::uint16_t port, const std::string& username) {
  const auto response =
      http_request(port, "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                   R"({"username": ")" + username + R"(", "password": "ecole-demo"})");
  EXPECT_EQ(response.status, 200) << response.body;
  const std::string cookie = response.header("set-cookie").value_or("");
  return {{"Cookie", cookie.substr(0, cookie.find(';'))},
          {"X-CSRF-Token", std::string(json::parse(response.body).at("csrf_token").as_string())}};
}

HttpResponse upload(std::uint16_t port, const Headers& who, const std::string& bytes,
                    const std::string& name) {
  Headers headers = who;
  headers.emplace_back("Content-Type", "application/octet-stream");
  headers.emplace_back("X-Filename", name);
  return http_request(port, "POST", "/api/v1/media", headers, bytes);
}

// Two data folders, one PostgreSQL schema, one media folder: the demo loaded once.
class SharedMedia : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto init_a = run_imaginecole({"init", "--demo", "--data", data_a_.path().string(),
                                         "--database", schema_.url(), "--media", media_string()});
    ASSERT_EQ(init_a.exit_code, 0) << init_a.err;
    const auto init_b = run_imaginecole({"init", "--data", data_b_.path().string(), "--database",
                                         schema_.url(), "--media", media_string()});
    ASSERT_EQ(init_b.exit_code, 0) << init_b.err;
  }
  std::string media_string() const { return shared_media_.path().string(); }
  std::vector<std::string> server_args(const TempDir& data) const {
    return {"--data", data.path().string(), "--database", schema_.url(), "--media", media_string()};
  }
  // state and leased_by of the video job of `hash`.
  std::pair<std::string, std::string> job_of(const std::string& hash) {
    auto database = storage::open_database(storage::DatabaseConfig{.url = schema_.url()});
    auto connection = database->read();
    const auto row = connection->query_one(
        "SELECT state, COALESCE(leased_by, '') FROM media_jobs WHERE source_hash = ?", {hash});
    return row ? std::pair(row->text(0), row->text(1)) : std::pair(std::string(), std::string());
  }

  PostgresSchema schema_;
  TempDir data_a_;
  TempDir data_b_;
  TempDir shared_media_;
  TempDir work_;
};

TEST_F(SharedMedia, AFileUploadedThroughOneServerIsServedByTheOther) {
  auto server_a = ServerProcess::start(server_args(data_a_));
  auto server_b = ServerProcess::start(server_args(data_b_));

  const fs::path made = work_.path() / "tableau.png";
  ASSERT_EQ(std::system(("vips black " + made.string() + " 800 500").c_str()), 0);
  const std::string bytes = read_file(made);
  const Headers editor_on_a = sign_in(server_a.port(), "sn.editor");
  const auto sent = upload(server_a.port(), editor_on_a, bytes, "tableau.png");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto record = json::parse(sent.body).as_object();
  const std::string hash(record.at("hash").as_string());
  EXPECT_EQ(hash, core::sha256_hex(bytes));

  // The file is in the shared folder, none in either data folder.
  const fs::path stored = shared_media_.path() / hash.substr(0, 2) / hash.substr(2, 2) / hash;
  EXPECT_EQ(read_file(stored), bytes);
  EXPECT_TRUE(stored_files(data_a_.path()).empty());
  EXPECT_TRUE(stored_files(data_b_.path()).empty());

  const auto on_a = http_get(server_a.port(), "/media/" + hash);
  const auto on_b = http_get(server_b.port(), "/media/" + hash);
  ASSERT_EQ(on_b.status, 200);
  EXPECT_EQ(on_b.body, bytes);
  EXPECT_EQ(on_b.header("content-type"), "image/png");
  ASSERT_TRUE(on_a.header("etag"));
  EXPECT_EQ(on_b.header("etag"), on_a.header("etag"));
  const auto revalidated =
      http_get(server_b.port(), "/media/" + hash, {{"If-None-Match", *on_a.header("etag")}});
  EXPECT_EQ(revalidated.status, 304);
  const auto range = http_get(server_b.port(), "/media/" + hash, {{"Range", "bytes=100-199"}});
  ASSERT_EQ(range.status, 206);
  EXPECT_EQ(range.body, bytes.substr(100, 100));
  EXPECT_EQ(range.header("content-range"), "bytes 100-199/" + std::to_string(bytes.size()));

  // Its renditions, made by A at upload, are served by B too, and B knows the record.
  const auto& renditions = record.at("renditions").as_array();
  ASSERT_FALSE(renditions.empty());
  for (const auto& rendition : renditions) {
    const std::string url(rendition.at("url").as_string());
    const auto served = http_get(server_b.port(), url);
    EXPECT_EQ(served.status, 200) << url;
    EXPECT_EQ(served.body.size(), rendition.at("size").to_number<std::uint64_t>()) << url;
  }
  const Headers editor_on_b = sign_in(server_b.port(), "sn.editor");
  const auto shown = http_get(server_b.port(), "/api/v1/media/" + hash, editor_on_b);
  EXPECT_EQ(shown.status, 200) << shown.body;

  // Deleted through B: gone for A as well, the shared files with it.
  const auto deleted =
      http_request(server_b.port(), "DELETE", "/api/v1/media/" + hash, editor_on_b);
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(http_get(server_a.port(), "/media/" + hash).status, 404);
  EXPECT_TRUE(stored_files(shared_media_.path()).empty());
}

TEST_F(SharedMedia, ASecondServerStartingDoesNotTakeTheVideoJobTheFirstIsRunning) {
  if (media::find_on_path("ffmpeg").empty() || media::find_on_path("ffprobe").empty()) {
    GTEST_SKIP() << "ffmpeg is not installed";
  }
  const std::string video = made_by_ffmpeg(
      "-f lavfi -i testsrc=duration=1:size=160x120:rate=10 -f lavfi -i "
      "sine=duration=1 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest",
      work_.path() / "tiny.mp4");
  ASSERT_FALSE(video.empty());
  // Server A's "ffmpeg" works for as long as it is let: the job stays running on A.
  const fs::path slow_bin = work_.path() / "slow-bin";
  fs::create_directories(slow_bin);
  {
    std::ofstream script(slow_bin / "ffmpeg");
    script << "#!/bin/sh\nexec sleep 300\n";
  }
  fs::permissions(slow_bin / "ffmpeg", fs::perms::owner_all);
  const std::string path = std::getenv("PATH") == nullptr ? "" : std::getenv("PATH");
  auto server_a =
      ServerProcess::start(server_args(data_a_), {{"PATH", slow_bin.string() + ":" + path}});
  const auto sent =
      upload(server_a.port(), sign_in(server_a.port(), "sn.editor"), video, "germination.mp4");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string hash(json::parse(sent.body).at("hash").as_string());
  const std::string pid_a = "/" + std::to_string(server_a.pid()) + "/";
  std::pair<std::string, std::string> job;
  for (int i = 0; i < 100; ++i) {
    job = job_of(hash);
    if (job.first == "running") {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(job.first, "running");
  EXPECT_NE(job.second.find(pid_a), std::string::npos) << job.second;

  // B, with a real ffmpeg, starts (and its worker looks for work every two seconds).
  auto server_b = ServerProcess::start(server_args(data_b_));
  std::this_thread::sleep_for(5s);
  job = job_of(hash);
  EXPECT_EQ(job.first, "running") << "the starting server took over a job with a live lease";
  EXPECT_NE(job.second.find(pid_a), std::string::npos) << job.second;

  // A stops and gives the job back: B takes it and makes the light version.
  EXPECT_EQ(server_a.stop(SIGTERM), 0);
  const std::string pid_b = "/" + std::to_string(server_b.pid()) + "/";
  for (int i = 0; i < 240; ++i) {
    job = job_of(hash);
    if (job.first == "done" || job.first == "failed") {
      break;
    }
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_EQ(job.first, "done");
  EXPECT_NE(job.second.find(pid_b), std::string::npos) << job.second;
  const auto shown =
      http_get(server_b.port(), "/api/v1/media/" + hash, sign_in(server_b.port(), "sn.editor"));
  const json::value shown_record = json::parse(shown.body);
  const auto& renditions = shown_record.at("renditions").as_array();
  ASSERT_EQ(renditions.size(), 1U) << shown.body;
  EXPECT_EQ(http_get(server_b.port(), std::string(renditions[0].at("url").as_string())).status,
            200);
}

TEST(MediaFolderSetting, AFolderThatDoesNotExistIsRefusedWhereverItIsSet) {
  TempDir data;
  const std::string missing = (data.path() / "not-mounted").string();
  const auto from_flag =
      run_imaginecole({"serve", "--data", data.path().string(), "--media", missing});
  EXPECT_EQ(from_flag.exit_code, 2);
  EXPECT_NE(from_flag.err.find("--media"), std::string::npos) << from_flag.err;
  EXPECT_NE(from_flag.err.find(missing), std::string::npos) << from_flag.err;

  const auto from_environment =
      run_imaginecole({"serve", "--data", data.path().string()}, {{"IMAGINECOLE_MEDIA", missing}});
  EXPECT_EQ(from_environment.exit_code, 2);
  EXPECT_NE(from_environment.err.find(missing), std::string::npos) << from_environment.err;

  const fs::path config = data.path() / "imaginecole.toml";
  {
    std::ofstream out(config);
    out << "media = \"" << missing << "\"\n";
  }
  const auto from_config =
      run_imaginecole({"serve", "--data", data.path().string(), "--config", config.string()});
  EXPECT_EQ(from_config.exit_code, 2);
  EXPECT_NE(from_config.err.find(missing), std::string::npos) << from_config.err;
  EXPECT_FALSE(fs::exists(missing));
}

TEST(MediaFolderSetting, OneServerOnSqliteKeepsItsMediaWhereItIsTold) {
  TempDir data;
  TempDir media;
  ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", data.path().string()}).exit_code, 0);
  auto server = ServerProcess::start({"--data", data.path().string()},
                                     {{"IMAGINECOLE_MEDIA", media.path().string()}});
  const std::string bytes = minimal_pdf(1000, 7);
  const auto sent = upload(server.port(), sign_in(server.port(), "sn.editor"), bytes, "fiche.pdf");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string hash = core::sha256_hex(bytes);
  EXPECT_EQ(read_file(media.path() / hash.substr(0, 2) / hash.substr(2, 2) / hash), bytes);
  EXPECT_TRUE(stored_files(data.path() / "media").empty());
  EXPECT_EQ(http_get(server.port(), "/media/" + hash).body, bytes);
}

std::string base64(std::string_view bytes) {
  static constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += kDigits[(group >> 18) & 63];
    out += kDigits[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[group & 63] : '=';
  }
  return out;
}

TEST(MediaFolderSetting, AQuestionImportStoresItsPicturesInTheMediaFolder) {
  TempDir data;
  TempDir media;
  ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", data.path().string()}).exit_code, 0);
  const fs::path picture = data.path() / "carte.png";
  ASSERT_EQ(std::system(("vips black " + picture.string() + " 40 30").c_str()), 0);
  const std::string bytes = read_file(picture);
  const fs::path bank = data.path() / "bank.xml";
  {
    std::ofstream out(bank);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz><question type=\"multichoice\">"
           "<name><text>Carte</text></name><questiontext format=\"html\"><text><![CDATA[<img "
           "src=\"@@PLUGINFILE@@/carte.png\" alt=\"carte\">]]></text><file name=\"carte.png\" "
           "encoding=\"base64\">"
        << base64(bytes)
        << "</file></questiontext><answer fraction=\"100\"><text>a</text></answer><answer "
           "fraction=\"0\"><text>b</text></answer></question></quiz>\n";
  }
  const auto imported =
      run_imaginecole({"import", "questions", bank.string(), "--format", "moodle-xml", "--country",
                       "SN", "--data", data.path().string(), "--media", media.path().string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  const std::string hash = core::sha256_hex(bytes);
  EXPECT_EQ(read_file(media.path() / hash.substr(0, 2) / hash.substr(2, 2) / hash), bytes)
      << imported.out;
  EXPECT_TRUE(stored_files(data.path() / "media").empty());
}

}  // namespace
}  // namespace imaginecole::testing
