// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "core/clock.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(migrations)

namespace imaginecole::storage {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Arbitrary constant: the key of PostgreSQL's advisory lock held while migrating.
constexpr std::int64_t kMigrationLockKey = 0x696d6167;

constexpr std::string_view kSqlExtension = ".sql";

// One file of a migration number: the portable one or a backend's.
struct MigrationFile {
  std::string path;
  std::string name;
  std::string_view sql;
};

struct MigrationVariants {
  std::optional<MigrationFile> portable;
  std::optional<MigrationFile> sqlite;
  std::optional<MigrationFile> postgres;
};

std::optional<MigrationFile>& slot_for_folder(MigrationVariants& variants, std::string_view folder,
                                              std::string_view path) {
  if (folder.empty()) {
    return variants.portable;
  }
  if (folder == backend_name(Backend::sqlite)) {
    return variants.sqlite;
  }
  if (folder == backend_name(Backend::postgres)) {
    return variants.postgres;
  }
  throw StorageError("migration " + std::string(path) +
                     " is in an unknown folder: use the migrations folder itself (portable), " +
                     "sqlite/ or postgres/");
}

std::map<int, MigrationVariants> group_by_number(std::span<const EmbeddedFile> files) {
  std::map<int, MigrationVariants> out;
  for (const EmbeddedFile& file : files) {
    if (!file.path.ends_with(kSqlExtension)) {
      continue;
    }
    const std::size_t slash = file.path.rfind('/');
    const std::string_view folder =
        slash == std::string_view::npos ? std::string_view{} : file.path.substr(0, slash);
    const std::string_view base =
        slash == std::string_view::npos ? file.path : file.path.substr(slash + 1);
    int version = 0;
    const auto [end, error] = std::from_chars(base.data(), base.data() + base.size(), version);
    if (error != std::errc{} || version <= 0 || end == base.data()) {
      throw StorageError("migration " + std::string(file.path) +
                         " does not start with its number (NNNN_name.sql)");
    }
    std::optional<MigrationFile>& slot = slot_for_folder(out[version], folder, file.path);
    if (slot) {
      throw StorageError("two migrations numbered " + std::to_string(version) +
                         " in one folder: " + slot->path + " and " + std::string(file.path));
    }
    slot = MigrationFile{.path = std::string(file.path),
                         .name = std::string(base.substr(0, base.size() - kSqlExtension.size())),
                         .sql = file.data};
  }
  return out;
}

// Every variant of a number must record the same name, or a database would carry different
// names for one version depending on its backend.
void check_same_name(const MigrationVariants& variants) {
  const MigrationFile* first = nullptr;
  for (const auto* file : {&variants.portable, &variants.sqlite, &variants.postgres}) {
    if (!file->has_value()) {
      continue;
    }
    if (first == nullptr) {
      first = &**file;
    } else if ((*file)->name != first->name) {
      throw StorageError("migrations " + first->path + " and " + (*file)->path +
                         " share a number but not a name: a backend's file must have the same "
                         "name as the one it replaces");
    }
  }
}

int read_version(Connection& connection) {
  const auto row = connection.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? static_cast<int>(row->integer(0)) : 0;
}

bool is_recorded(Connection& connection, int version) {
  return connection
      .query_one("SELECT 1 FROM schema_migrations WHERE version = ?",
                 {static_cast<std::int64_t>(version)})
      .has_value();
}

// PostgreSQL: a session-level advisory lock held around the whole loop, so that of several
// servers starting at once one applies every pending migration while the others wait, then
// find nothing to do. The alternative (a transaction-level lock per migration, re-reading the
// applied versions each time) would let two binaries of different ages interleave their
// migrations during a rolling upgrade, and the "database newer than this binary" check would
// hold only for its own transaction. The guard unlocks on every exit; if the connection dies
// instead, PostgreSQL drops the lock with the session.
//
// SQLite needs no extra lock: each migration's transaction starts with BEGIN IMMEDIATE (the
// write lock), and re-checks inside it that no other process has recorded it meanwhile.
class MigrationLock {
 public:
  explicit MigrationLock(Connection& connection) : connection_(connection) {
    if (connection_.backend() == Backend::postgres) {
      connection_.query("SELECT pg_advisory_lock(?)", {kMigrationLockKey});
      held_ = true;
    }
  }
  ~MigrationLock() {
    if (!held_) {
      return;
    }
    try {
      connection_.query("SELECT pg_advisory_unlock(?)", {kMigrationLockKey});
    } catch (const std::exception&) {
      // A dead connection has released the lock with its session.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Connection& connection_;
  bool held_ = false;
};

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) {
    return "none";
  }
  std::string out;
  for (const std::string& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

}  // namespace

MigrationFailed::MigrationFailed(std::string migration, std::vector<std::string> applied_before,
                                 const std::string& cause)
    : StorageError("migration " + migration + " failed and was rolled back (applied before it " +
                   "in this run: " + join_names(applied_before) + "): " + cause),
      migration_(std::move(migration)),
      applied_before_(std::move(applied_before)) {}

std::vector<Migration> resolve_migrations(std::span<const EmbeddedFile> files, Backend backend) {
  std::vector<Migration> out;
  for (const auto& [version, variants] : group_by_number(files)) {
    if (!variants.portable && variants.sqlite.has_value() != variants.postgres.has_value()) {
      const MigrationFile& lone = variants.sqlite ? *variants.sqlite : *variants.postgres;
      const Backend other = variants.sqlite ? Backend::postgres : Backend::sqlite;
      throw StorageError("migration " + lone.path + " exists for one backend only: add " +
                         std::string(backend_name(other)) + "/" + lone.name +
                         ".sql, or make it portable (" + lone.name + ".sql)");
    }
    check_same_name(variants);
    const std::optional<MigrationFile>& own =
        backend == Backend::sqlite ? variants.sqlite : variants.postgres;
    const MigrationFile& chosen = own ? *own : *variants.portable;
    out.push_back(
        Migration{.version = version, .name = chosen.name, .sql = std::string(chosen.sql)});
  }
  return out;  // ordered: the map is keyed by number
}

std::vector<Migration> known_migrations(Backend backend) {
  return resolve_migrations(embedded::migrations::files(), backend);
}

int current_schema_version(Database& database) {
  auto connection = database.write();
  connection->execute(kCreateTable);
  return read_version(*connection);
}

MigrationReport migrate(Database& database) {
  return migrate(database, known_migrations(database.backend()));
}

MigrationReport migrate(Database& database, std::span<const Migration> given) {
  std::vector<Migration> migrations(given.begin(), given.end());
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  MigrationReport report;
  auto connection = database.write();
  // Locked before creating schema_migrations: two PostgreSQL sessions creating it "if not
  // exists" at once can both miss the table, and one then fails.
  const MigrationLock lock(*connection);
  connection->execute(kCreateTable);
  report.from_version = read_version(*connection);
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (report.from_version > newest_known) {
    throw StorageError("the database schema is at version " + std::to_string(report.from_version) +
                       " but this binary knows only up to " + std::to_string(newest_known) +
                       ": upgrade imaginecole");
  }
  // Apply every known migration not yet recorded, not only those above the highest: a
  // migration merged after a newer one (two branches) must not be skipped silently.
  for (const Migration& migration : migrations) {
    try {
      Transaction transaction(*connection, Transaction::Mode::write);
      if (is_recorded(*connection, migration.version)) {
        continue;
      }
      connection->execute_script(migration.sql);
      connection->execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          {static_cast<std::int64_t>(migration.version), migration.name, core::now_timestamp()});
      transaction.commit();
    } catch (const StorageError& error) {
      throw MigrationFailed(migration.name, report.applied, error.what());
    }
    report.applied.push_back(migration.name);
  }
  report.to_version = read_version(*connection);
  return report;
}

}  // namespace imaginecole::storage
