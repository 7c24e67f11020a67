// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/no_waiting.hpp"
#include "storage/deferred_durability.hpp"
#include "storage/stats_recorder.hpp"

namespace imaginecole::storage {
namespace {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// SQLite reports a full disk as SQLITE_FULL while writing pages, but as a plain I/O error when
// it cannot grow its shared-memory or write-ahead files (opening, checkpointing). Either way
// the person must read that the disk is full, not "disk I/O error": the folder's free space
// tells which.
bool folder_is_full(const std::filesystem::path& database_path) {
  struct statvfs stats {};
  const auto folder = database_path.parent_path().empty() ? std::filesystem::path(".")
                                                          : database_path.parent_path();
  if (::statvfs(folder.c_str(), &stats) != 0) {
    return false;
  }
  constexpr unsigned long long kLessThanAWrite = 256 * 1024;
  return static_cast<unsigned long long>(stats.f_bavail) * stats.f_frsize < kLessThanAWrite;
}

std::string with_full_disk_named(std::string message, int code,
                                 const std::filesystem::path& database_path) {
  const int primary = code & 0xff;
  if (primary == SQLITE_FULL ||
      ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && folder_is_full(database_path))) {
    message += " - the disk is full (no space left on device in " +
               database_path.parent_path().string() + "): free some space and try again";
  }
  return message;
}

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  const char* file = sqlite3_db_filename(db, "main");
  std::string message = with_full_disk_named(
      std::string(context) + ": " + sqlite3_errmsg(db) + " (" + sqlite3_errstr(code) + ")", code,
      file != nullptr ? std::filesystem::path(file) : std::filesystem::path());
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    throw ConstraintViolation(message);
  }
  throw StorageError(message);
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(SqliteHandle db, StatsRecorder& stats) : db_(std::move(db)), stats_(stats) {}

  Backend backend() const override { return Backend::sqlite; }

  QueryResult query(std::string_view sql, Params params) override {
    QueryResult result;
    run(sql, params, &result);
    return result;
  }

  std::int64_t execute(std::string_view sql, Params params) override {
    run(sql, params, nullptr);
    return sqlite3_changes64(db_.get());
  }

  void execute_script(std::string_view sql) override {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      const char* file = sqlite3_db_filename(db_.get(), "main");
      throw StorageError(with_full_disk_named("sqlite script failed: " + message,
                                              sqlite3_extended_errcode(db_.get()),
                                              file != nullptr ? file : ""));
    }
  }

  void begin(bool for_write) override {
    execute(for_write ? "BEGIN IMMEDIATE" : "BEGIN", Params{});
    writing_ = for_write;
  }
  void commit() override {
    execute("COMMIT", Params{});
    if (writing_) {
      stats_.record_commit();
    }
  }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  sqlite3* handle() const { return db_.get(); }
  // Runs a statement of the writer's own (BEGIN, SAVEPOINT, COMMIT), failing loudly.
  void run_control(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      stats_.record_error();
      const char* file = sqlite3_db_filename(db_.get(), "main");
      throw StorageError(with_full_disk_named(std::string(sql) + " failed: " + message,
                                              sqlite3_extended_errcode(db_.get()),
                                              file != nullptr ? file : ""));
    }
  }
  void run_control_noexcept(const char* sql) noexcept {
    sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      return it->second.get();
    }
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) {
      stats_.record_error();
      fail(db_.get(), rc, "prepare");
    }
    StatementHandle handle(raw);
    auto [inserted, ok] = statements_.emplace(std::string(sql), std::move(handle));
    (void)ok;
    return inserted->second.get();
  }

  void bind(sqlite3_stmt* statement, Params params) {
    const int expected = sqlite3_bind_parameter_count(statement);
    if (expected != static_cast<int>(params.size())) {
      throw StorageError("statement expects " + std::to_string(expected) + " parameters, got " +
                         std::to_string(params.size()) + ": " + sqlite3_sql(statement));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& value = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(value)) {
        rc = sqlite3_bind_null(statement, index);
      } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(statement, index, *integer);
      } else if (const auto* real = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(statement, index, *real);
      } else {
        const auto& text = std::get<std::string>(value);
        rc = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) {
        fail(db_.get(), rc, "bind");
      }
    }
  }

  void run(std::string_view sql, Params params, QueryResult* result) {
    const auto started = std::chrono::steady_clock::now();
    sqlite3_stmt* statement = prepare(sql);
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{statement};
    bind(statement, params);

    const int columns = sqlite3_column_count(statement);
    if (result != nullptr) {
      result->columns.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        result->columns.emplace_back(sqlite3_column_name(statement, c));
      }
    }
    for (;;) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) {
        break;
      }
      if (rc != SQLITE_ROW) {
        stats_.record_error();
        fail(db_.get(), rc, "step");
      }
      if (result == nullptr) {
        continue;
      }
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(statement, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(statement, c));
            break;
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
            values.emplace_back(
                std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, c))));
          }
        }
      }
      result->rows.emplace_back(std::move(values));
    }
    stats_.record_query(std::chrono::steady_clock::now() - started);
  }

  SqliteHandle db_;
  StatsRecorder& stats_;
  bool writing_ = false;
  std::unordered_map<std::string, StatementHandle> statements_;
};

