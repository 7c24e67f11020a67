// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/change_triggers.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace imaginecole::storage {
namespace {

// Bump when the generated SQL changes shape, so that servers rebuild their triggers.
constexpr std::string_view kTriggerFormat = "change-triggers-3";
constexpr std::int64_t kTriggerLockKey = 0x696d6174;

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string quoted(std::string_view text) {
  return "'" + replace_all(std::string(text), "'", "''") + "'";
}

std::string with_row(std::string_view sql, std::string_view row) {
  return replace_all(std::string(sql), "{row}", row);
}

std::string id_of(const SyncedTable& table, std::string_view row) {
  std::string out;
  for (const auto& column : table.key) {
    if (!out.empty()) {
      out += " || '/' || ";
    }
    out += std::string(row) + "." + column;
  }
  return out;
}

std::string key_matches(const SyncedTable& table, std::string_view row) {
  std::string out;
  for (const auto& column : table.key) {
    if (!out.empty()) {
      out += " AND ";
    }
    out.append(column).append(" = ").append(row).append(".").append(column);
  }
  return out;
}

struct Dialect {
  Backend backend;

  std::string stamp_after(std::string_view previous) const {
    if (backend == Backend::postgres) {
      return "imaginecole_stamp(" + std::string(previous) + ")";
    }
    return "MAX(CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536, (" +
           std::string(previous) +
           ") + 1, COALESCE((SELECT at_least FROM node_clock WHERE id = 1), 0) + 1)";
  }
  std::string node() const {
    return backend == Backend::postgres
               ? "imaginecole_node()"
               : "COALESCE((SELECT value FROM node_settings WHERE key = 'node_id'), '')";
  }
  std::string now() const {
    return backend == Backend::postgres ? "to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                                          "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                                        : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  }
};

struct LineSpec {
  std::string entity;
  std::string id;
  std::string op;
  std::string row_version;
  std::string hlc;
  std::string node;
  std::string scope;
  bool content;
};

std::string log_line(const Dialect& dialect, const LineSpec& line) {
  return "INSERT INTO change_log (entity, entity_id, op, row_version, hlc, node_id, country, "
         "school, content, changed_at) SELECT " +
         quoted(line.entity) + ", " + line.id + ", " + quoted(line.op) + ", " + line.row_version +
         ", " + line.hlc + ", " + line.node + ", s.country, s.school, " +
         (line.content ? "1" : "0") + ", " + dialect.now() + " FROM (" + line.scope + ") AS s;";
}

// The statements run for a stamped or applied version of the row (NEW).
std::string upsert_statements(const Dialect& dialect, const SyncedTable& table) {
  std::string out =
      log_line(dialect, {.entity = table.name,
                         .id = id_of(table, "NEW"),
                         .op = "upsert",
                         .row_version = table.has_row_version ? "NEW.row_version" : "0",
                         .hlc = "NEW.hlc",
                         .node = "NEW.origin_node",
                         .scope = with_row(table.scope.sql, "NEW"),
                         .content = table.content});
  for (const auto& also : table.also_logs) {
    out += "\n  " + log_line(dialect, {.entity = also.entity,
                                       .id = with_row(also.id_sql, "NEW"),
                                       .op = "upsert",
                                       .row_version = "0",
                                       .hlc = "NEW.hlc",
                                       .node = "NEW.origin_node",
                                       .scope = with_row(also.scope.sql, "NEW"),
                                       .content = table.content});
  }
  if (table.content) {
    out += "\n  UPDATE content_version SET n = n + 1 WHERE id = 1;";
  }
  return out;
}

std::string delete_statements(const Dialect& dialect, const SyncedTable& table) {
  std::string out =
      log_line(dialect, {.entity = table.name,
                         .id = id_of(table, "OLD"),
                         .op = "delete",
                         .row_version = table.has_row_version ? "OLD.row_version + 1" : "0",
                         .hlc = dialect.stamp_after("OLD.hlc"),
                         .node = dialect.node(),
                         .scope = with_row(table.scope.sql, "OLD"),
                         .content = table.content});
  if (table.content) {
    out += "\n  UPDATE content_version SET n = n + 1 WHERE id = 1;";
  }
  return out;
}

std::string erased_message(const SyncedTable& table) {
  return "this " + table.name + " record was erased on this platform and cannot come back";
}

std::vector<std::string> sqlite_triggers(const SyncedTable& table) {
  const Dialect dialect{Backend::sqlite};
  const std::string& t = table.name;
  return {
      "CREATE TRIGGER imaginecole_erased_" + t + " BEFORE INSERT ON " + t +
          " WHEN EXISTS (SELECT 1 FROM erased_records WHERE entity = " + quoted(t) +
          " AND entity_id = " + id_of(table, "NEW") + ") BEGIN SELECT RAISE(ABORT, " +
          quoted(erased_message(table)) + "); END",
      "CREATE TRIGGER imaginecole_stamp_" + t + "_insert AFTER INSERT ON " + t +
          " WHEN NEW.hlc = 0 BEGIN\n  UPDATE " + t + " SET hlc = " + dialect.stamp_after("0") +
          ", origin_node = " + dialect.node() + " WHERE " + key_matches(table, "NEW") + ";\nEND",
      "CREATE TRIGGER imaginecole_stamp_" + t + "_update AFTER UPDATE ON " + t +
          " WHEN NEW.hlc = OLD.hlc BEGIN\n  UPDATE " + t +
          " SET hlc = " + dialect.stamp_after("OLD.hlc") + ", origin_node = " + dialect.node() +
          " WHERE " + key_matches(table, "NEW") + ";\nEND",
      "CREATE TRIGGER imaginecole_log_" + t + "_insert AFTER INSERT ON " + t +
          " WHEN NEW.hlc <> 0 BEGIN\n  " + upsert_statements(dialect, table) + "\nEND",
      "CREATE TRIGGER imaginecole_log_" + t + "_update AFTER UPDATE ON " + t +
          " WHEN NEW.hlc <> OLD.hlc BEGIN\n  " + upsert_statements(dialect, table) + "\nEND",
      "CREATE TRIGGER imaginecole_log_" + t + "_delete AFTER DELETE ON " + t + " BEGIN\n  " +
          delete_statements(dialect, table) + "\nEND",
  };
}

std::vector<std::string> postgres_triggers(const SyncedTable& table) {
  const Dialect dialect{Backend::postgres};
  const std::string& t = table.name;
  return {
      "CREATE OR REPLACE FUNCTION imaginecole_stamp_" + t +
          "() RETURNS trigger LANGUAGE plpgsql AS $f$\nBEGIN\n"
          "  IF TG_OP = 'INSERT' THEN\n"
          "    IF EXISTS (SELECT 1 FROM erased_records WHERE entity = " +
          quoted(t) + " AND entity_id = " + id_of(table, "NEW") +
          ") THEN\n"
          "      RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = " +
          quoted(erased_message(table)) +
          ";\n"
          "    END IF;\n"
          "    IF NEW.hlc = 0 THEN\n"
          "      NEW.hlc := imaginecole_stamp(0);\n"
          "      NEW.origin_node := imaginecole_node();\n"
          "    END IF;\n"
          "  ELSIF NEW.hlc = OLD.hlc THEN\n"
          "    NEW.hlc := imaginecole_stamp(OLD.hlc);\n"
          "    NEW.origin_node := imaginecole_node();\n"
          "  END IF;\n"
          "  RETURN NEW;\nEND\n$f$",
      "CREATE TRIGGER imaginecole_stamp_" + t + " BEFORE INSERT OR UPDATE ON " + t +
          " FOR EACH ROW EXECUTE FUNCTION imaginecole_stamp_" + t + "()",
      "CREATE OR REPLACE FUNCTION imaginecole_log_" + t +
          "() RETURNS trigger LANGUAGE plpgsql AS $f$\nBEGIN\n"
          "  IF TG_OP = 'DELETE' THEN\n  " +
          delete_statements(dialect, table) + "\n  ELSE\n  " + upsert_statements(dialect, table) +
          "\n  END IF;\n  RETURN NULL;\nEND\n$f$",
      "CREATE TRIGGER imaginecole_log_" + t + " AFTER INSERT OR UPDATE OR DELETE ON " + t +
          " FOR EACH ROW EXECUTE FUNCTION imaginecole_log_" + t + "()",
  };
}

constexpr std::string_view kPostgresFunctions = R"sql(
CREATE OR REPLACE FUNCTION imaginecole_stamp(previous BIGINT) RETURNS BIGINT
LANGUAGE sql VOLATILE AS $f$
  SELECT GREATEST(floor(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT * 65536,
                  previous + 1,
                  COALESCE((SELECT at_least FROM node_clock WHERE id = 1), 0) + 1)
$f$;
CREATE OR REPLACE FUNCTION imaginecole_node() RETURNS TEXT LANGUAGE sql STABLE AS $f$
  SELECT COALESCE((SELECT value FROM node_settings WHERE key = 'node_id'), '')
$f$;
)sql";

std::set<std::string> table_columns(Connection& connection, const std::string& table) {
  std::set<std::string> out;
  if (connection.backend() == Backend::sqlite) {
    for (const auto& row :
         connection.query("SELECT name FROM pragma_table_info(?)", {table}).rows) {
      out.insert(row.text(0));
    }
  } else {
    for (const auto& row : connection
                               .query("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_schema = current_schema() AND table_name = ?",
                                      {table})
                               .rows) {
      out.insert(row.text(0));
    }
  }
  return out;
}

void check_columns(Connection& connection, const SyncedTable& table) {
  const auto columns = table_columns(connection, table.name);
  if (columns.empty()) {
    throw std::logic_error("synced table " + table.name + " is not in the schema");
  }
  std::vector<std::string> needed = {"hlc", "origin_node"};
  if (table.has_row_version) {
    needed.emplace_back("row_version");
  }
  needed.insert(needed.end(), table.key.begin(), table.key.end());
  for (const auto& column : needed) {
    if (columns.count(column) == 0) {
      throw std::logic_error("synced table " + table.name + " has no column " + column +
                             " (every synced table needs hlc, origin_node and its key)");
    }
  }
}

void drop_triggers(Connection& connection) {
  if (connection.backend() == Backend::sqlite) {
    for (const auto& row : connection
                               .query("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                      "AND name LIKE 'imaginecole\\_%' ESCAPE '\\'")
                               .rows) {
      connection.execute_script("DROP TRIGGER IF EXISTS " + row.text(0));
    }
    return;
  }
  for (const auto& row : connection
                             .query("SELECT t.tgname, c.relname FROM pg_trigger t "
                                    "JOIN pg_class c ON c.oid = t.tgrelid "
                                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE n.nspname = current_schema() AND NOT t.tgisinternal "
                                    "AND t.tgname LIKE 'imaginecole\\_%' ESCAPE '\\'")
                             .rows) {
    connection.execute_script("DROP TRIGGER IF EXISTS " + row.text(0) + " ON " + row.text(1));
  }
}

}  // namespace

std::vector<std::string> change_trigger_sql(Backend backend, const SyncedTable& table) {
  return backend == Backend::postgres ? postgres_triggers(table) : sqlite_triggers(table);
}

std::vector<std::string> schema_tables(Connection& connection) {
  std::vector<std::string> out;
  const auto rows = connection.backend() == Backend::sqlite
                        ? connection.query(
                              "SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
                        : connection.query(
                              "SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                              "ORDER BY table_name");
  for (const auto& row : rows.rows) {
    out.push_back(row.text(0));
  }
  // FTS5's shadow tables belong to the virtual table that made them.
  std::erase_if(out, [](const std::string& name) {
    for (const char* table : {"resource_search", "resource_title_search"}) {
      for (const char* shadow : {"_data", "_idx", "_content", "_docsize", "_config"}) {
        if (name == std::string(table) + shadow) {
          return true;
        }
      }
    }
    return false;
  });
  return out;
}

void install_change_triggers(Database& database, const RecordRegistry& registry) {
  const std::string digest = std::string(kTriggerFormat) + ":" + registry.digest();
  auto connection = database.write();
  Transaction transaction(*connection, Transaction::Mode::write);
  if (database.backend() == Backend::postgres) {
    connection->query("SELECT pg_advisory_xact_lock(?)", {kTriggerLockKey});
  }
  for (const auto& table : registry.synced()) {
    check_columns(*connection, table);
  }
  const auto stored =
      connection->query_one("SELECT value FROM node_settings WHERE key = 'change_triggers'");
  if (stored && stored->text(0) == digest) {
    transaction.commit();
    return;
  }
  drop_triggers(*connection);
  if (database.backend() == Backend::postgres) {
    connection->execute_script(kPostgresFunctions);
  }
  for (const auto& table : registry.synced()) {
    for (const auto& statement : change_trigger_sql(database.backend(), table)) {
      connection->execute_script(statement);
    }
  }
  // Rows written before their table was synced (or before this layer existed) get their stamp
  // and their line now: "hlc = hlc" is a local write that changes nothing else.
  for (const auto& table : registry.synced()) {
    connection->execute("UPDATE " + table.name + " SET hlc = hlc WHERE hlc = 0");
  }
  connection->execute(
      "INSERT INTO node_settings (key, value) VALUES ('change_triggers', ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {digest});
  transaction.commit();
}

}  // namespace imaginecole::storage
