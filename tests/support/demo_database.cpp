// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/demo_database.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "core/ids.hpp"
#include "search/french_tokenizer.hpp"
#include "storage/open_database.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace fs = std::filesystem;

namespace {

// Changes whenever the binary is rebuilt, so a template never outlives the schema it was made
// with.
std::string binary_key() {
  const fs::path binary = IMAGINECOLE_BINARY;
  const auto stamp = fs::last_write_time(binary).time_since_epoch().count();
  const std::size_t key = std::hash<std::string>{}(binary.string() + "|" + std::to_string(stamp) +
                                                   "|" + std::to_string(fs::file_size(binary)));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", key);
  return hex;
}

fs::path templates_folder() {
  const fs::path folder = fs::path(IMAGINECOLE_BINARY).parent_path() / "test-demo-templates";
  fs::create_directories(folder);
  return folder;
}

// Holds an exclusive lock on a file while a template is made: the suite runs tests in
// parallel processes, and the first one to need a template makes it for all.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT, 0644)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      throw std::runtime_error("cannot lock " + path.string());
    }
  }
  ~FileLock() { ::close(fd_); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

void run_init_demo(const std::vector<std::string>& location) {
  std::vector<std::string> args = {"init", "--demo"};
  args.insert(args.end(), location.begin(), location.end());
  const CommandResult result = run_imaginecole(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("imaginecole init --demo failed (" + std::to_string(result.exit_code) +
                             "): " + result.err);
  }
}

// The data folder `init --demo --data` wrote for SQLite.
fs::path sqlite_template() {
  const std::string key = binary_key();
  const fs::path folder = templates_folder() / ("sqlite-" + key);
  FileLock lock(templates_folder() / ("sqlite-" + key + ".lock"));
  if (fs::exists(folder / "ready")) {
    return folder;
  }
  fs::remove_all(folder);
  fs::create_directories(folder / "data");
  run_init_demo({"--data", (folder / "data").string()});
  std::ofstream(folder / "ready") << "made by the tests from " << IMAGINECOLE_BINARY << "\n";
  return folder;
}

// `server_url` with its database name replaced by `name`.
std::string url_of_database(const std::string& server_url, const std::string& name) {
  const auto authority = server_url.find("://");
  const auto path = server_url.find('/', authority == std::string::npos ? 0 : authority + 3);
  if (path == std::string::npos) {
    throw std::runtime_error("cannot find the database name in " + server_url);
  }
  const auto query = server_url.find('?', path);
  return server_url.substr(0, path + 1) + name +
         (query == std::string::npos ? std::string() : server_url.substr(query));
}

void execute_on_server(const std::string& sql) {
  auto admin = storage::open_database(
      storage::DatabaseConfig{.data_dir = {}, .url = postgres_server_url(), .pool_size = 1});
  admin->write()->execute_script(sql);
}

bool database_exists(const std::string& name) {
  auto admin = storage::open_database(
      storage::DatabaseConfig{.data_dir = {}, .url = postgres_server_url(), .pool_size = 1});
  auto connection = admin->read();
  return connection->query_one("SELECT 1 FROM pg_database WHERE datname = $1", {name}).has_value();
}

// The database `init --demo --database` wrote, on the test PostgreSQL. It is renamed to its final
// name only once complete, so a test process killed while making it leaves no half template.
std::string postgres_template() {
  const std::string server = postgres_server_url();
  const std::string key = binary_key();
  const std::string name = "demo_" + key;
  const std::string server_key = std::to_string(std::hash<std::string>{}(server));
  FileLock lock(templates_folder() / ("postgres-" + key + "-" + server_key + ".lock"));
  if (database_exists(name)) {
    return name;
  }
  const std::string building = name + "_building";
  execute_on_server("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
  execute_on_server("CREATE DATABASE " + building);
  const TempDir data;
  run_init_demo({"--data", data.path().string(), "--database", url_of_database(server, building)});
  execute_on_server("ALTER DATABASE " + building + " RENAME TO " + name);
  return name;
}

}  // namespace

PostgresDatabaseCopy::PostgresDatabaseCopy(const std::string& template_name) {
  std::string id = core::new_id();
  std::erase(id, '-');
  name_ = "t_" + id;
  execute_on_server("CREATE DATABASE " + name_ + " TEMPLATE " + template_name);
  url_ = url_of_database(postgres_server_url(), name_);
}

PostgresDatabaseCopy::~PostgresDatabaseCopy() {
  try {
    execute_on_server("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server may be gone at the end of the run; the database dies with it.
  }
}

std::unique_ptr<TestDatabase> make_demo_test_database(storage::Backend backend) {
  auto test_db = std::make_unique<TestDatabase>();
  search::install_sqlite_tokenizer();  // before any SQLite connection
  storage::DatabaseConfig config{.data_dir = test_db->data_dir.path(), .pool_size = 4};
  if (backend == storage::Backend::postgres) {
    test_db->database_copy = std::make_unique<PostgresDatabaseCopy>(postgres_template());
    test_db->url = test_db->database_copy->url();
    config.url = test_db->url;
  } else {
    copy_demo_data_folder(test_db->data_dir.path());
  }
  test_db->database = storage::open_database(config);
  return test_db;
}

void copy_demo_data_folder(const std::filesystem::path& dir) {
  fs::copy(sqlite_template() / "data", dir,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

std::vector<std::string> location_of(const TestDatabase& test_db) {
  std::vector<std::string> location = {"--data", test_db.data_dir.path().string()};
  if (!test_db.url.empty()) {
    location.insert(location.end(), {"--database", test_db.url});
  }
  return location;
}

}  // namespace imaginecole::testing