SqliteHandle open_handle(const SqliteOptions& options, bool reader) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(options.path.c_str(), &raw, flags, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) {
    throw StorageError(
        with_full_disk_named("cannot open database " + options.path.string() + ": " +
                                 (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)),
                             rc, options.path));
  }
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  // synchronous = FULL on readers (they write nothing). The writer runs NORMAL, and the
  // group-commit writer below syncs the write-ahead log itself after each batch's COMMIT, before
  // anyone is told: what synchronous = FULL would do, but with the writer's lock released during
  // the sync, so the next batch fills while this one goes to disk. A power cut never loses an
  // acknowledged write.
  std::string pragmas =
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;";
  if (!reader) {
    // secure_delete: deleted and overwritten content is zeroed in the page instead of left
    // in free space, so an erased pupil's name is not in the file's bytes (only the writer
    // deletes anything).
    pragmas = "PRAGMA journal_mode = WAL; PRAGMA secure_delete = ON; " + pragmas +
              " PRAGMA synchronous = NORMAL;";
  } else {
    pragmas += " PRAGMA query_only = ON;";
  }
  char* error = nullptr;
  if (const int configured = sqlite3_exec(raw, pragmas.c_str(), nullptr, nullptr, &error);
      configured != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw StorageError(
        with_full_disk_named("cannot configure database " + options.path.string() + ": " + message,
                             sqlite3_extended_errcode(raw), options.path));
  }
  return handle;
}

// Which SQLite writers the calling thread holds: a second write lease on the same thread would
// wait for itself forever, and is refused instead.
thread_local std::vector<const void*> held_writers;

bool thread_holds(const void* writer) {
  return std::find(held_writers.begin(), held_writers.end(), writer) != held_writers.end();
}

// The one writer connection, shared by every thread that writes, with group commit.
//
// A transaction on it is a SAVEPOINT inside a batch transaction that stays open while other
// writers are queued: each writer's Transaction::commit() releases its savepoint, and then
// either commits the batch (when nobody else is queued, the batch is full or old) or hands the
// connection to the next writer and waits. One sync to disk then acknowledges every
// transaction of the batch, and commit() returns only once its batch is on disk: a caller never
// reports success for a write a power cut could lose. If the batch's commit fails (disk full,
// I/O error), every commit() of the batch throws.
//
// Inside a DeferredDurability scope (an HTTP request), commit() does not wait: it notes the
// batch in the scope, hands the connection on and returns; the committer thread syncs the batch
// as soon as nobody holds the writer, and then calls what each request registered with
// when_durable(), which sends its answer. No thread waits for the disk but the committer.
class GroupCommitWriter final : public Connection, public DurabilitySource {
 public:
  GroupCommitWriter(std::unique_ptr<SqliteConnection> connection, StatsRecorder& stats)
      : connection_(std::move(connection)),
        stats_(stats),
        committer_([this] { run_committer(); }) {}

