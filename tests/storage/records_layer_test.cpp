// SPDX-License-Identifier: AGPL-3.0-or-later
// The synced-record layer on both backends: triggers stamp and log every write with its scope,
// the feed never skips a committed line, tombstones beat every version, erasure is sticky,
// page caches move only with content, and the server's epoch follows copies of its data.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "app/record_registry.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "storage/change_feed.hpp"
#include "storage/change_triggers.hpp"
#include "storage/node_identity.hpp"
#include "storage/open_database.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"
#include "support/change_log_audit.hpp"

namespace imaginecole::storage {
namespace {

using testing::BackendTest;

class RecordsLayer : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    identity_ = load_node_identity(db());
  }

  std::string add_region(std::string_view country, std::string_view name, std::int64_t hlc = 0,
                         std::string_view origin = "", std::string id = core::new_id()) {
    const std::string now = core::now_timestamp();
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute(
        "INSERT INTO regions (id, country_code, name, created_at, updated_at, origin_node, hlc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, std::string(country), std::string(name), now, now, std::string(origin), hlc});
    transaction.commit();
    return id;
  }

  void write(std::string_view sql, std::initializer_list<Value> params = {}) {
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute(sql, params);
    transaction.commit();
  }

  std::int64_t number(std::string_view sql, std::initializer_list<Value> params = {}) {
    auto connection = db().read();
    return connection->query_one(sql, params)->integer(0);
  }

  void settle() { testing::wait_until_feed_is_final(db()); }

  std::vector<FeedLine> lines_of(std::string_view id) {
    settle();
    auto connection = db().read();
    std::vector<FeedLine> out;
    for (auto& line : read_changes(*connection, identity_.epoch, std::nullopt, {}, 100000).lines) {
      if (line.id == id) {
        out.push_back(std::move(line));
      }
    }
    return out;
  }

  NodeIdentity identity_;
};

TEST_P(RecordsLayer, EveryTableOfTheSchemaIsRegisteredSyncedOrLocal) {
  const auto& registry = app::platform_record_registry();
  auto connection = db().read();
  std::vector<std::string> undeclared;
  for (const auto& table : schema_tables(*connection)) {
    if (!registry.knows(table)) {
      undeclared.push_back(table);
    }
  }
  EXPECT_TRUE(undeclared.empty()) << "tables neither synced nor local: " << undeclared.front();
  for (const auto& table : registry.synced()) {
    EXPECT_FALSE(table.owner.empty()) << table.name;
  }
}

// src/tables.txt (the layering check's list) and the registry name the same owner for each table.
TEST(RecordRegistry, OwnersAgreeWithTheLayeringChecksList) {
  std::ifstream list(std::string(IMAGINECOLE_SOURCE_DIR) + "/src/tables.txt");
  ASSERT_TRUE(list) << "src/tables.txt";
  const auto& registry = app::platform_record_registry();
  std::size_t checked = 0;
  for (std::string line; std::getline(list, line);) {
    std::istringstream words(line);
    std::string table;
    std::string owner;
    if (!(words >> table >> owner) || table.starts_with('#')) {
      continue;
    }
    ++checked;
    if (const auto* synced = registry.find_synced(table)) {
      EXPECT_EQ(synced->owner, owner) << table;
    } else {
      bool found = false;
      for (const auto& local : registry.local()) {
        if (local.name == table) {
          found = true;
          EXPECT_EQ(local.owner, owner) << table;
        }
      }
      EXPECT_TRUE(found) << table << " is in src/tables.txt but not in the registry";
    }
  }
  EXPECT_EQ(checked, registry.synced().size() + registry.local().size());
}

TEST_P(RecordsLayer, LocalWritesAreStampedAndLoggedWithTheirScope) {
  const std::string id = add_region("SN", "Dakar");
  write("UPDATE regions SET name = ? WHERE id = ?", {std::string("Dakar-Plateau"), id});
  write("DELETE FROM regions WHERE id = ?", {id});

  const auto lines = lines_of(id);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].op, "upsert");
  EXPECT_EQ(lines[1].op, "upsert");
  EXPECT_EQ(lines[2].op, "delete");
  for (const auto& line : lines) {
    EXPECT_EQ(line.entity, "regions");
    EXPECT_EQ(line.country, "SN");
    EXPECT_FALSE(line.school);
    EXPECT_EQ(line.origin_node, identity_.node_id);
    EXPECT_GT(line.hlc, 0);
  }
  EXPECT_LT(lines[0].hlc, lines[1].hlc);
  EXPECT_LT(lines[1].hlc, lines[2].hlc) << "a tombstone beats the last live version";
}

