// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

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

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  std::string message =
      std::string(context) + ": " + sqlite3_errmsg(db) + " (" + sqlite3_errstr(code) + ")";
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
      throw StorageError("sqlite script failed: " + message);
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
    throw StorageError("cannot open database " + options.path.string() + ": " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  std::string pragmas =
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";
  if (!reader) {
    // secure_delete: deleted and overwritten content is zeroed in the page instead of left
    // in free space, so an erased pupil's name is not in the file's bytes (only the writer
    // deletes anything).
    pragmas = "PRAGMA journal_mode = WAL; PRAGMA secure_delete = ON; " + pragmas;
  } else {
    pragmas += " PRAGMA query_only = ON;";
  }
  char* error = nullptr;
  if (sqlite3_exec(raw, pragmas.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw StorageError("cannot configure database " + options.path.string() + ": " + message);
  }
  return handle;
}

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& options) : options_(options) {
    writer_ = std::make_unique<SqliteConnection>(open_handle(options, false), stats_);
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options.readers); ++i) {
      readers_.push_back(std::make_unique<SqliteConnection>(open_handle(options, true), stats_));
      free_readers_.push_back(readers_.back().get());
    }
  }

  Backend backend() const override { return Backend::sqlite; }
  bool reads_are_local() const override { return true; }

  ConnectionLease read() override {
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

  ConnectionLease write() override {
    if (!writer_mutex_.try_lock()) {
      stats_.record_busy_wait();
      writer_mutex_.lock();
    }
    in_use_writer_ = true;
    return ConnectionLease(writer_.get(), [this](Connection*) {
      in_use_writer_ = false;
      writer_mutex_.unlock();
    });
  }

  std::uint64_t write_commits() const override { return stats_.commits(); }

  DatabaseStats stats() const override {
    DatabaseStats out = stats_.snapshot();
    std::lock_guard lock(mutex_);
    out.pool_size = readers_.size() + 1;
    out.pool_in_use = in_use_ + (in_use_writer_ ? 1 : 0);
    return out;
  }

  std::string describe() const override { return "sqlite:" + options_.path.string(); }

  bool purge_erased_pages() override {
    auto writer = write();
    // (busy, log frames, checkpointed frames): busy = 1 when a reader held an old snapshot
    // past the busy timeout.
    const auto row = writer->query_one("PRAGMA wal_checkpoint(TRUNCATE)");
    return row && row->integer(0) == 0;
  }

 private:
  SqliteOptions options_;
  StatsRecorder stats_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex writer_mutex_;
  std::atomic<bool> in_use_writer_{false};
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