  ~GroupCommitWriter() override {
    {
      std::lock_guard lock(state_mutex_);
      stopping_ = true;
    }
    commit_wanted_.notify_one();
    committer_.join();
  }

  static constexpr std::size_t kMaxBatch = 256;
  static constexpr auto kMaxBatchAge = std::chrono::milliseconds(4);

  Backend backend() const override { return Backend::sqlite; }

  // A statement outside a transaction first makes the open batch durable, then runs on its
  // own (autocommit, synchronous): its result is final when it returns.
  QueryResult query(std::string_view sql, Params params) override {
    prepare_statement_outside_job();
    QueryResult result = connection_->query(sql, params);
    sync_statement_outside_job();
    return result;
  }
  std::int64_t execute(std::string_view sql, Params params) override {
    prepare_statement_outside_job();
    const std::int64_t changed = connection_->execute(sql, params);
    sync_statement_outside_job();
    return changed;
  }
  void execute_script(std::string_view sql) override {
    prepare_statement_outside_job();
    connection_->execute_script(sql);
    sync_statement_outside_job();
  }

  void begin(bool /*for_write*/) override {
    ensure_held();
    if (job_open_) {
      throw std::logic_error(
          "nested transaction on the SQLite writer: the service that opened the first one must "
          "hand its connection to the stores it calls");
    }
    if (batch_open_ && batch_is_due()) {
      commit_batch_reporting_to_members();
    }
    if (!batch_open_) {
      connection_->run_control("BEGIN IMMEDIATE");
      std::lock_guard lock(state_mutex_);
      batch_open_ = true;
      ++batch_id_;
      batch_jobs_ = 0;
      batch_started_ = std::chrono::steady_clock::now();
    }
    connection_->run_control("SAVEPOINT job");
    job_open_ = true;
    if (DeferredDurability* scope = DeferredDurability::current(); scope != nullptr) {
      // What this transaction reads includes the batch's other writes, not yet on disk: even
      // if it rolls back, its answer may rest on them, so it waits for them too.
      scope->note(*this, batch_id_);
    }
  }

  void commit() override {
    ensure_held();
    connection_->run_control("RELEASE job");
    job_open_ = false;
    ++batch_jobs_;
    if (DeferredDurability* scope = DeferredDurability::current(); scope != nullptr) {
      // Acknowledged later, by whoever holds the scope, once the committer has synced it.
      scope->note(*this, batch_id_);
      unlock_writer();
      return;
    }
    wait_until_durable();
  }

  void rollback() noexcept override {
    if (!job_open_) {
      return;
    }
    job_open_ = false;
    if (connection_->in_transaction()) {
      connection_->run_control_noexcept("ROLLBACK TO job");
      connection_->run_control_noexcept("RELEASE job");
    } else {
      // SQLite rolled the whole batch back itself (disk full, I/O error): every transaction
      // that released its savepoint in it is lost and must not be acknowledged.
      fail_batch("the batch was rolled back by SQLite after an error");
    }
  }

  // The write lease: taken by Database::write(), released by its destructor.
  void acquire() {
    if (thread_holds(this)) {
      throw std::logic_error(
          "nested write: this thread already holds the SQLite writer (a second write lease would "
          "wait for itself); pass the first lease's Connection down instead");
    }
    lock_writer();
    if (batch_open_ && batch_is_due()) {
      commit_batch_reporting_to_members();
    }
  }

  void release() noexcept {
    if (!thread_holds(this)) {
      return;  // handed over at commit() and not used since
    }
    rollback();
    unlock_writer();  // the committer syncs what is left open
  }

  // Makes everything written so far durable and leaves no transaction open (checkpoints,
  // VACUUM and the like need that).
  void flush() {
    ensure_held();
    if (batch_open_) {
      commit_batch();
    }
  }

  bool in_use() const { return in_use_.load(); }
  bool held_by_this_thread() const { return thread_holds(this); }

  void when_durable(std::uint64_t batch, DurableCallback done) override {
    std::optional<std::string> failure;
    {
      std::lock_guard lock(state_mutex_);
      if (auto failed = failed_.find(batch); failed != failed_.end()) {
        failure = failed->second;
      } else if (durable_id_ < batch) {
        callbacks_.emplace(batch, std::move(done));
        return;
      }
    }
    done(std::move(failure));
  }

