// SPDX-License-Identifier: AGPL-3.0-or-later
// The migrations loader: one folder of portable SQL with per-backend overrides, and one
// transaction per migration (decision 0019).
#include <gtest/gtest.h>

#include <thread>
#include <utility>

#include "storage/migrations.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"

namespace imaginecole::storage {
namespace {

using testing::BackendTest;

std::vector<std::pair<int, std::string>> versions_and_names(const std::vector<Migration>& list) {
  std::vector<std::pair<int, std::string>> out;
  out.reserve(list.size());
  for (const Migration& migration : list) {
    out.emplace_back(migration.version, migration.name);
  }
  return out;
}

std::vector<std::string> sql_of(const std::vector<Migration>& list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const Migration& migration : list) {
    out.push_back(migration.sql);
  }
  return out;
}

TEST(MigrationLayout, ABackendFileReplacesThePortableOneOfItsNumber) {
  const EmbeddedFile files[] = {
      {"0003_c.sql", "portable c"},          {"postgres/0003_c.sql", "postgres c"},
      {"0001_a.sql", "portable a"},          {"sqlite/0002_b.sql", "sqlite b"},
      {"postgres/0002_b.sql", "postgres b"}, {"README.md", "not a migration"},
  };
  const auto sqlite = resolve_migrations(files, Backend::sqlite);
  const auto postgres = resolve_migrations(files, Backend::postgres);
  const std::vector<std::pair<int, std::string>> names = {
      {1, "0001_a"}, {2, "0002_b"}, {3, "0003_c"}};
  EXPECT_EQ(versions_and_names(sqlite), names);
  EXPECT_EQ(versions_and_names(postgres), names);
  EXPECT_EQ(sql_of(sqlite), (std::vector<std::string>{"portable a", "sqlite b", "portable c"}));
  EXPECT_EQ(sql_of(postgres), (std::vector<std::string>{"portable a", "postgres b", "postgres c"}));
}

void expect_refused(std::span<const EmbeddedFile> files, const std::string& expected_words) {
  for (const Backend backend : {Backend::sqlite, Backend::postgres}) {
    try {
      resolve_migrations(files, backend);
      ADD_FAILURE() << "accepted on " << backend_name(backend);
    } catch (const StorageError& error) {
      EXPECT_NE(std::string(error.what()).find(expected_words), std::string::npos) << error.what();
    }
  }
}

// Refused on both backends: a SQLite server must not start with a migration PostgreSQL lacks,
// or the two schemas drift apart unnoticed until someone moves to PostgreSQL.
TEST(MigrationLayout, ANumberForOneBackendOnlyIsAnError) {
  const EmbeddedFile only_sqlite[] = {{"0001_a.sql", "a"}, {"sqlite/0002_b.sql", "b"}};
  expect_refused(only_sqlite, "migration sqlite/0002_b.sql exists for one backend only");
  const EmbeddedFile only_postgres[] = {{"postgres/0001_a.sql", "a"}};
  expect_refused(only_postgres, "add sqlite/0001_a.sql");
}

TEST(MigrationLayout, InconsistentFilesAreErrors) {
  const EmbeddedFile renamed[] = {{"0001_a.sql", "a"}, {"postgres/0001_other.sql", "b"}};
  expect_refused(renamed, "share a number but not a name");
  const EmbeddedFile twice[] = {{"0001_a.sql", "a"}, {"0001_b.sql", "b"}};
  expect_refused(twice, "two migrations numbered 1 in one folder");
  const EmbeddedFile misplaced[] = {{"postgresql/0001_a.sql", "a"}};
  expect_refused(misplaced, "unknown folder");
  const EmbeddedFile unnumbered[] = {{"foundation.sql", "a"}};
  expect_refused(unnumbered, "does not start with its number");
}

// schema_migrations of an existing data folder holds these rows (the old layout, one full copy
// per backend): the new layout must give the same numbers and names on both backends, so that
// nothing is re-applied and both backends keep recording the same names.
TEST(MigrationLayout, EmbeddedMigrationsKeepTheNamesDatabasesRecorded) {
  const std::vector<std::pair<int, std::string>> recorded_by_the_old_layout = {
      {1, "0001_foundation"}, {2, "0002_accounts"},       {3, "0003_resources"},
      {4, "0004_search"},     {5, "0005_crosswalk"},      {6, "0006_classroom"},
      {7, "0007_roster"},     {9, "0009_questions"},      {10, "0010_authoring"},
      {11, "0011_media"},     {12, "0012_class_sharing"}, {13, "0013_sign_in_throttling"},
  };
  for (const Backend backend : {Backend::sqlite, Backend::postgres}) {
    const auto known = versions_and_names(known_migrations(backend));
    ASSERT_GE(known.size(), recorded_by_the_old_layout.size()) << backend_name(backend);
    EXPECT_EQ(std::vector(known.begin(), known.begin() + recorded_by_the_old_layout.size()),
              recorded_by_the_old_layout)
        << backend_name(backend);
  }
  EXPECT_EQ(versions_and_names(known_migrations(Backend::sqlite)),
            versions_and_names(known_migrations(Backend::postgres)));
}

class MigrationRuns : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { test_db_ = testing::make_test_database(GetParam(), /*migrate=*/false); }
  Database& db() { return *test_db_->database; }
  testing::TestDatabase& test_db() { return *test_db_; }

