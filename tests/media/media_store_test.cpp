// SPDX-License-Identifier: AGPL-3.0-or-later
// The content-addressed store's writes: a write that fails (the file-size limit of the process
// stands in for a full disk) leaves nothing under the file's name and no temporary behind; a
// writer killed in the middle of a file leaves at most a temporary in tmp/, never a named,
// partial file, and that temporary goes a day later; two stores on one folder (two servers on
// a shared --media) see each other's files. That the bytes reach the disk before the rename
// (fsync) cannot be observed without cutting the power; media/durable_file.cpp does it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "core/hash.hpp"
#include "media/media_store.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) {
    c = static_cast<char>(random() & 0xff);
  }
  return out;
}

// Every regular file under `root`, as paths relative to it.
std::vector<std::string> files_under(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      out.push_back(fs::relative(entry.path(), root).string());
    }
  }
  return out;
}

// Writes past `bytes` fail with EFBIG while it lives (SIGXFSZ ignored), as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    previous_signal_ = signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &previous_);
    rlimit limited = previous_;
    limited.rlim_cur = bytes;
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &previous_);
    signal(SIGXFSZ, previous_signal_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit previous_{};
  sighandler_t previous_signal_ = SIG_DFL;
};

TEST(MediaStoreWrites, AFailedWriteLeavesNoFileUnderItsNameAndNoTemporary) {
  TempDir folder;
  const fs::path root = folder.path() / "media";
  media::MediaStore store(root);
  const std::string bytes = random_bytes(256 * 1024, 1);
  const std::string hash = core::sha256_hex(bytes);
  const fs::path source = folder.path() / "source.bin";
  {
    std::ofstream out(source, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  {
    const FileSizeLimit limit(64 * 1024);
    EXPECT_THROW(store.put(bytes), std::runtime_error);
    EXPECT_THROW(store.put_file(source), std::runtime_error);
  }
  EXPECT_FALSE(store.find(hash));
  EXPECT_TRUE(files_under(root).empty()) << files_under(root).front();

  // The same bytes once the disk has room: stored whole, readable by whoever serves them.
  const auto stored = store.put(bytes);
  EXPECT_EQ(stored.hash, hash);
  EXPECT_FALSE(stored.already_present);
  const auto path = store.find(hash);
  ASSERT_TRUE(path);
  std::ifstream in(*path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);
  struct stat facts {};
  ASSERT_EQ(stat(path->c_str(), &facts), 0);
  EXPECT_EQ(facts.st_mode & 0777, 0644U);
  EXPECT_EQ(files_under(root).size(), 1U);
}

TEST(MediaStoreWrites, AWriterKilledInTheMiddleOfAFileLeavesNoNamedPartialFile) {
  TempDir folder;
  const fs::path root = folder.path() / "media";
  const fs::path pipe = folder.path() / "upload.fifo";
  ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
  const std::string bytes = random_bytes(1024 * 1024, 2);
  const std::string half = bytes.substr(0, bytes.size() / 2);

  // The writer is a process of its own (a server receiving a video), reading its bytes from a
  // pipe, so that it can be killed at a known point: half of the file written.
  const pid_t writer = fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    media::MediaStore store(root);
    store.put_file(pipe);
    _exit(0);
  }
  {
    std::ofstream feed(pipe, std::ios::binary);
    feed.write(half.data(), static_cast<std::streamsize>(half.size()));
    feed.flush();
    bool halfway = false;
    for (int i = 0; i < 500 && !halfway; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      for (const auto& file : files_under(root)) {
        std::error_code ec;
        halfway = halfway || fs::file_size(root / file, ec) == half.size();
      }
    }
    EXPECT_TRUE(halfway) << "the writer never wrote half of the file";
    kill(writer, SIGKILL);
    int status = 0;
    waitpid(writer, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
  }

  media::MediaStore store(root);
  EXPECT_FALSE(store.find(core::sha256_hex(bytes)));
  EXPECT_FALSE(store.find(core::sha256_hex(half)));
  for (const std::string& file : files_under(root)) {
    EXPECT_EQ(fs::path(file).parent_path(), "tmp") << file << " is outside the scratch folder";
  }
  const auto stored = store.put(bytes);
  EXPECT_TRUE(store.find(stored.hash));
}

TEST(MediaStoreWrites, TemporariesNobodyWroteForADayAreRemovedAtStart) {
  TempDir folder;
  const fs::path tmp = folder.path() / "tmp";
  fs::create_directories(tmp);
  for (const char* name : {"tmp-killed", "tmp-writing"}) {
    std::ofstream(tmp / name) << "partial";
  }
  fs::last_write_time(tmp / "tmp-killed",
                      fs::file_time_type::clock::now() - std::chrono::hours(25));
  const media::MediaStore store(folder.path());
  EXPECT_FALSE(fs::exists(tmp / "tmp-killed"));
  // Recent: another server sharing the folder may be writing it.
  EXPECT_TRUE(fs::exists(tmp / "tmp-writing"));
}

TEST(MediaStoreWrites, TwoStoresOnOneFolderSeeEachOthersFiles) {
  TempDir folder;
  media::MediaStore first(folder.path());
  media::MediaStore second(folder.path());
  const std::string bytes = random_bytes(4096, 3);
  const auto stored = first.put(bytes);
  EXPECT_FALSE(stored.already_present);
  EXPECT_TRUE(second.find(stored.hash));
  EXPECT_TRUE(second.put(bytes).already_present);
  EXPECT_EQ(files_under(folder.path()).size(), 1U);
}

}  // namespace
}  // namespace imaginecole::testing