  void wait_visible(std::uint64_t batch) override {
    std::unique_lock lock(state_mutex_);
    batch_done_.wait(lock, [&] { return written_id_ >= batch || failed_.count(batch) != 0; });
  }

  // The last batch readers may already see but that is not on disk yet (0: none).
  std::uint64_t visible_not_durable() {
    std::lock_guard lock(state_mutex_);
    return written_id_ > durable_id_ ? written_id_ : 0;
  }

 private:
  void lock_writer() {
    if (!writer_mutex_.try_lock()) {
      stats_.record_busy_wait();
      ++waiting_;
      writer_mutex_.lock();
      --waiting_;
    }
    held_writers.push_back(this);
    in_use_ = true;
  }

  // Hands the writer on; a batch left open is the committer's to sync once nobody holds it.
  void unlock_writer() {
    const bool left_open = batch_open_;
    std::erase(held_writers, this);
    in_use_ = false;
    writer_mutex_.unlock();
    if (left_open) {
      {
        std::lock_guard lock(state_mutex_);
        commit_requested_ = true;
      }
      commit_wanted_.notify_one();
    }
  }

  // Syncs open batches as soon as the writers queued before it have added theirs (they hold
  // the writer before it does): the batch grows while the previous one syncs, by itself.
  void run_committer() {
    std::unique_lock lock(state_mutex_);
    for (;;) {
      commit_wanted_.wait(lock, [&] { return stopping_ || commit_requested_; });
      const bool last = stopping_;
      commit_requested_ = false;
      lock.unlock();
      lock_writer();
      bool written = false;
      if (batch_open_ && !job_open_) {
        try {
          commit_in_memory();
          written = true;
        } catch (const StorageError&) {  // its members are told
        }
      }
      std::erase(held_writers, this);
      in_use_ = false;
      writer_mutex_.unlock();
      // The disk sync, with the writer free: the next batch fills meanwhile.
      if (written) {
        sync_log_reporting_to_members();
      }
      lock.lock();
      if (last) {
        return;
      }
    }
  }

  // A lease used again after its commit() handed the writer over takes it back.
  void ensure_held() {
    if (!thread_holds(this)) {
      lock_writer();
    }
  }

  void prepare_statement_outside_job() {
    ensure_held();
    if (!job_open_ && batch_open_) {
      commit_batch();
    }
  }

  // A statement run on its own committed by itself (without a sync: the writer is NORMAL).
  void sync_statement_outside_job() {
    if (!job_open_ && !connection_->in_transaction()) {
      sync_log(true);
    }
  }

  // A batch committed on behalf of its members: a failure is theirs (their commit() throws),
  // not the caller's, which goes on with a fresh batch.
  void commit_batch_reporting_to_members() noexcept {
    try {
      commit_batch();
    } catch (const StorageError&) {
    }
  }

  bool batch_is_due() const {
    return batch_jobs_ >= kMaxBatch ||
           std::chrono::steady_clock::now() - batch_started_ >= kMaxBatchAge;
  }

  void wait_until_durable() {
    const std::uint64_t mine = batch_id_;
    if (!batch_open_) {
      return;
    }
    if (waiting_ == 0 || batch_is_due()) {
      commit_batch();  // throws to this caller if the batch failed
      return;
    }
    // Others are queued: let them add to the batch; the last of them (or the committer)
    // commits it.
    unlock_writer();
    std::unique_lock lock(state_mutex_);
    batch_done_.wait(lock, [&] { return durable_id_ >= mine || failed_.count(mine) != 0; });
    if (auto failed = failed_.find(mine); failed != failed_.end()) {
      throw StorageError("not saved: " + failed->second);
    }
  }

  // COMMIT and sync, on the caller's thread (which holds the writer); throws if either failed.
  void commit_batch() {
    const std::uint64_t id = batch_id_;
    commit_in_memory();
    sync_log();
    std::lock_guard lock(state_mutex_);
    if (auto failed = failed_.find(id); failed != failed_.end()) {
      throw StorageError("not saved: " + failed->second);
    }
  }

