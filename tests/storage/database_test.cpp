// SPDX-License-Identifier: AGPL-3.0-or-later
// The storage interface, the same cases on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <thread>

#include "core/ids.hpp"
#include "storage/change_watcher.hpp"
#include "storage/migrations.hpp"
#include "support/backends.hpp"

namespace imaginecole::storage {
namespace {

using testing::BackendTest;

class Storage : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    auto connection = db().write();
    connection->execute_script(
        "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT, n BIGINT, x DOUBLE PRECISION, "
        "tag TEXT UNIQUE)");
  }
};

TEST_P(Storage, ValuesRoundTripWithTheirTypes) {
  {
    auto connection = db().write();
    connection->execute("INSERT INTO notes (id, body, n, x, tag) VALUES (?, ?, ?, ?, ?)",
                        {std::string("a"), std::string("Élève — « fractions » ✓ العربية"),
                         std::int64_t{9007199254740993}, 2.5, nullptr});
  }
  auto connection = db().read();
  const auto row = connection->query_one("SELECT id, body, n, x, tag FROM notes WHERE id = ?",
                                         {std::string("a")});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(1), "Élève — « fractions » ✓ العربية");
  EXPECT_EQ(row->integer(2), 9007199254740993);
  EXPECT_DOUBLE_EQ(row->real(3), 2.5);
  EXPECT_TRUE(row->is_null(4));
  EXPECT_FALSE(row->optional_text(4));
}

TEST_P(Storage, QuotedQuestionMarksAreNotParameters) {
  auto connection = db().write();
  connection->execute("INSERT INTO notes (id, body) VALUES (?, 'why? because')",
                      {std::string("q")});
  const auto row = connection->query_one("SELECT body FROM notes WHERE id = ?", {std::string("q")});
  EXPECT_EQ(row->text(0), "why? because");
}

TEST_P(Storage, TransactionsRollBackUnlessCommitted) {
  {
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute("INSERT INTO notes (id) VALUES (?)", {std::string("lost")});
    // No commit: the guard rolls back.
  }
  {
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute("INSERT INTO notes (id) VALUES (?)", {std::string("kept")});
    transaction.commit();
  }
  auto connection = db().read();
  EXPECT_FALSE(connection->query_one("SELECT 1 FROM notes WHERE id = 'lost'"));
  EXPECT_TRUE(connection->query_one("SELECT 1 FROM notes WHERE id = 'kept'"));
}

TEST_P(Storage, ConstraintViolationsHaveTheirOwnType) {
  auto connection = db().write();
  connection->execute("INSERT INTO notes (id, tag) VALUES ('1', 'same')");
  EXPECT_THROW(connection->execute("INSERT INTO notes (id, tag) VALUES ('2', 'same')"),
               ConstraintViolation);
  EXPECT_THROW(connection->execute("INSERT INTO no_such_table VALUES (1)"), StorageError);
  // The connection is still usable after errors.
  EXPECT_EQ(connection->execute("UPDATE notes SET body = 'x' WHERE id = '1'"), 1);
}

TEST_P(Storage, WrongParameterCountIsAnError) {
  auto connection = db().write();
  EXPECT_THROW(
      connection->execute("INSERT INTO notes (id, body) VALUES (?, ?)", {std::string("1")}),
      StorageError);
}

TEST_P(Storage, MigrationsAreRecordedAndIdempotent) {
  const int version = current_schema_version(db());
  EXPECT_EQ(version, known_migrations(db().backend()).back().version);
  const MigrationReport again = migrate(db());
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.from_version, version);
}

TEST_P(Storage, ARefusedMigrationWhenTheDatabaseIsNewer) {
  {
    auto connection = db().write();
    connection->execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        {std::int64_t{9999}, std::string("9999_future"), std::string("now")});
  }
  EXPECT_THROW(migrate(db()), StorageError);
}

TEST_P(Storage, ChangeWatcherSeesLocalContentWritesAtOnce) {
  ChangeWatcher watcher(db(), std::chrono::hours(1));
  const auto before = watcher.version();
  EXPECT_EQ(watcher.version(), before);
  {
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute("UPDATE content_version SET n = n + 1 WHERE id = 1");
    transaction.commit();
  }
  EXPECT_GT(watcher.version(), before);
}

TEST_P(Storage, ConcurrentWritersDoNotLoseRows) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i) {
        auto connection = db().write();
        Transaction transaction(*connection, Transaction::Mode::write);
        connection->execute("INSERT INTO notes (id, n) VALUES (?, ?)",
                            {core::new_id(), static_cast<std::int64_t>(t)});
        transaction.commit();
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([this] {
      for (int i = 0; i < 50; ++i) {
        auto connection = db().read();
        connection->query("SELECT COUNT(*) FROM notes");
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  auto connection = db().read();
  EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM notes")->integer(0), 100);
  EXPECT_GE(db().stats().queries, 200U);
}

IMAGINECOLE_ON_BOTH_BACKENDS(Storage);

}  // namespace
}  // namespace imaginecole::storage
