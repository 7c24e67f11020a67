// SPDX-License-Identifier: AGPL-3.0-or-later
// The storage interface every capability uses: one SQL dialect (portable SQL with `?`
// placeholders), two backends (SQLite in the data folder, PostgreSQL for national hubs).
//
// Capabilities keep their SQL in their own store classes; they never see sqlite3* or PGconn*.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/errors.hpp"

namespace imaginecole::storage {

// A uniqueness or foreign-key rule refused a write: usually an expected conflict that a store
// turns into a value (e.g. "this code is taken").
class ConstraintViolation : public StorageError {
 public:
  using StorageError::StorageError;
};

enum class Backend { sqlite, postgres };
std::string_view backend_name(Backend backend);

// A parameter or a column value.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t column) const;
  // Text of a column (numbers are formatted); an empty string for NULL.
  std::string text(std::size_t column) const;
  std::optional<std::string> optional_text(std::size_t column) const;
  // Integer value of a column; 0 for NULL. Text holding a number is converted.
  std::int64_t integer(std::size_t column) const;
  double real(std::size_t column) const;
  const Value& value(std::size_t column) const { return values_.at(column); }

 private:
  std::vector<Value> values_;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;

  bool empty() const { return rows.empty(); }
  const Row& front() const { return rows.front(); }
};

using Params = std::span<const Value>;

// One connection. Not thread-safe: a connection is used by one thread at a time (leases).
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Backend backend() const = 0;
  // Runs one statement with `?` placeholders; returns its rows (if any).
  virtual QueryResult query(std::string_view sql, Params params) = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual std::int64_t execute(std::string_view sql, Params params) = 0;
  // Runs several statements separated by semicolons (migrations), without parameters.
  virtual void execute_script(std::string_view sql) = 0;

  QueryResult query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, Params(params.begin(), params.size()));
  }
  std::int64_t execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, Params(params.begin(), params.size()));
  }
  // First row of a query, if any.
  std::optional<Row> query_one(std::string_view sql, std::initializer_list<Value> params = {});

  // Transactions (use the Transaction guard, not these).
  virtual void begin(bool for_write) = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// Rolls back unless committed.
class Transaction {
 public:
  enum class Mode { read, write };
  Transaction(Connection& connection, Mode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// A connection borrowed from the pool; returns it on destruction.
class ConnectionLease {
 public:
  ConnectionLease(Connection* connection, std::function<void(Connection*)> release)
      : connection_(connection), release_(std::move(release)) {}
  ~ConnectionLease() {
    if (connection_ != nullptr) {
      release_(connection_);
    }
  }
  ConnectionLease(ConnectionLease&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)),
        release_(std::move(other.release_)) {}
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;

  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_; }

 private:
  Connection* connection_;
  std::function<void(Connection*)> release_;
};

struct DatabaseStats {
  std::uint64_t queries = 0;
  std::uint64_t errors = 0;
  std::uint64_t busy_waits = 0;  // SQLite: times a writer waited for the lock
  std::uint64_t commits = 0;     // write transactions committed
  std::size_t pool_size = 0;
  std::size_t pool_in_use = 0;
  // Cumulative query time in microseconds and a histogram (see kQueryBucketsMicros).
  std::uint64_t query_micros_total = 0;
  std::vector<std::uint64_t> query_buckets;
};
inline constexpr std::uint64_t kQueryBucketsMicros[] = {100,   500,    1000,   5000,
                                                        25000, 100000, 1000000};

class Database {
 public:
  virtual ~Database() = default;

  virtual Backend backend() const = 0;
  // A connection for reading. SQLite: one of several readers (WAL lets them run beside the
  // writer). PostgreSQL: any pooled connection.
  virtual ConnectionLease read() = 0;
  // A connection for writing. SQLite: the single writer connection (callers queue for it).
  virtual ConnectionLease write() = 0;
  // True when a short read is a local call (SQLite) rather than a network round trip, so
  // that the HTTP layer may run read-only handlers on its event loop.
  virtual bool reads_are_local() const = 0;
  virtual DatabaseStats stats() const = 0;
  // How many write transactions this process has committed (caches watch it).
  virtual std::uint64_t write_commits() const = 0;
  // A human description without secrets ("sqlite:/srv/data/imaginecole.db").
  virtual std::string describe() const = 0;
  // After an erasure (a pupil's data): makes what was deleted unrecoverable from this
  // server's files as far as the backend can at once. SQLite zeroes freed space as it goes
  // (secure_delete on the writer); this copies the write-ahead log into the database and
  // truncates it, so the old page images leave the -wal file. True when done; false when a
  // reader kept the checkpoint from finishing, or on PostgreSQL, whose dead row versions stay
  // in its files until (auto)VACUUM.
  virtual bool purge_erased_pages() = 0;
};

}  // namespace imaginecole::storage