TEST_P(RecordsLayer, SchoolRowsCarryTheirCountryAndSchoolCode) {
  const std::string now = core::now_timestamp();
  const std::string school = core::new_id();
  const std::string klass = core::new_id();
  write(
      "INSERT INTO schools (id, code, country_code, name, created_at, updated_at, origin_node) "
      "VALUES (?, 'DKR001', 'SN', 'École Liberté 6', ?, ?, '')",
      {school, now, now});
  write(
      "INSERT INTO classes (id, school_id, name, created_at, updated_at, origin_node) "
      "VALUES (?, ?, 'CM2 A', ?, ?, '')",
      {klass, school, now, now});
  const auto lines = lines_of(klass);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].country, "SN");
  EXPECT_EQ(lines[0].school, "DKR001");

  settle();
  auto connection = db().read();
  const auto for_school =
      read_changes(*connection, identity_.epoch, std::nullopt, {.school = "DKR001"}, 100);
  ASSERT_EQ(for_school.lines.size(), 2U) << "the school and its class";
  const auto for_other =
      read_changes(*connection, identity_.epoch, std::nullopt, {.school = "ABJ001"}, 100);
  EXPECT_TRUE(for_other.lines.empty());
}

TEST_P(RecordsLayer, RowsAppliedFromAPeerKeepTheirStampAndOrigin) {
  const std::int64_t remote = (std::int64_t{1700000000000} << 16) + 7;
  const std::string id = add_region("CI", "Abidjan", remote, "peer-node");
  auto lines = lines_of(id);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].hlc, remote);
  EXPECT_EQ(lines[0].origin_node, "peer-node");

  write("UPDATE regions SET name = 'Abidjan-Sud' WHERE id = ?", {id});
  lines = lines_of(id);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_GT(lines[1].hlc, remote);
  EXPECT_EQ(lines[1].origin_node, identity_.node_id)
      << "a local write makes this server the origin";
}

TEST_P(RecordsLayer, ATombstoneBeatsAPeerVersionFromTheFuture) {
  const auto in_an_hour =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch() + std::chrono::hours(1))
          .count();
  const std::int64_t remote = in_an_hour << 16;
  const std::string id = add_region("ML", "Bamako", remote, "fast-clock-node");
  write("DELETE FROM regions WHERE id = ?", {id});
  const auto lines = lines_of(id);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[1].op, "delete");
  EXPECT_GT(lines[1].hlc, remote);
}

TEST_P(RecordsLayer, AnErasedRecordCanNeverComeBack) {
  const std::string id = add_region("NE", "Niamey");
  {
    auto connection = db().write();
    Transaction transaction(*connection, Transaction::Mode::write);
    mark_erased(*connection, "regions", id);
    connection->execute("DELETE FROM regions WHERE id = ?", {id});
    transaction.commit();
  }
  EXPECT_THROW(add_region("NE", "Niamey", std::int64_t{1} << 40, "old-backup", id),
               ConstraintViolation);
  EXPECT_EQ(number("SELECT COUNT(*) FROM regions WHERE id = ?", {id}), 0);
  EXPECT_EQ(lines_of(id).back().op, "delete");
}