  // The batch's COMMIT: readers see it from now on, but it is not on disk until sync_log().
  void commit_in_memory() {
    try {
      connection_->run_control("COMMIT");
    } catch (const StorageError& error) {
      connection_->run_control_noexcept("ROLLBACK");
      fail_batch(error.what());
      throw;
    }
    stats_.record_commit();
    find_log_file();
    {
      std::lock_guard lock(state_mutex_);
      batch_open_ = false;
      written_id_ = batch_id_;
    }
    batch_done_.notify_all();
  }

  // Syncs the write-ahead log through SQLite's own file (its VFS), then tells every batch
  // committed before the sync began. One sync at a time; a batch committed meanwhile waits for
  // the next. Throws when the sync failed (its batches are told they were not saved).
  // `always`: also when no batch waits (a statement that committed on its own).
  void sync_log(bool always = false) {
    std::lock_guard sync_lock(sync_mutex_);
    std::uint64_t target = 0;
    {
      std::lock_guard lock(state_mutex_);
      if (written_id_ <= durable_id_ && !always) {
        return;
      }
      target = written_id_;
    }
    if (thread_holds(this)) {
      find_log_file();
    }
    int rc = SQLITE_OK;
    // No log open yet: nothing was written through it, so nothing to sync.
    if (sqlite3_file* log = log_file_.load(); log != nullptr) {
      rc = log->pMethods->xSync(log, SQLITE_SYNC_NORMAL);
    }
    std::vector<DurableCallback> done;
    std::optional<std::string> failure;
    {
      std::lock_guard lock(state_mutex_);
      if (rc != SQLITE_OK) {
        failure = std::string("syncing the write-ahead log failed: ") + sqlite3_errstr(rc);
        for (std::uint64_t id = durable_id_ + 1; id <= target; ++id) {  // a few at most
          failed_.emplace(id, *failure);
        }
        while (failed_.size() > 256) {
          failed_.erase(failed_.begin());
        }
      }
      durable_id_ = target;
      take_callbacks(target, done);
    }
    batch_done_.notify_all();
    for (auto& callback : done) {
      try {
        callback(failure);
      } catch (...) {
      }
    }
    if (failure) {
      stats_.record_error();
      throw StorageError(*failure);
    }
  }

  // The write-ahead log's file, asked of the connection while this thread holds the writer (the
  // connection is not to be used by two threads at once); it stays the same while it is open.
  void find_log_file() {
    if (log_file_.load() != nullptr) {
      return;
    }
    sqlite3_file* log = nullptr;
    if (sqlite3_file_control(connection_->handle(), "main", SQLITE_FCNTL_JOURNAL_POINTER,
                             static_cast<void*>(&log)) == SQLITE_OK &&
        log != nullptr && log->pMethods != nullptr) {
      log_file_ = log;
    }
  }

  void sync_log_reporting_to_members() noexcept {
    try {
      sync_log();
    } catch (const StorageError&) {
    }
  }

  void fail_batch(const std::string& why) noexcept {
    std::vector<DurableCallback> done;
    {
      std::lock_guard lock(state_mutex_);
      batch_open_ = false;
      failed_[batch_id_] = why;
      while (failed_.size() > 64) {
        failed_.erase(failed_.begin());
      }
      take_callbacks(batch_id_, done);
    }
    batch_done_.notify_all();
    for (auto& callback : done) {
      try {
        callback(why);
      } catch (...) {
      }
    }
  }

  // Under state_mutex_: the callbacks of batch `id` and of any earlier one still listed.
  void take_callbacks(std::uint64_t id, std::vector<DurableCallback>& out) {
    const auto end = callbacks_.upper_bound(id);
    for (auto it = callbacks_.begin(); it != end; ++it) {
      out.push_back(std::move(it->second));
    }
    callbacks_.erase(callbacks_.begin(), end);
  }

