// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <stdexcept>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/no_waiting.hpp"
#include "storage/sql_placeholders.hpp"
#include "storage/stats_recorder.hpp"

namespace imaginecole::storage {
namespace {

// Type OIDs from PostgreSQL's pg_type.h (stable since forever).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ConnFinisher {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ConnHandle = std::unique_ptr<PGconn, ConnFinisher>;
using ResultHandle = std::unique_ptr<PGresult, ResultClearer>;

[[noreturn]] void fail(const PGresult* result, PGconn* connection, std::string_view context) {
  std::string message(context);
  message += ": ";
  const char* detail =
      result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection);
  message += detail != nullptr ? detail : "unknown error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (state != nullptr && state[0] == '2' && state[1] == '3') {
    throw ConstraintViolation(message);
  }
  throw StorageError(message);
}

std::string format_param(const Value& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return std::to_string(*integer);
  }
  if (const auto* real = std::get_if<double>(&value)) {
    char buffer[32];
    const int n = std::snprintf(buffer, sizeof buffer, "%.17g", *real);
    return std::string(buffer, static_cast<std::size_t>(n));
  }
  return std::get<std::string>(value);
}

Value convert(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column) != 0) {
    return nullptr;
  }
  const char* text = PQgetvalue(result, row, column);
  const auto length = static_cast<std::size_t>(PQgetlength(result, row, column));
  switch (PQftype(result, column)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t out = 0;
      std::from_chars(text, text + length, out);
      return out;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return std::strtod(text, nullptr);
    case kBoolOid:
      return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
    default:
      return std::string(text, length);
  }
}

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(ConnHandle connection, StatsRecorder& stats)
      : connection_(std::move(connection)), stats_(stats) {}

  Backend backend() const override { return Backend::postgres; }

  QueryResult query(std::string_view sql, Params params) override {
    ResultHandle result = run(sql, params);
    QueryResult out;
    const int columns = PQnfields(result.get());
    const int rows = PQntuples(result.get());
    out.columns.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      out.columns.emplace_back(PQfname(result.get(), c));
    }
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        values.push_back(convert(result.get(), r, c));
      }
      out.rows.emplace_back(std::move(values));
    }
    return out;
  }

  std::int64_t execute(std::string_view sql, Params params) override {
    ResultHandle result = run(sql, params);
    const char* tuples = PQcmdTuples(result.get());
    std::int64_t out = 0;
    if (tuples != nullptr) {
      std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), out);
    }
    return out;
  }

  void execute_script(std::string_view sql) override {
    const std::string text(sql);
    ResultHandle result(PQexec(connection_.get(), text.c_str()));
    check(result.get(), "script");
  }

  void begin(bool for_write) override {
    simple("BEGIN");
    writing_ = for_write;
  }
  void commit() override {
    simple("COMMIT");
    if (writing_) {
      stats_.record_commit();
    }
  }
  void rollback() noexcept override {
    if (PQtransactionStatus(connection_.get()) != PQTRANS_IDLE) {
      PQclear(PQexec(connection_.get(), "ROLLBACK"));
    }
  }

  // A broken connection (server restarted) is reset before it is lent again.
  void ensure_alive() {
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
      PQreset(connection_.get());
      statements_.clear();
      if (PQstatus(connection_.get()) != CONNECTION_OK) {
        fail(nullptr, connection_.get(), "reconnect to PostgreSQL");
      }
    }
  }

 private:
  void simple(const char* sql) {
    ResultHandle result(PQexec(connection_.get(), sql));
    check(result.get(), sql);
  }

  void check(PGresult* result, std::string_view context) {
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      stats_.record_error();
      fail(result, connection_.get(), context);
    }
  }

  const std::string& prepared_name(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      return it->second;
    }
    std::string name = "s" + std::to_string(statements_.size() + 1);
    const std::string numbered = to_numbered_placeholders(sql);
    ResultHandle result(PQprepare(connection_.get(), name.c_str(), numbered.c_str(), 0, nullptr));
    check(result.get(), "prepare");
    return statements_.emplace(std::string(sql), std::move(name)).first->second;
  }

  ResultHandle run(std::string_view sql, Params params) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& name = prepared_name(sql);
    std::vector<std::string> texts;
    std::vector<const char*> values;
    texts.reserve(params.size());
    values.reserve(params.size());
    for (const Value& param : params) {
      if (std::holds_alternative<std::nullptr_t>(param)) {
        texts.emplace_back();
        values.push_back(nullptr);
      } else {
        texts.push_back(format_param(param));
        values.push_back(texts.back().c_str());
      }
    }
    ResultHandle result(PQexecPrepared(connection_.get(), name.c_str(),
                                       static_cast<int>(values.size()), values.data(), nullptr,
                                       nullptr, 0));
    check(result.get(), sql);
    stats_.record_query(std::chrono::steady_clock::now() - started);
    return result;
  }

  ConnHandle connection_;
  StatsRecorder& stats_;
  bool writing_ = false;
  std::unordered_map<std::string, std::string> statements_;
};

