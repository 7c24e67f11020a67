// SPDX-License-Identifier: AGPL-3.0-or-later
// A write is acknowledged only once its batch is synced to disk, and the thread that made it
// does not wait for the sync (decision 0040). The disk is observed, and held, through a SQLite
// VFS of the test's own that wraps the real one: its syncs wait while the test holds them, or
// fail when it says so. An implementation that answered at COMMIT's start, at the savepoint's
// release or at once would be caught answering while the sync is held.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/deferred_durability.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::storage {
namespace {

using namespace std::chrono_literals;

// The syncs the database asks for, as the test wants them to go.
struct SyncControl {
  std::mutex mutex;
  std::condition_variable changed;
  bool hold = false;
  bool fail = false;
  int held_now = 0;
  int completed = 0;

  int sync(sqlite3_file* real, int flags) {
    std::unique_lock lock(mutex);
    if (fail) {
      return SQLITE_IOERR_FSYNC;
    }
    ++held_now;
    changed.notify_all();
    changed.wait(lock, [&] { return !hold; });
    --held_now;
    lock.unlock();
    const int rc = real->pMethods->xSync(real, flags);
    lock.lock();
    ++completed;
    changed.notify_all();
    return rc;
  }
  template <typename Predicate>
  bool wait_for(Predicate predicate) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, predicate);
  }
  void set_hold(bool value) {
    std::lock_guard lock(mutex);
    hold = value;
    changed.notify_all();
  }
};

SyncControl control;
sqlite3_vfs* real_vfs = nullptr;

struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
};
sqlite3_file* real_of(sqlite3_file* file) {
  return reinterpret_cast<ShimFile*>(file)->real;
}

constexpr sqlite3_io_methods shim_methods = {
    .iVersion = 3,
    .xClose = [](sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); },
    .xRead = [](sqlite3_file* f, void* b, int n,
                sqlite3_int64 o) { return real_of(f)->pMethods->xRead(real_of(f), b, n, o); },
    .xWrite = [](sqlite3_file* f, const void* b, int n,
                 sqlite3_int64 o) { return real_of(f)->pMethods->xWrite(real_of(f), b, n, o); },
    .xTruncate = [](sqlite3_file* f,
                    sqlite3_int64 s) { return real_of(f)->pMethods->xTruncate(real_of(f), s); },
    .xSync = [](sqlite3_file* f, int flags) { return control.sync(real_of(f), flags); },
    .xFileSize = [](sqlite3_file* f,
                    sqlite3_int64* s) { return real_of(f)->pMethods->xFileSize(real_of(f), s); },
    .xLock = [](sqlite3_file* f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); },
    .xUnlock = [](sqlite3_file* f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); },
    .xCheckReservedLock =
        [](sqlite3_file* f, int* r) {
          return real_of(f)->pMethods->xCheckReservedLock(real_of(f), r);
        },
    .xFileControl = [](sqlite3_file* f, int op,
                       void* a) { return real_of(f)->pMethods->xFileControl(real_of(f), op, a); },
    .xSectorSize = [](sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); },
    .xDeviceCharacteristics =
        [](sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); },
    .xShmMap =
        [](sqlite3_file* f, int p, int s, int e, void volatile** m) {
          return real_of(f)->pMethods->xShmMap(real_of(f), p, s, e, m);
        },
    .xShmLock = [](sqlite3_file* f, int o, int n,
                   int fl) { return real_of(f)->pMethods->xShmLock(real_of(f), o, n, fl); },
    .xShmBarrier = [](sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); },
    .xShmUnmap = [](sqlite3_file* f,
                    int d) { return real_of(f)->pMethods->xShmUnmap(real_of(f), d); },
    .xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n,
                 void** p) { return real_of(f)->pMethods->xFetch(real_of(f), o, n, p); },
    .xUnfetch = [](sqlite3_file* f, sqlite3_int64 o,
                   void* p) { return real_of(f)->pMethods->xUnfetch(real_of(f), o, p); },
};

int shim_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out) {
  auto* shim = reinterpret_cast<ShimFile*>(file);
  shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
  shim->base.pMethods = nullptr;
  const int rc = real_vfs->xOpen(real_vfs, name, shim->real, flags, out);
  if (shim->real->pMethods != nullptr) {
    shim->base.pMethods = &shim_methods;
  }
  return rc;
}

// The real VFS with its files' syncs going through `control`; the default while registered.
sqlite3_vfs* shim_vfs() {
  static sqlite3_vfs vfs = [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    sqlite3_vfs copy = *real_vfs;
    copy.zName = "imaginecole-test-held-sync";
    copy.szOsFile = static_cast<int>(sizeof(ShimFile)) + real_vfs->szOsFile;
    copy.xOpen = shim_open;
    return copy;
  }();
  return &vfs;
}

class DeferredDurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3_initialize();
    sqlite3_vfs* vfs = shim_vfs();
    ASSERT_EQ(sqlite3_vfs_register(vfs, 1), SQLITE_OK);
    db_ = open_sqlite({.path = dir_.path() / "test.db", .readers = 2});
    auto connection = db_->write();
    connection->execute_script("CREATE TABLE notes (id TEXT PRIMARY KEY)");
  }
  void TearDown() override {
    control.set_hold(false);
    {
      std::lock_guard lock(control.mutex);
      control.fail = false;
    }
    db_.reset();
    sqlite3_vfs_unregister(shim_vfs());
    sqlite3_vfs_register(real_vfs, 1);
  }

  void insert(const std::string& id) {
    auto connection = db_->write();
    Transaction transaction(*connection, Transaction::Mode::write);
    connection->execute("INSERT INTO notes (id) VALUES (?)", {id});
    transaction.commit();
  }

  std::int64_t count_seen_by_a_reader() {
    auto connection = db_->read();
    return connection->query_one("SELECT COUNT(*) FROM notes")->integer(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DeferredDurabilityTest, TheAnswerWaitsForTheSyncButTheWriterDoesNot) {
  const int synced_before = control.completed;
  control.set_hold(true);

  std::atomic<bool> acknowledged{false};
  std::atomic<int> synced_when_acknowledged{-1};
  std::promise<std::optional<std::string>> outcome;
  auto request = std::async(std::launch::async, [&] {
    DeferredDurability scope;
    insert("written");
    const PendingDurability pending = scope.pending();
    EXPECT_TRUE(pending) << "a commit inside a scope leaves something to wait for";
    pending.then([&](std::optional<std::string> failure) {
      synced_when_acknowledged = control.completed;
      acknowledged = true;
      outcome.set_value(std::move(failure));
    });
  });
  // The writer's thread is free while the disk has not synced its batch.
  ASSERT_EQ(request.wait_for(5s), std::future_status::ready)
      << "commit() waited for the disk inside a deferred scope";
  ASSERT_TRUE(control.wait_for([] { return control.held_now > 0; })) << "nobody synced the batch";
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(acknowledged) << "acknowledged while its batch's sync was still held";
  // The writer is free while the sync runs: the next batch fills meanwhile.
  auto next = std::async(std::launch::async, [&] {
    DeferredDurability scope;
    insert("next");
  });
  EXPECT_EQ(next.wait_for(5s), std::future_status::ready)
      << "the writer's lock was held during the sync of the previous batch";

  control.set_hold(false);
  auto answer = outcome.get_future();
  ASSERT_EQ(answer.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(answer.get(), std::nullopt);
  EXPECT_GT(synced_when_acknowledged.load(), synced_before);
  next.wait();
  ASSERT_TRUE(control.wait_for([&] { return control.completed >= synced_before + 2; }))
      << "the second batch was never synced";
  EXPECT_EQ(count_seen_by_a_reader(), 2);
}

TEST_F(DeferredDurabilityTest, OutsideAScopeCommitReturnsOnlyOnceSynced) {
  control.set_hold(true);
  auto writer = std::async(std::launch::async, [&] { insert("waited"); });
  ASSERT_TRUE(control.wait_for([] { return control.held_now > 0; }));
  EXPECT_EQ(writer.wait_for(100ms), std::future_status::timeout)
      << "commit() returned before its batch was synced";
  control.set_hold(false);
  ASSERT_EQ(writer.wait_for(10s), std::future_status::ready);
  writer.get();
}

TEST_F(DeferredDurabilityTest, AFailedSyncIsReportedAsNotSaved) {
  {
    std::lock_guard lock(control.mutex);
    control.fail = true;
  }
  std::promise<std::optional<std::string>> outcome;
  {
    DeferredDurability scope;
    insert("lost");
    scope.pending().then(
        [&](std::optional<std::string> failure) { outcome.set_value(std::move(failure)); });
  }
  auto answer = outcome.get_future();
  ASSERT_EQ(answer.wait_for(10s), std::future_status::ready);
  EXPECT_NE(answer.get(), std::nullopt) << "a write whose sync failed was reported saved";
}

TEST_F(DeferredDurabilityTest, ARequestReadsItsOwnWritesThroughAReader) {
  DeferredDurability scope;
  insert("mine");
  EXPECT_EQ(count_seen_by_a_reader(), 1);
}

}  // namespace
}  // namespace imaginecole::storage