  std::unique_ptr<SqliteConnection> connection_;
  StatsRecorder& stats_;
  std::mutex writer_mutex_;
  std::atomic<int> waiting_{0};
  std::atomic<bool> in_use_{false};
  // Written only by the thread holding writer_mutex_; read by waiters under state_mutex_.
  bool job_open_ = false;
  bool batch_open_ = false;
  std::uint64_t batch_id_ = 0;
  std::size_t batch_jobs_ = 0;
  std::chrono::steady_clock::time_point batch_started_;
  std::mutex state_mutex_;
  std::condition_variable batch_done_;
  std::uint64_t written_id_ = 0;  // committed: readers see it
  std::uint64_t durable_id_ = 0;  // synced (or failed: see failed_)
  std::map<std::uint64_t, std::string> failed_;
  std::mutex sync_mutex_;
  std::atomic<sqlite3_file*> log_file_{nullptr};
  std::multimap<std::uint64_t, DurableCallback> callbacks_;
  // The committer: woken when a writer hands over an open batch.
  std::condition_variable commit_wanted_;
  bool commit_requested_ = false;
  bool stopping_ = false;
  std::thread committer_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& options) : options_(options) {
    writer_ = std::make_unique<GroupCommitWriter>(
        std::make_unique<SqliteConnection>(open_handle(options, false), stats_), stats_);
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options.readers); ++i) {
      readers_.push_back(std::make_unique<SqliteConnection>(open_handle(options, true), stats_));
      free_readers_.push_back(readers_.back().get());
    }
  }

  Backend backend() const override { return Backend::sqlite; }
  bool reads_are_local() const override { return true; }

  ConnectionLease read() override {
    // A request that wrote and now reads through a reader must see its own writes, which a
    // reader sees only once their batch is committed. (Inside its own write transaction it
    // could not have seen them through a reader before either.)
    if (DeferredDurability* scope = DeferredDurability::current(); scope != nullptr) {
      if (scope->pending() && !writer_->held_by_this_thread()) {
        scope->wait();
      }
      // What this request reads may include another's batch not yet on disk (a replayed
      // answer): its own answer waits for that batch too.
      if (const std::uint64_t batch = writer_->visible_not_durable(); batch != 0) {
        scope->note(*writer_, batch);
      }
    }
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_readers_.empty(); });
    Connection* connection = free_readers_.back();
    free_readers_.pop_back();
    ++in_use_;
    return ConnectionLease(connection, [this](Connection* c) {
      {
        std::lock_guard release_lock(mutex_);
        free_readers_.push_back(c);
        --in_use_;
      }
      available_.notify_one();
    });
  }

  // The writer may be held by another request, and a write waits for its batch: never on an
  // event loop that tries from memory first (reads are local and stay there).
  ConnectionLease write() override {
    core::NoWaitingHere::check();
    writer_->acquire();
    return ConnectionLease(writer_.get(), [this](Connection*) {
      writer_->release();
      // A statement run on the writer outside a transaction commits by itself, without a
      // batch's COMMIT: counted here so that caches watching write_commits() see it.
      write_leases_ended_.fetch_add(1, std::memory_order_release);
    });
  }

  std::uint64_t write_commits() const override {
    return stats_.commits() + write_leases_ended_.load(std::memory_order_acquire);
  }

  DatabaseStats stats() const override {
    DatabaseStats out = stats_.snapshot();
    std::lock_guard lock(mutex_);
    out.pool_size = readers_.size() + 1;
    out.pool_in_use = in_use_ + (writer_->in_use() ? 1 : 0);
    return out;
  }

  std::string describe() const override { return "sqlite:" + options_.path.string(); }

  bool purge_erased_pages() override {
    auto writer = write();
    writer_->flush();
    // (busy, log frames, checkpointed frames): busy = 1 when a reader held an old snapshot
    // past the busy timeout.
    const auto row = writer->query_one("PRAGMA wal_checkpoint(TRUNCATE)");
    return row && row->integer(0) == 0;
  }

 private:
  SqliteOptions options_;
  StatsRecorder stats_;
  std::atomic<std::uint64_t> write_leases_ended_{0};
  std::unique_ptr<GroupCommitWriter> writer_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Connection*> free_readers_;
  std::size_t in_use_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options) {
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace imaginecole::storage
