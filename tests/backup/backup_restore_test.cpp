// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole backup` while a real server takes pupils' answers over HTTP, then `restore`
// into a new folder and a server on it (issue 16, item 7; decision 0048): the rows and media
// are those of the snapshot, pupils sign in, the restored server has a new epoch, and a
// peer's cursor from before the backup is refused as stale. Damaged files, a newer schema and
// a folder that is not empty are refused with a reason.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/backup_archive.hpp"
#include "core/ids.hpp"
#include "media/media_store.hpp"
#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

Credentials pupil() {
  return Credentials{.username = "awa", .password = "soleil", .school = "DKR001"};
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// "epoch X" out of `node show`.
std::string epoch_of(const fs::path& data) {
  const auto shown = run_imaginecole({"node", "show", "--data", data.string()});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  const auto at = shown.out.find("epoch ");
  return at == std::string::npos ? "" : shown.out.substr(at + 6, shown.out.find('\n', at) - at - 6);
}

// Every row of a table, as text, in a stable order.
std::vector<std::string> rows_of(const fs::path& data, const std::string& table) {
  auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data, .pool_size = 1});
  auto connection = database->read();
  std::vector<std::string> out;
  for (const auto& row : connection->query("SELECT * FROM " + table + " ORDER BY 1").rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row.text(i) + '\x1f';
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::set<std::string> attempt_ids(const fs::path& data) {
  std::set<std::string> ids;
  for (auto& row : rows_of(data, "attempts")) {
    ids.insert(row.substr(0, row.find('\x1f')));
  }
  return ids;
}

std::string integrity_of(const fs::path& data) {
  auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data, .pool_size = 1});
  auto connection = database->read();
  return connection->query("PRAGMA integrity_check").front().text(0);
}

// A published question of the pupil's country, to answer.
struct Target {
  std::string set_id;
  std::string question;
};

Target numeric_question_of_senegal(const fs::path& data) {
  auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data, .pool_size = 1});
  auto connection = database->read();
  for (const auto& row : connection
                             ->query("SELECT id, questions FROM resources WHERE kind = "
                                     "'exercise_set' AND status = 'published' AND "
                                     "origin_country = 'SN' ORDER BY id")
                             .rows) {
    const json::value questions = json::parse(row.text(1));  // outlives the loop
    for (const auto& question : questions.as_array()) {
      if (question.at("type") == "numeric") {
        return Target{row.text(0), std::string(question.at("id").as_string())};
      }
    }
  }
  return {};
}