  std::vector<std::pair<int, std::string>> recorded() {
    auto connection = db().read();
    std::vector<std::pair<int, std::string>> out;
    for (const Row& row :
         connection->query("SELECT version, name FROM schema_migrations ORDER BY version").rows) {
      out.emplace_back(static_cast<int>(row.integer(0)), row.text(1));
    }
    return out;
  }

  bool table_exists(const std::string& table) {
    auto connection = db().read();
    try {
      connection->query("SELECT COUNT(*) FROM " + table);
      return true;
    } catch (const StorageError&) {
      return false;
    }
  }

 private:
  std::unique_ptr<testing::TestDatabase> test_db_;
};

TEST_P(MigrationRuns, AFailingMigrationLeavesTheEarlierOnesApplied) {
  std::vector<Migration> migrations = known_migrations(GetParam());
  migrations.push_back({9001, "9001_good", "CREATE TABLE good_one (x INTEGER)"});
  migrations.push_back({9002, "9002_broken",
                        "CREATE TABLE half_done (x INTEGER);\n"
                        "INSERT INTO no_such_table (x) VALUES (1)"});
  migrations.push_back({9003, "9003_after", "CREATE TABLE after_broken (x INTEGER)"});

  try {
    migrate(db(), migrations);
    FAIL() << "the broken migration was accepted";
  } catch (const MigrationFailed& error) {
    EXPECT_EQ(error.migration(), "9002_broken");
    ASSERT_FALSE(error.applied_before().empty());
    EXPECT_EQ(error.applied_before().back(), "9001_good");
    EXPECT_NE(std::string(error.what()).find("migration 9002_broken failed"), std::string::npos)
        << error.what();
  }

  const auto rows = recorded();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back(), std::make_pair(9001, std::string("9001_good")));
  EXPECT_EQ(rows.size(), known_migrations(GetParam()).size() + 1);
  EXPECT_TRUE(table_exists("good_one"));
  EXPECT_FALSE(table_exists("half_done")) << "the failing migration was not rolled back";
  EXPECT_FALSE(table_exists("after_broken")) << "a migration after the failure ran";

  // Fixed, the run resumes after the last one applied.
  migrations[migrations.size() - 2].sql = "CREATE TABLE half_done (x INTEGER)";
  const MigrationReport resumed = migrate(db(), migrations);
  EXPECT_EQ(resumed.from_version, 9001);
  EXPECT_EQ(resumed.applied, (std::vector<std::string>{"9002_broken", "9003_after"}));
  EXPECT_EQ(resumed.to_version, 9003);
}

TEST_P(MigrationRuns, AFreshDatabaseRecordsEveryMigrationOnce) {
  const MigrationReport report = migrate(db());
  const auto known = known_migrations(GetParam());
  EXPECT_EQ(report.from_version, 0);
  EXPECT_EQ(report.to_version, known.back().version);
  EXPECT_EQ(report.applied.size(), known.size());
  const auto rows = recorded();
  EXPECT_EQ(rows, versions_and_names(known));
}

// Several servers start at once against one database: each migration is applied by exactly one
// of them, and none fails (PostgreSQL: the advisory lock; SQLite: the write lock).
TEST_P(MigrationRuns, ServersStartingTogetherApplyEachMigrationOnce) {
  constexpr int kServers = 3;
  std::vector<std::unique_ptr<Database>> servers;
  servers.reserve(kServers);
  for (int i = 0; i < kServers; ++i) {
    servers.push_back(open_database(DatabaseConfig{
        .data_dir = test_db().data_dir.path(), .url = test_db().url, .pool_size = 2}));
  }
  std::vector<MigrationReport> reports(kServers);
  std::vector<std::string> errors(kServers);
  std::vector<std::thread> threads;
  threads.reserve(kServers);
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      try {
        reports[i] = migrate(*servers[i]);
      } catch (const std::exception& error) {
        errors[i] = error.what();
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::size_t applied = 0;
  for (int i = 0; i < kServers; ++i) {
    EXPECT_EQ(errors[i], "") << "server " << i;
    applied += reports[i].applied.size();
  }
  EXPECT_EQ(applied, known_migrations(GetParam()).size());
  EXPECT_EQ(recorded(), versions_and_names(known_migrations(GetParam())));
}

IMAGINECOLE_ON_BOTH_BACKENDS(MigrationRuns);

}  // namespace
}  // namespace imaginecole::storage