TEST_P(RecordsLayer, TheFeedPagesInOrderAndFiltersByCountry) {
  std::vector<std::string> senegal;
  for (int i = 0; i < 5; ++i) {
    senegal.push_back(add_region("SN", "Région " + std::to_string(i)));
    add_region("TG", "Région " + std::to_string(i));
  }
  settle();
  auto connection = db().read();
  std::vector<std::string> seen;
  std::optional<FeedCursor> cursor;
  for (;;) {
    const auto page = read_changes(*connection, identity_.epoch, cursor, {.country = "SN"}, 2);
    if (page.lines.empty()) {
      break;
    }
    for (const auto& line : page.lines) {
      EXPECT_EQ(line.country, "SN");
      seen.push_back(line.id);
    }
    const auto parsed = FeedCursor::parse(page.next.text());
    ASSERT_TRUE(parsed);
    cursor = parsed;
  }
  EXPECT_EQ(seen, senegal);

  EXPECT_FALSE(FeedCursor::parse("not-a-cursor"));
  EXPECT_FALSE(FeedCursor::parse("abc.1"));
  EXPECT_FALSE(FeedCursor::parse("abc.-1.2"));
  EXPECT_FALSE(FeedCursor::parse("ABC.1.2\r\n"));
  const FeedCursor other_epoch{.epoch = "0123456789ab", .tx = 0, .seq = 1};
  EXPECT_THROW(read_changes(*connection, identity_.epoch, other_epoch, {}, 10), StaleCursor);
}

// T1 takes a position, T2 takes a later one and commits first: a reader must not move past
// T1's line before T1 commits. Writers hold their transaction open a random while.
TEST_P(RecordsLayer, AReaderNeverSkipsALineThatCommitsLater) {
  std::atomic<bool> writing{true};
  std::mutex committed_mutex;
  std::set<std::string> committed;
  std::vector<std::thread> writers;
  writers.reserve(4);
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      for (int i = 0; i < 30; ++i) {
        const std::string id = core::new_id();
        const std::string now = core::now_timestamp();
        auto connection = db().write();
        Transaction transaction(*connection, Transaction::Mode::write);
        connection->execute(
            "INSERT INTO regions (id, country_code, name, created_at, updated_at, origin_node) "
            "VALUES (?, 'BF', ?, ?, ?, '')",
            {id, id, now, now});
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
        transaction.commit();
        std::lock_guard lock(committed_mutex);
        committed.insert(id);
      }
    });
  }
  std::set<std::string> read;
  std::optional<FeedCursor> cursor;
  const auto read_some = [&] {
    auto connection = db().read();
    const auto page = read_changes(*connection, identity_.epoch, cursor, {.country = "BF"}, 1000);
    for (const auto& line : page.lines) {
      read.insert(line.id);
    }
    cursor = page.next;
  };
  std::thread reader([&] {
    while (writing) {
      read_some();
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
  });
  for (auto& writer : writers) {
    writer.join();
  }
  writing = false;
  reader.join();
  settle();
  read_some();
  ASSERT_EQ(committed.size(), 120U);
  std::vector<std::string> skipped;
  for (const auto& id : committed) {
    if (read.count(id) == 0) {
      skipped.push_back(id);
    }
  }
  EXPECT_TRUE(skipped.empty()) << skipped.size() << " committed lines were never read";
}

TEST_P(RecordsLayer, OnlyContentWritesMoveTheContentVersion) {
  const auto version = [&] {
    auto connection = db().read();
    return content_version(*connection);
  };
  const std::int64_t before = version();
  add_region("GN", "Conakry");  // accounts data, not content
  EXPECT_EQ(version(), before);
  const std::string now = core::now_timestamp();
  write(
      "INSERT INTO subjects (id, slug, names, position, created_at, updated_at, origin_node) "
      "VALUES (?, 'astronomie', '{\"fr\":\"Astronomie\"}', 99, ?, ?, '')",
      {core::new_id(), now, now});
  EXPECT_GT(version(), before);
}

