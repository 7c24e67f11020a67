// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/backends.hpp"

#include <cstdlib>

#include "app/record_registry.hpp"
#include "core/ids.hpp"
#include "search/french_tokenizer.hpp"
#include "storage/migrations.hpp"
#include "storage/open_database.hpp"
#include "support/demo_database.hpp"

namespace imaginecole::testing {

std::string postgres_server_url() {
  const char* url = std::getenv("IMAGINECOLE_TEST_POSTGRES");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "IMAGINECOLE_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a "
        "PostgreSQL for them (or set it to a postgresql:// URL)");
  }
  return url;
}

PostgresSchema::PostgresSchema() : server_url_(postgres_server_url()) {
  std::string id = core::new_id();
  std::erase(id, '-');
  schema_ = "t_" + id;
  auto admin = storage::open_database(
      storage::DatabaseConfig{.data_dir = {}, .url = server_url_, .pool_size = 1});
  admin->write()->execute_script("CREATE SCHEMA " + schema_);
  const char separator = server_url_.find('?') == std::string::npos ? '?' : '&';
  url_ = server_url_ + separator + "options=-csearch_path%3D" + schema_;
}

PostgresSchema::~PostgresSchema() {
  try {
    auto admin = storage::open_database(
        storage::DatabaseConfig{.data_dir = {}, .url = server_url_, .pool_size = 1});
    admin->write()->execute_script("DROP SCHEMA " + schema_ + " CASCADE");
  } catch (const std::exception&) {
    // The server may be gone at the end of the run; the schema dies with it.
  }
}

TestDatabase::TestDatabase() = default;
TestDatabase::~TestDatabase() = default;

std::unique_ptr<TestDatabase> make_test_database(storage::Backend backend, bool migrate) {
  auto test_db = std::make_unique<TestDatabase>();
  search::install_sqlite_tokenizer();  // before any SQLite connection: migration 0004 needs it
  storage::DatabaseConfig config{
      .data_dir = test_db->data_dir.path(), .pool_size = 4, .create_if_missing = true};
  if (backend == storage::Backend::postgres) {
    test_db->schema = std::make_unique<PostgresSchema>();
    test_db->url = test_db->schema->url();
    config.url = test_db->url;
  }
  test_db->database = storage::open_database(config);
  if (migrate) {
    storage::migrate(*test_db->database);
    app::prepare_records(*test_db->database);
  }
  return test_db;
}

std::string backend_param_name(const ::testing::TestParamInfo<storage::Backend>& info) {
  return std::string(storage::backend_name(info.param));
}

}  // namespace imaginecole::testing
