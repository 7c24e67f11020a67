// SPDX-License-Identifier: AGPL-3.0-or-later
// Storage tests run on both backends: a fresh SQLite file in a temporary folder, and a fresh
// schema in the test PostgreSQL started by scripts/test-postgres.sh (its URL comes from
// IMAGINECOLE_TEST_POSTGRES). A missing PostgreSQL fails the test: it is never skipped.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/database.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {

// A URL to a new, empty schema of the test PostgreSQL; the schema is dropped by the returned
// guard's destructor.
class PostgresSchema {
 public:
  PostgresSchema();
  ~PostgresSchema();
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string server_url_;
  std::string schema_;
  std::string url_;
};

// The server URL from IMAGINECOLE_TEST_POSTGRES (fails the test when unset).
std::string postgres_server_url();

class PostgresDatabaseCopy;

// A database on `backend`, with the data folder it belongs to.
struct TestDatabase {
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  TempDir data_dir;
  std::unique_ptr<PostgresSchema> schema;
  std::unique_ptr<PostgresDatabaseCopy> database_copy;  // the demo's copy (demo_database.hpp)
  std::unique_ptr<storage::Database> database;
  std::string url;  // empty for SQLite
};
// A migrated, empty database on `backend`.
std::unique_ptr<TestDatabase> make_test_database(storage::Backend backend, bool migrate = true);

class BackendTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override { test_db_ = make_test_database(GetParam()); }
  storage::Database& db() { return *test_db_->database; }
  TestDatabase& test_db() { return *test_db_; }

  void use_test_database(std::unique_ptr<TestDatabase> test_db) { test_db_ = std::move(test_db); }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

std::string backend_param_name(const ::testing::TestParamInfo<storage::Backend>& info);

}  // namespace imaginecole::testing

namespace imaginecole::storage {
// Readable test names: "Backends/Storage.X/sqlite" rather than a byte dump.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << backend_name(backend);
}
}  // namespace imaginecole::storage

#define IMAGINECOLE_ON_BOTH_BACKENDS(suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                              \
                           ::testing::Values(::imaginecole::storage::Backend::sqlite,    \
                                             ::imaginecole::storage::Backend::postgres), \
                           ::imaginecole::testing::backend_param_name)
