// SPDX-License-Identifier: AGPL-3.0-or-later
// A full disk (issue 16, item 8): a backup, a restore, an upload, an import of questions and a
// sync (collect, apply) on a small tmpfs that fills up fail with a reason that names the disk,
// leave nothing half-written where people look, leave the database whole (integrity_check)
// and the server serving; once space is freed the same write succeeds.
//
// The tmpfs is mounted by the test itself (mount(2), as root in CI); where mounting is not
// allowed the tests are skipped, saying so.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/sample_media.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// A tmpfs of `megabytes` at `folder`, unmounted when the test ends.
class SmallDisk {
 public:
  SmallDisk(fs::path folder, int megabytes) : folder_(std::move(folder)) {
    fs::create_directories(folder_);
    const std::string options = "size=" + std::to_string(megabytes) + "m";
    if (::mount("tmpfs", folder_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~SmallDisk() {
    if (mounted_) {
      ::umount2(folder_.c_str(), MNT_DETACH);
    }
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const fs::path& path() const { return folder_; }

  // Writes zeros until the disk refuses; free_space() removes them.
  void fill() {
    const fs::path filler = folder_ / "filler";
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::string zeros(1 << 16, '\0');
    for (std::size_t size = zeros.size(); size > 0;) {
      if (::write(fd, zeros.data(), size) < 0) {
        size /= 2;  // the last bytes, until not even one fits
      }
    }
    ::close(fd);
  }
  void free_space() { fs::remove(folder_ / "filler"); }

 private:
  fs::path folder_;
  bool mounted_ = false;
  std::string error_;
};

#define SKIP_UNLESS_MOUNTED(disk)                                      \
  if (!(disk).mounted()) {                                             \
    GTEST_SKIP() << "cannot mount a tmpfs to fill (" << (disk).error() \
                 << "): these tests need root (CI runs them as root)"; \
  }

std::string integrity_of(const fs::path& data) {
  auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data, .pool_size = 1});
  auto connection = database->read();
  return connection->query("PRAGMA integrity_check").front().text(0);
}

std::int64_t count_of(const fs::path& data, const std::string& table) {
  auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data, .pool_size = 1});
  auto connection = database->read();
  return connection->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
}

