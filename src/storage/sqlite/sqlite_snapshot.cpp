// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sqlite/sqlite_snapshot.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace imaginecole::storage {
namespace {

namespace fs = std::filesystem;

struct SqliteCloser {
  void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
};
struct StatementCloser {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Handle = std::unique_ptr<sqlite3, SqliteCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

Handle open(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Handle handle(raw);
  if (code != SQLITE_OK) {
    throw std::runtime_error("cannot open " + file.string() + ": " +
                             (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(code)));
  }
  // A server's write in progress holds the lock briefly; the snapshot waits for it.
  sqlite3_busy_timeout(raw, 30'000);
  return handle;
}

Statement prepare(sqlite3* handle, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot read the snapshot: ") + sqlite3_errmsg(handle));
  }
  return Statement(raw);
}

std::string text_column(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

std::string setting(sqlite3* handle, const char* key) {
  auto statement = prepare(handle, "SELECT value FROM node_settings WHERE key = ?");
  sqlite3_bind_text(statement.get(), 1, key, -1, SQLITE_STATIC);
  return sqlite3_step(statement.get()) == SQLITE_ROW ? text_column(statement.get(), 0) : "";
}

}  // namespace

void snapshot_sqlite(const fs::path& database, const fs::path& target) {
  auto handle = open(database, SQLITE_OPEN_READWRITE);
  auto statement = prepare(handle.get(), "VACUUM INTO ?");
  sqlite3_bind_text(statement.get(), 1, target.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(statement.get()) != SQLITE_DONE) {
    const std::string reason = sqlite3_errmsg(handle.get());
    std::error_code ignored;
    fs::remove(target, ignored);
    throw std::runtime_error("cannot copy the database to " + target.string() + ": " + reason);
  }
}

SnapshotFacts read_snapshot_facts(const fs::path& snapshot) {
  // immutable=1: nothing writes the snapshot, so SQLite needs no -shm or lock file beside it.
  const std::string uri = "file:" + snapshot.string() + "?immutable=1";
  auto handle = open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  SnapshotFacts facts;
  {
    auto statement =
        prepare(handle.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (sqlite3_step(statement.get()) == SQLITE_ROW) {
      facts.schema_version = sqlite3_column_int(statement.get(), 0);
    }
  }
  facts.node_id = setting(handle.get(), "node_id");
  facts.epoch = setting(handle.get(), "epoch");
  std::vector<std::string> tables;
  {
    // Plain tables (a full-text index's own shadow tables included, its virtual table not).
    auto statement = prepare(handle.get(),
                             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
    while (sqlite3_step(statement.get()) == SQLITE_ROW) {
      tables.push_back(text_column(statement.get(), 0));
    }
  }
  for (const auto& table : tables) {
    std::string quoted = "\"";
    for (const char c : table) {
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    quoted += '"';
    auto statement = prepare(handle.get(), "SELECT COUNT(*) FROM " + quoted);
    if (sqlite3_step(statement.get()) == SQLITE_ROW) {
      facts.counts[table] = sqlite3_column_int64(statement.get(), 0);
    }
  }
  return facts;
}

}  // namespace imaginecole::storage