// The databases whose write lease the calling thread holds.
thread_local std::vector<const void*> writing_threads_leases;

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const PostgresOptions& options) : options_(options) {
    // Connect once now so that a wrong URL is reported at start, not at the first request.
    connections_.push_back(connect());
    free_.push_back(connections_.back().get());
  }

  Backend backend() const override { return Backend::postgres; }
  bool reads_are_local() const override { return false; }
  // Each is a network round trip: never on an event loop that tries from memory first.
  ConnectionLease read() override {
    core::NoWaitingHere::check();
    return acquire();
  }
  // A second write lease on a thread that holds one opens a second transaction, which neither
  // sees the first one's writes nor commits with it: refused in debug and CI builds (release
  // builds let it run, as SQLite's check cannot be skipped but this one only costs a lookup).
  ConnectionLease write() override {
    core::NoWaitingHere::check();
#ifdef IMAGINECOLE_STRICT_CHECKS
    if (std::find(writing_threads_leases.begin(), writing_threads_leases.end(), this) !=
        writing_threads_leases.end()) {
      throw std::logic_error(
          "nested write: this thread already holds a PostgreSQL write lease; pass its Connection "
          "down instead of opening a second transaction");
    }
#endif
    PostgresConnection* connection = take_connection();
    writing_threads_leases.push_back(this);
    return ConnectionLease(connection, [this](Connection* c) {
      if (auto it = std::find(writing_threads_leases.begin(), writing_threads_leases.end(), this);
          it != writing_threads_leases.end()) {
        writing_threads_leases.erase(it);
      }
      release(static_cast<PostgresConnection*>(c));
      // A statement run on a write lease outside a transaction commits by itself, without
      // passing through commit(): counted here so that caches watching write_commits() see it.
      write_leases_ended_.fetch_add(1, std::memory_order_release);
    });
  }

  std::uint64_t write_commits() const override {
    return stats_.commits() + write_leases_ended_.load(std::memory_order_acquire);
  }

  DatabaseStats stats() const override {
    DatabaseStats out = stats_.snapshot();
    std::lock_guard lock(mutex_);
    out.pool_size = connections_.size();
    out.pool_in_use = connections_.size() - free_.size();
    return out;
  }

  std::string describe() const override {
    return redact_url(options_.url);
  }

  // Dead row versions stay in PostgreSQL's files until (auto)VACUUM reclaims them: nothing
  // to do at once from an app server.
  bool purge_erased_pages() override {
    return false;
  }

 private:
  std::unique_ptr<PostgresConnection> connect() {
    ConnHandle handle(PQconnectdb(options_.url.c_str()));
    if (!handle || PQstatus(handle.get()) != CONNECTION_OK) {
      std::string message = handle ? PQerrorMessage(handle.get()) : "out of memory";
      while (!message.empty() && message.back() == '\n') {
        message.pop_back();
      }
      throw StorageError("cannot connect to PostgreSQL at " + redact_url(options_.url) + ": " +
                         message);
    }
    PQclear(PQexec(handle.get(), "SET client_min_messages = warning"));
    return std::make_unique<PostgresConnection>(std::move(handle), stats_);
  }

  ConnectionLease acquire() {
    return ConnectionLease(take_connection(),
                           [this](Connection* c) { release(static_cast<PostgresConnection*>(c)); });
  }

  PostgresConnection* take_connection() {
    PostgresConnection* connection = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (free_.empty() && connections_.size() < options_.max_connections) {
        ++opening_;
        lock.unlock();
        std::unique_ptr<PostgresConnection> fresh;
        try {
          fresh = connect();
        } catch (...) {
          lock.lock();
          --opening_;
          throw;
        }
        lock.lock();
        --opening_;
        connection = fresh.get();
        connections_.push_back(std::move(fresh));
      } else {
        available_.wait(lock, [&] { return !free_.empty(); });
        connection = free_.back();
        free_.pop_back();
      }
    }
    try {
      connection->ensure_alive();
    } catch (...) {
      release(connection);
      throw;
    }
    return connection;
  }

  void release(PostgresConnection* connection) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(connection);
    }
    available_.notify_one();
  }

  PostgresOptions options_;
  StatsRecorder stats_;
  std::atomic<std::uint64_t> write_leases_ended_{0};
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PostgresConnection>> connections_;
  std::vector<PostgresConnection*> free_;
  std::size_t opening_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
  return std::make_unique<PostgresDatabase>(options);
}

std::string redact_url(const std::string& url) {
  // postgresql://user:secret@host/... -> postgresql://user:***@host/...
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  const auto at = url.find('@', scheme + 3);
  const auto colon = url.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace imaginecole::storage