// The files of a folder tree but the filler and the media store's temporaries' folder.
std::vector<std::string> files_under(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().filename() != "filler") {
      out.push_back(entry.path().lexically_relative(folder).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool names_the_disk(const std::string& message) {
  return message.find("No space left on device") != std::string::npos ||
         message.find("disk is full") != std::string::npos;
}

std::string gift_bank(int questions) {
  std::string out;
  for (int i = 0; i < questions; ++i) {
    out += "::Q" + std::to_string(i) + ":: Combien font " + std::to_string(i) + " + 1 ? {#" +
           std::to_string(i + 1) + "}\n\n";
  }
  return out;
}

// One demo data folder on normal disk, made once for the suite.
class DiskFull : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new TempDir();
    const auto init = run_imaginecole({"init", "--demo", "--data", demo().string()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  static void TearDownTestSuite() {
    delete root_;
    root_ = nullptr;
  }
  static fs::path demo() { return root_->path() / "demo"; }

  TempDir work_;
  static TempDir* root_;
};

TempDir* DiskFull::root_ = nullptr;

TEST_F(DiskFull, ABackupOnAFullDiskWritesNothing) {
  SmallDisk disk(work_.path() / "disk", 1);
  SKIP_UNLESS_MOUNTED(disk);
  const fs::path target = disk.path() / "school.backup";
  const auto backup =
      run_imaginecole({"backup", "--data", demo().string(), "--to", target.string()});
  EXPECT_NE(backup.exit_code, 0);
  EXPECT_NE(backup.err.find("nothing was written"), std::string::npos) << backup.err;
  EXPECT_TRUE(names_the_disk(backup.err)) << backup.err;
  EXPECT_TRUE(files_under(disk.path()).empty()) << files_under(disk.path()).front();
}

TEST_F(DiskFull, ARestoreOntoAFullDiskLeavesNoDatabase) {
  const fs::path backup_file = work_.path() / "school.backup";
  const auto backup =
      run_imaginecole({"backup", "--data", demo().string(), "--to", backup_file.string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  SmallDisk disk(work_.path() / "disk", 1);
  SKIP_UNLESS_MOUNTED(disk);
  const fs::path data = disk.path() / "data";
  const auto restore = run_imaginecole({"restore", backup_file.string(), "--data", data.string()});
  EXPECT_NE(restore.exit_code, 0);
  EXPECT_TRUE(names_the_disk(restore.err)) << restore.err;
  EXPECT_FALSE(fs::exists(data / "imaginecole.db"));
  for (const auto& file : files_under(data)) {
    EXPECT_TRUE(file.starts_with("media/")) << "half-written: " << file;
  }
}

// A server on a data folder whose disk fills up: an upload and an import of questions fail
// with a reason, reads go on, and the same writes succeed once space is freed.
TEST_F(DiskFull, AServerOnAFullDiskRefusesWritesAndKeepsServing) {
  SmallDisk disk(work_.path() / "disk", 16);
  SKIP_UNLESS_MOUNTED(disk);
  const fs::path data = disk.path() / "data";
  const fs::path backup_file = work_.path() / "demo.backup";
  ASSERT_EQ(run_imaginecole({"backup", "--data", demo().string(), "--to", backup_file.string()})
                .exit_code,
            0);
  const auto restored = run_imaginecole({"restore", backup_file.string(), "--data", data.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  const fs::path bank = work_.path() / "bank.gift";
  std::ofstream(bank) << gift_bank(300);

  auto server = ServerProcess::start({"--data", data.string()});
  Headers editor = sign_in(server.port(), Credentials{.username = "sn.editor"});
  editor.emplace_back("Content-Type", "application/pdf");
  editor.emplace_back("X-Filename", "fiche.pdf");
  const auto media_before = files_under(data / "media");
  const auto questions_before = count_of(data, "questions");

  disk.fill();
  const auto upload =
      http_request(server.port(), "POST", "/api/v1/media", editor, minimal_pdf(200'000, 1));
  EXPECT_GE(upload.status, 500) << upload.body;
  EXPECT_TRUE(names_the_disk(upload.body) || upload.body.find("espace") != std::string::npos)
      << upload.status << " " << upload.body;
  const auto import = run_imaginecole({"import", "questions", bank.string(), "--format", "gift",
                                       "--country", "SN", "--data", data.string()});
  EXPECT_NE(import.exit_code, 0);
  EXPECT_TRUE(names_the_disk(import.err)) << import.err;
  // Reads go on while the disk is full.
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);
  EXPECT_EQ(http_get(server.port(), "/").status, 200);

  disk.free_space();
  EXPECT_EQ(files_under(data / "media"), media_before) << "a half-written media file";
  EXPECT_EQ(count_of(data, "questions"), questions_before) << "a half-done import";
  EXPECT_EQ(integrity_of(data), "ok");
  const auto upload_again =
      http_request(server.port(), "POST", "/api/v1/media", editor, minimal_pdf(200'000, 1));
  EXPECT_EQ(upload_again.status, 201) << upload_again.body;
  const auto import_again = run_imaginecole({"import", "questions", bank.string(), "--format",
                                             "gift", "--country", "SN", "--data", data.string()});
  EXPECT_EQ(import_again.exit_code, 0) << import_again.err;
  EXPECT_EQ(count_of(data, "questions"), questions_before + 300);
}

// On a full disk SQLite may fail to set up its write-ahead files when opening and say only
// "disk I/O error": the storage layer then checks the folder and names the full disk.
TEST_F(DiskFull, ASyncPayloadIsWrittenWholeOrNotAtAllAndAppliedAllOrNothing) {
  const auto box_node = [](const fs::path& data) {
    const auto shown = run_imaginecole({"node", "show", "--data", data.string()});
    return shown.out.substr(5, shown.out.find('\n') - 5);
  };
  SmallDisk disk(work_.path() / "disk", 16);
  SKIP_UNLESS_MOUNTED(disk);
  const fs::path box = disk.path() / "box";
  ASSERT_EQ(run_imaginecole({"init", "--data", box.string()}).exit_code, 0);
  const std::string hub_node = box_node(demo());
  const std::string box_id = box_node(box);  // asked before the disk is full
  const std::vector<std::string> scope = {"--country", "SN", "--school", "DKR001"};

  // Collect onto the full disk: refused, no file.
  disk.fill();
  const fs::path on_full = disk.path() / "down.sync";
  auto collect_args =
      std::vector<std::string>{"sync",   "collect", "--peer",         box_id,   "--peer-role",
                               "school", "--out",   on_full.string(), "--data", demo().string()};
  collect_args.insert(collect_args.end(), scope.begin(), scope.end());
  const auto refused = run_imaginecole(collect_args);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(names_the_disk(refused.err)) << refused.err;
  EXPECT_FALSE(fs::exists(on_full)) << "a half-written payload";

  // Apply into the box on the full disk: refused, nothing changed.
  const fs::path payload = work_.path() / "down.sync";
  collect_args[7] = payload.string();
  const auto collected = run_imaginecole(collect_args);
  ASSERT_EQ(collected.exit_code, 0) << collected.err;
  auto apply_args =
      std::vector<std::string>{"sync",        "apply", payload.string(), "--peer",    hub_node,
                               "--peer-role", "hub",   "--data",         box.string()};
  apply_args.insert(apply_args.end(), scope.begin(), scope.end());
  const auto apply = run_imaginecole(apply_args);
  EXPECT_NE(apply.exit_code, 0);
  EXPECT_TRUE(names_the_disk(apply.err)) << apply.err;
  disk.free_space();
  EXPECT_EQ(count_of(box, "users"), 0) << "a half-applied payload";
  EXPECT_EQ(integrity_of(box), "ok");
  const auto applied = run_imaginecole(apply_args);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_GT(count_of(box, "users"), 0);
}

}  // namespace
}  // namespace imaginecole::testing
