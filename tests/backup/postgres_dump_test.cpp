// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL way of the README's "Backups" (decision 0048), run as an operator would: a
// demo platform in its own database, pg_dump --format=custom while a server serves it,
// pg_restore into a new database, `imaginecole node new-epoch`, then a server on the restored
// database. Needs the test PostgreSQL (IMAGINECOLE_TEST_POSTGRES, scripts/test-postgres.sh);
// skipped without it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

// PostgreSQL 15's programs, from the postgresql-15 package of scripts/install-deps.sh.
constexpr const char* kPgDump = "/usr/lib/postgresql/15/bin/pg_dump";
constexpr const char* kPgRestore = "/usr/lib/postgresql/15/bin/pg_restore";

// The server's URL with another database name.
std::string with_database(const std::string& url, const std::string& name) {
  const auto host = url.find("//");
  const auto slash = url.find('/', host == std::string::npos ? 0 : host + 2);
  const auto query = url.find('?');
  std::string out = url.substr(0, slash) + "/" + name;
  if (query != std::string::npos) {
    out += url.substr(query);
  }
  return out;
}

// A database of its own on the test server, dropped at the end.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& server_url) : server_url_(server_url) {
    std::string id = core::new_id();
    std::erase(id, '-');
    name_ = "bk_" + id;
    admin()->write()->execute_script("CREATE DATABASE " + name_);
    url_ = with_database(server_url_, name_);
  }
  ~ScratchDatabase() {
    try {
      admin()->write()->execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The server may be gone at the end of the run; the database dies with it.
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<storage::Database> admin() const {
    return storage::open_database(storage::DatabaseConfig{.url = server_url_, .pool_size = 1});
  }
  std::string server_url_;
  std::string name_;
  std::string url_;
};

std::string epoch_of(const std::string& url) {
  const auto shown = run_imaginecole({"node", "show", "--database", url});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  const auto at = shown.out.find("epoch ");
  return at == std::string::npos ? "" : shown.out.substr(at + 6, shown.out.find('\n', at) - at - 6);
}

std::int64_t count_of(const std::string& url, const std::string& table) {
  auto database = storage::open_database(storage::DatabaseConfig{.url = url, .pool_size = 1});
  return database->read()->query_one("SELECT COUNT(*) FROM " + table)->integer(0);
}

// Runs a program with its arguments; its exit code, with its output in `out`.
int run_program(const std::vector<std::string>& args, std::string& out) {
  std::string command;
  for (const auto& arg : args) {
    command += "'" + arg + "' ";
  }
  command += "2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return -1;
  }
  std::array<char, 4096> buffer{};
  while (const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    out.append(buffer.data(), got);
  }
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(PostgresDump, RestoredDatabaseServesWithANewEpoch) {
  const char* server = std::getenv("IMAGINECOLE_TEST_POSTGRES");
  if (server == nullptr || *server == 0) {
    GTEST_SKIP() << "IMAGINECOLE_TEST_POSTGRES is not set (scripts/test-postgres.sh start)";
  }
  TempDir folders;
  const ScratchDatabase source(server);
  const auto source_data = (folders.path() / "source").string();
  const auto init =
      run_imaginecole({"init", "--demo", "--data", source_data, "--database", source.url()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const auto changes =
      run_imaginecole({"changes", "--database", source.url(), "--json", "--limit", "100000"});
  ASSERT_EQ(changes.exit_code, 0) << changes.err;
  const std::string peer_cursor(json::parse(changes.out).at("next").as_string());
  const std::string source_epoch = epoch_of(source.url());

  // The dump is taken while a server serves the source.
  const auto dump = (folders.path() / "imaginecole.dump").string();
  {
    auto serving = ServerProcess::start({"--data", source_data, "--database", source.url()});
    std::string out;
    ASSERT_EQ(run_program({kPgDump, "--format=custom", "--file=" + dump, source.url()}, out), 0)
        << out;
  }
  const ScratchDatabase restored(server);
  std::string out;
  ASSERT_EQ(run_program({kPgRestore, "--no-owner", "--dbname=" + restored.url(), dump}, out), 0)
      << out;
  const auto new_epoch = run_imaginecole({"node", "new-epoch", "--database", restored.url()});
  ASSERT_EQ(new_epoch.exit_code, 0) << new_epoch.err;

  for (const std::string table : {"users", "resources", "schools", "classes", "attempts"}) {
    EXPECT_EQ(count_of(restored.url(), table), count_of(source.url(), table)) << table;
  }
  const std::string restored_epoch = epoch_of(restored.url());
  EXPECT_NE(restored_epoch, source_epoch);
  const auto stale =
      run_imaginecole({"changes", "--database", restored.url(), "--since", peer_cursor});
  EXPECT_EQ(stale.exit_code, 2) << "a peer's cursor of the old epoch is stale: " << stale.out;

  std::filesystem::create_directories(folders.path() / "restored");
  auto server_on_restored = ServerProcess::start(
      {"--data", (folders.path() / "restored").string(), "--database", restored.url()});
  const auto session =
      sign_in(server_on_restored.port(),
              Credentials{.username = "awa", .password = "soleil", .school = "DKR001"});
  EXPECT_EQ(http_get(server_on_restored.port(), "/api/v1/me", session).status, 200);
  EXPECT_EQ(epoch_of(restored.url()), restored_epoch);
}

}  // namespace
}  // namespace imaginecole::testing