// A pupil answering without pause on its own thread until stopped; the attempt ids the
// server acknowledged, in order.
class AnsweringPupil {
 public:
  AnsweringPupil(std::uint16_t port, Target target)
      : port_(port), target_(std::move(target)), session_(with_json(sign_in(port, pupil()))) {
    thread_ = std::thread([this] { answer_until_stopped(); });
  }
  ~AnsweringPupil() { stop(); }
  AnsweringPupil(const AnsweringPupil&) = delete;
  AnsweringPupil& operator=(const AnsweringPupil&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  std::size_t acknowledged_count() {
    const std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }
  std::vector<std::string> acknowledged() {
    const std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<std::string> problems() {
    const std::lock_guard lock(mutex_);
    return problems_;
  }

 private:
  void answer_until_stopped() {
    while (!stop_) {
      const json::object body{{"client_id", core::new_id()},
                              {"question", target_.question},
                              {"resource", target_.set_id},
                              {"response", json::object{{"text", "7"}}},
                              {"duration_ms", 3000}};
      const auto answer =
          http_request(port_, "POST", "/api/v1/attempts", session_, json::serialize(body));
      const std::lock_guard lock(mutex_);
      if (answer.status != 200) {
        problems_.push_back(std::to_string(answer.status) + ": " + answer.body.substr(0, 200));
        continue;
      }
      acknowledged_.emplace_back(json::parse(answer.body).at("attempt_id").as_string());
    }
  }

  std::uint16_t port_;
  Target target_;
  Headers session_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::vector<std::string> problems_;
  std::thread thread_;
};

template <typename Condition>
bool poll_until(Condition condition) {
  for (int i = 0; i < 3000 && !condition(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

// One demo platform backed up while serving, for every test of the suite (init --demo and a
// server start cost more than the checks).
class BackupRestore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new TempDir();
    const fs::path source = root_->path() / "source";
    const auto init = run_imaginecole({"init", "--demo", "--data", source.string()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    media::MediaStore store(source / "media");
    for (int i = 0; i < 3; ++i) {
      store.put("media file " + std::to_string(i) + std::string(70'000 * (i + 1), char('a' + i)));
    }
    // A peer's position in this server's feed, before the backup.
    const auto changes =
        run_imaginecole({"changes", "--data", source.string(), "--json", "--limit", "100000"});
    ASSERT_EQ(changes.exit_code, 0) << changes.err;
    *peer_cursor_ = std::string(json::parse(changes.out).at("next").as_string());
    *source_epoch_ = epoch_of(source);

    auto server = ServerProcess::start({"--data", source.string()});
    AnsweringPupil answering(server.port(), numeric_question_of_senegal(source));
    ASSERT_TRUE(poll_until([&] { return answering.acknowledged_count() >= 5; }))
        << "the pupil's answers were not acknowledged";
    *acknowledged_before_ = answering.acknowledged();
    const auto backup =
        run_imaginecole({"backup", "--data", source.string(), "--to", backup_file().string()});
    const std::size_t after_backup = answering.acknowledged_count();
    // Writes went on during the backup and after it.
    ASSERT_TRUE(poll_until([&] { return answering.acknowledged_count() >= after_backup + 5; }));
    answering.stop();
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    *backup_output_ = backup.out;
    EXPECT_TRUE(answering.problems().empty()) << answering.problems().front();
    *acknowledged_all_ = answering.acknowledged();
  }
  static void TearDownTestSuite() {
    delete root_;
    root_ = nullptr;
  }

  static fs::path source() { return root_->path() / "source"; }
  static fs::path backup_file() { return root_->path() / "school.backup"; }

  static TempDir* root_;
  static inline auto* peer_cursor_ = new std::string;
  static inline auto* source_epoch_ = new std::string;
  static inline auto* backup_output_ = new std::string;
  static inline auto* acknowledged_before_ = new std::vector<std::string>;
  static inline auto* acknowledged_all_ = new std::vector<std::string>;
};

TempDir* BackupRestore::root_ = nullptr;

TEST_F(BackupRestore, RestoresTheSnapshotWithANewEpochAndServesIt) {
  TempDir target;
  const fs::path restored = target.path() / "restored";
  const auto restore =
      run_imaginecole({"restore", backup_file().string(), "--data", restored.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("New epoch"), std::string::npos) << restore.out;
  EXPECT_EQ(integrity_of(restored), "ok");

  // The rows: tables the pupil did not write are identical; attempts are those of one moment
  // between the backup's start and its end.
  for (const std::string table : {"users", "resources", "schools", "classes"}) {
    EXPECT_EQ(rows_of(restored, table), rows_of(source(), table)) << table;
  }
  const auto restored_attempts = attempt_ids(restored);
  for (const auto& id : *acknowledged_before_) {
    EXPECT_TRUE(restored_attempts.contains(id)) << "acknowledged before the backup: " << id;
  }
  const auto source_attempts = attempt_ids(source());
  for (const auto& id : restored_attempts) {
    EXPECT_TRUE(source_attempts.contains(id)) << id;
  }
  EXPECT_LT(restored_attempts.size(), source_attempts.size())
      << "answers acknowledged after the backup cannot be in it";

  // The media, byte for byte.
  std::size_t media_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(source() / "media")) {
    const auto relative = entry.path().lexically_relative(source() / "media");
    if (!entry.is_regular_file() || *relative.begin() == "tmp") {
      continue;
    }
    ++media_files;
    EXPECT_EQ(read_file(restored / "media" / relative), read_file(entry.path())) << relative;
  }
  EXPECT_GE(media_files, 3u);

  // A new epoch: a peer's cursor from before is stale, the restored server serves pupils.
  const std::string restored_epoch = epoch_of(restored);
  EXPECT_NE(restored_epoch, *source_epoch_);
  EXPECT_NE(restore.out.find(restored_epoch), std::string::npos) << restore.out;
  const auto stale =
      run_imaginecole({"changes", "--data", restored.string(), "--since", *peer_cursor_, "--json"});
  EXPECT_EQ(stale.exit_code, 2) << stale.out;
  const auto fresh =
      run_imaginecole({"changes", "--data", source().string(), "--since", *peer_cursor_, "--json"});
  EXPECT_EQ(fresh.exit_code, 0) << "the source still continues from the peer's cursor: "
                                << fresh.err;

  auto server = ServerProcess::start({"--data", restored.string()});
  const auto session = sign_in(server.port(), pupil());
  EXPECT_EQ(http_get(server.port(), "/api/v1/me", session).status, 200);
  EXPECT_EQ(epoch_of(restored), restored_epoch) << "the server kept the restore's epoch";
}

TEST_F(BackupRestore, RefusesAFolderThatIsNotEmptyUnlessForced) {
  TempDir target;
  const auto first =
      run_imaginecole({"restore", backup_file().string(), "--data", target.path().string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string first_epoch = epoch_of(target.path());
  const auto again =
      run_imaginecole({"restore", backup_file().string(), "--data", target.path().string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("is not empty"), std::string::npos) << again.err;
  EXPECT_EQ(epoch_of(target.path()), first_epoch) << "the refusal changed nothing";

  const auto forced = run_imaginecole(
      {"restore", backup_file().string(), "--data", target.path().string(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(epoch_of(target.path()), first_epoch) << "each restore starts its own epoch";
  EXPECT_EQ(integrity_of(target.path()), "ok");
}

TEST_F(BackupRestore, RefusesADamagedFileWithoutWritingAnything) {
  TempDir work;
  const std::string whole = read_file(backup_file());
  struct Damage {
    std::string name;
    std::string bytes;
  };
  std::string flipped = whole;
  // In the middle of the first media file (stored uncompressed, after the database).
  const auto media_at = whole.find("media file 1");
  ASSERT_NE(media_at, std::string::npos);
  flipped[media_at + 30'000] ^= 0x20;
  const std::vector<Damage> damages = {
      {"truncated", whole.substr(0, whole.size() / 2)},
      {"flipped", flipped},
      {"not a backup", "PK\x05\x06 hello"},
  };
  for (const auto& damage : damages) {
    const fs::path file = work.path() / (damage.name + ".backup");
    write_file(file, damage.bytes);
    const fs::path data = work.path() / ("data-" + damage.name);
    const auto restore = run_imaginecole({"restore", file.string(), "--data", data.string()});
    EXPECT_EQ(restore.exit_code, 2) << damage.name << ": " << restore.out;
    EXPECT_NE(restore.err.find("cannot be restored"), std::string::npos)
        << damage.name << ": " << restore.err;
    EXPECT_FALSE(fs::exists(data / "imaginecole.db")) << damage.name;
  }
}

TEST_F(BackupRestore, RefusesABackupOfANewerSchema) {
  TempDir work;
  // The real database part, under a manifest that claims a schema this binary does not know.
  const fs::path database = work.path() / "imaginecole.db";
  {
    const auto restore =
        run_imaginecole({"restore", backup_file().string(), "--data", work.path().string()});
    ASSERT_EQ(restore.exit_code, 0) << restore.err;
  }
  app::BackupManifest manifest{.version = "99.0.0",
                               .backend = "sqlite",
                               .schema_version = 99'999,
                               .node_id = "n",
                               .epoch = "e",
                               .created_at = "2099-01-01T00:00:00Z"};
  app::PartSource part{.part = app::describe_file("imaginecole.db", database), .file = database};
  manifest.parts.push_back(part.part);
  const fs::path file = work.path() / "newer.backup";
  app::write_backup_archive(file, manifest, {part});
  const fs::path data = work.path() / "data";
  const auto restore = run_imaginecole({"restore", file.string(), "--data", data.string()});
  EXPECT_EQ(restore.exit_code, 2);
  EXPECT_NE(restore.err.find("newer Imaginécole"), std::string::npos) << restore.err;
  EXPECT_FALSE(fs::exists(data / "imaginecole.db"));
}

TEST_F(BackupRestore, TheBackupFileNamesItsParts) {
  EXPECT_NE(backup_output_->find("Backup written to"), std::string::npos) << *backup_output_;
  const app::BackupReader reader(backup_file());
  const auto& manifest = reader.manifest();
  EXPECT_EQ(manifest.backend, "sqlite");
  EXPECT_EQ(manifest.epoch, *source_epoch_);
  EXPECT_GT(manifest.schema_version, 0);
  EXPECT_GT(manifest.counts.at("users"), 0);
  EXPECT_GE(manifest.counts.at("attempts"),
            static_cast<std::int64_t>(acknowledged_before_->size()));
  EXPECT_EQ(manifest.parts.front().name, "imaginecole.db");
  EXPECT_GE(manifest.parts.size(), 4u) << "the database and three media files";
  // Nothing of the backup's temporaries is left beside it.
  for (const auto& entry : fs::directory_iterator(backup_file().parent_path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
  }
}

}  // namespace
}  // namespace imaginecole::testing