TEST_P(RecordsLayer, CompactionKeepsTheLatestLineOfEachRowAndDropsOldTombstones) {
  const std::string kept = add_region("TD", "N'Djamena");
  for (int i = 0; i < 3; ++i) {
    write("UPDATE regions SET name = ? WHERE id = ?", {"N'Djamena " + std::to_string(i), kept});
  }
  const std::string gone = add_region("TD", "Abéché");
  FeedCursor before_delete;
  settle();
  {
    auto connection = db().read();
    before_delete = read_changes(*connection, identity_.epoch, std::nullopt, {}, 100000).next;
  }
  write("DELETE FROM regions WHERE id = ?", {gone});
  write("UPDATE change_log SET changed_at = '2020-01-01T00:00:00.000Z' WHERE entity_id = ?",
        {gone});
  ASSERT_EQ(lines_of(kept).size(), 4U);

  const auto report = compact_changes(db(), 30);
  EXPECT_GE(report.superseded_dropped, 4) << "three versions of one row and the other's upsert";
  EXPECT_EQ(report.tombstones_dropped, 1);
  const auto lines = lines_of(kept);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(number("SELECT COUNT(*) FROM change_log WHERE entity_id = ?", {gone}), 0);

  auto connection = db().read();
  EXPECT_THROW(read_changes(*connection, identity_.epoch, before_delete, {}, 10), StaleCursor)
      << "a reader that had not seen the dropped tombstone must start again";
  EXPECT_NO_THROW(read_changes(*connection, identity_.epoch, std::nullopt, {}, 10));
}

TEST_P(RecordsLayer, TheEpochChangesWhenTheDataIsCopied) {
  EXPECT_EQ(load_node_identity(db()).epoch, identity_.epoch) << "a restart keeps the epoch";
  EXPECT_TRUE(core::is_valid_id(identity_.node_id));
  write("UPDATE node_settings SET value = 'another machine' WHERE key = 'fingerprint'");
  const auto moved = load_node_identity(db());
  EXPECT_TRUE(moved.epoch_is_new);
  EXPECT_NE(moved.epoch, identity_.epoch);
  EXPECT_EQ(moved.node_id, identity_.node_id);
  EXPECT_NE(start_new_epoch(db()), moved.epoch);
}

TEST_P(RecordsLayer, ASecondWriteLeaseOnTheSameThreadIsRefused) {
#ifdef IMAGINECOLE_STRICT_CHECKS
  auto first = db().write();
  EXPECT_THROW(db().write(), std::logic_error);
#else
  GTEST_SKIP() << "checked in debug and CI builds";
#endif
}

TEST_P(RecordsLayer, ConcurrentTransactionsAreAllDurableAndAFailedOneLosesOnlyItself) {
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::atomic<int> refused{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const std::string name = "r" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto connection = db().write();
          Transaction transaction(*connection, Transaction::Mode::write);
          const std::string now = core::now_timestamp();
          connection->execute(
              "INSERT INTO regions (id, country_code, name, created_at, updated_at, origin_node) "
              "VALUES (?, 'CM', ?, ?, ?, '')",
              {core::new_id(), i % 10 == 9 ? std::string("duplicate") : name, now, now});
          transaction.commit();
        } catch (const ConstraintViolation&) {
          ++refused;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  // 8 × 36 distinct names, plus one "duplicate" that won; 8 × 4 − 1 refused.
  EXPECT_EQ(number("SELECT COUNT(*) FROM regions WHERE country_code = 'CM'"), 8 * 36 + 1);
  EXPECT_EQ(refused.load(), 8 * 4 - 1);
  EXPECT_EQ(number("SELECT COUNT(*) FROM change_log WHERE entity = 'regions' AND country = 'CM'"),
            8 * 36 + 1);
}

TEST(RecordsLayerSqlite, ACopiedDataFolderStartsANewEpoch) {
  auto original = testing::make_test_database(Backend::sqlite);
  const auto identity = load_node_identity(*original->database);
  original->database->purge_erased_pages();  // everything in the main file
  testing::TempDir copy;
  std::filesystem::copy_file(original->data_dir.path() / kSqliteFileName,
                             copy.path() / kSqliteFileName);
  const auto database = open_database({.data_dir = copy.path()});
  const auto copied = load_node_identity(*database);
  EXPECT_EQ(copied.node_id, identity.node_id);
  EXPECT_NE(copied.epoch, identity.epoch);
  EXPECT_TRUE(copied.epoch_is_new);
}

IMAGINECOLE_ON_BOTH_BACKENDS(RecordsLayer);

}  // namespace
}  // namespace imaginecole::storage
