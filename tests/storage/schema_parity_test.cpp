// SPDX-License-Identifier: AGPL-3.0-or-later
// After migration, SQLite and PostgreSQL have the same schema: tables, columns (types
// normalised), nullability, primary keys and indexes. Stores write one SQL text for both
// backends (decision 0002), so a difference is a bug waiting for the other backend's users.
//
// Types are compared after normalisation to a small portable set (decision 0019):
//   text     SQLite: a declared type containing CHAR, CLOB or TEXT; PostgreSQL: text, varchar, char
//   integer  SQLite: a declared type containing INT;  PostgreSQL: smallint, integer, bigint
//   real     SQLite: REAL, FLOA or DOUB;              PostgreSQL: real, double precision
//   blob     SQLite: BLOB or no declared type;        PostgreSQL: bytea
//   numeric  SQLite: any other declared type (its "numeric" affinity, e.g. BOOLEAN, JSON, DATE)
//   other PostgreSQL types keep their own name (boolean, numeric, jsonb, tsvector...), so they
//   never match a SQLite column: flags are integers and JSON is text on both (decision 0002).
// A primary-key column counts as NOT NULL on SQLite too (PostgreSQL implies it; stores never
// rely on SQLite accepting a NULL key).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "storage/migrations.hpp"
#include "support/backends.hpp"

namespace imaginecole::storage {
namespace {

// Objects that differ by design: full-text search is one capability with one implementation
// per backend (search::SearchIndex, decision 0002), so its tables are its own on each side.
constexpr std::string_view kBackendSpecificTables[] = {
    // Both: the search index itself (SQLite: an FTS5 virtual table; PostgreSQL: tsvectors).
    "resource_search",
    // SQLite: FTS5's shadow tables of resource_search, and the stable integer keys and filter
    // columns the FTS rows point to (migration 0004).
    "resource_search_config",
    "resource_search_content",
    "resource_search_data",
    "resource_search_docsize",
    "resource_search_idx",
    "resource_search_rows",
    // SQLite: titles indexed on their own (migration 0030), and their shadow tables.
    "resource_title_search",
    "resource_title_search_config",
    "resource_title_search_content",
    "resource_title_search_data",
    "resource_title_search_docsize",
    "resource_title_search_idx",
};

struct Column {
  std::string name;
  std::string type;  // normalised (see the top of this file)
  bool not_null = false;
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
};

struct Index {
  std::string table;
  std::vector<std::string> columns;  // "<expression>" for an expression
  bool unique = false;
  std::string predicate;  // a partial index's WHERE, normalised; empty for a full index
};

struct Schema {
  std::map<std::string, Table> tables;
  // Keyed by name for a CREATE INDEX; by "UNIQUE(table: columns)" for a UNIQUE constraint, whose
  // index the backends name differently. Primary-key indexes are left out (Table::primary_key).
  std::map<std::string, Index> indexes;
};

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

std::string unique_constraint_key(const std::string& table, const std::vector<std::string>& cols) {
  return "UNIQUE(" + table + ": " + joined(cols) + ")";
}

// "(kind = 'pupil'::text)" (PostgreSQL's rendering) and "kind = 'pupil'" (SQLite's text) both
// become "kind = 'pupil'": casts, parentheses, case and spacing are dropped, and PostgreSQL's
// "= ANY (ARRAY[...])" reads as the "IN (...)" it was written as. Good enough for the simple
// predicates partial indexes have; a predicate it cannot reconcile shows up as a difference.
std::string normalised_predicate(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':' && i + 1 < text.size() && text[i + 1] == ':') {
      i += 2;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0 ||
                                 text[i] == '_' || text[i] == ' ')) {
        ++i;
      }
      --i;
      continue;
    }
    if (c == '(' || c == ')' || c == ';') {
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  // PostgreSQL keeps "x IN (a, b)" as "x = ANY (ARRAY[a, b])".
  constexpr std::string_view kAnyArray = "= any array[";
  for (std::size_t at = out.find(kAnyArray); at != std::string::npos; at = out.find(kAnyArray)) {
    const std::size_t close = out.find(']', at);
    if (close != std::string::npos) {
      out.erase(close, 1);
    }
    out.replace(at, kAnyArray.size(), "in ");
  }
  return out;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// SQLite's rules for a column's affinity from its declared type (sqlite.org/datatype3.html 3.1).
std::string normalised_sqlite_type(const std::string& declared) {
  const std::string type = upper(declared);
  const auto has = [&](std::string_view word) { return type.find(word) != std::string::npos; };
  if (has("INT")) {
    return "integer";
  }
  if (has("CHAR") || has("CLOB") || has("TEXT")) {
    return "text";
  }
  if (type.empty() || has("BLOB")) {
    return "blob";
  }
  if (has("REAL") || has("FLOA") || has("DOUB")) {
    return "real";
  }
  return "numeric (declared " + declared + ")";
}

std::string normalised_postgres_type(const std::string& data_type) {
  if (data_type == "text" || data_type == "character varying" || data_type == "character") {
    return "text";
  }
  if (data_type == "smallint" || data_type == "integer" || data_type == "bigint") {
    return "integer";
  }
  if (data_type == "real" || data_type == "double precision") {
    return "real";
  }
  if (data_type == "bytea") {
    return "blob";
  }
  return data_type;
}

// The WHERE of a partial index, from the CREATE INDEX text SQLite keeps.
std::string sqlite_index_predicate(Connection& connection, const std::string& index) {
  const auto row = connection.query_one(
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", {index});
  const std::string sql = row ? row->text(0) : "";
  std::string searchable = upper(sql);  // same length as sql: positions carry over
  std::replace_if(
      searchable.begin(), searchable.end(), [](unsigned char c) { return std::isspace(c) != 0; },
      ' ');
  const std::size_t where = searchable.rfind(" WHERE ");
  return where == std::string::npos ? "<unreadable>" : normalised_predicate(sql.substr(where + 7));
}

Schema read_sqlite_schema(Connection& connection) {
  Schema schema;
  const auto tables = connection.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY name");
  for (const Row& table_row : tables.rows) {
    const std::string table_name = table_row.text(0);
    Table& table = schema.tables[table_name];
    std::vector<std::pair<std::int64_t, std::string>> key;
    for (const Row& row :
         connection
             .query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid",
                    {table_name})
             .rows) {
      const bool in_key = row.integer(3) > 0;
      table.columns.push_back({.name = row.text(0),
                               .type = normalised_sqlite_type(row.text(1)),
                               .not_null = row.integer(2) != 0 || in_key});
      if (in_key) {
        key.emplace_back(row.integer(3), row.text(0));
      }
    }
    std::sort(key.begin(), key.end());
    for (auto& [position, column] : key) {
      table.primary_key.push_back(column);
    }
    for (const Row& row : connection
                              .query("SELECT name, \"unique\", origin, partial "
                                     "FROM pragma_index_list(?) ORDER BY name",
                                     {table_name})
                              .rows) {
      const std::string origin = row.text(2);
      if (origin == "pk") {
        continue;
      }
      Index index{.table = table_name, .unique = row.integer(1) != 0};
      if (row.integer(3) != 0) {
        index.predicate = sqlite_index_predicate(connection, row.text(0));
      }
      for (const Row& column :
           connection.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", {row.text(0)})
               .rows) {
        index.columns.push_back(column.optional_text(0).value_or("<expression>"));
      }
      const std::string key_name =
          origin == "u" ? unique_constraint_key(table_name, index.columns) : row.text(0);
      schema.indexes[key_name] = std::move(index);
    }
  }
  return schema;
}

Schema read_postgres_schema(Connection& connection) {
  Schema schema;
  for (const Row& row : connection
                            .query("SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = current_schema() "
                                   "AND table_type = 'BASE TABLE' ORDER BY table_name")
                            .rows) {
    schema.tables[row.text(0)];
  }
  for (const Row& row :
       connection
           .query("SELECT table_name, column_name, data_type, is_nullable "
                  "FROM information_schema.columns WHERE table_schema = current_schema() "
                  "ORDER BY table_name, ordinal_position")
           .rows) {
    const auto table = schema.tables.find(row.text(0));
    if (table == schema.tables.end()) {
      continue;  // a view's columns
    }
    table->second.columns.push_back({.name = row.text(1),
                                     .type = normalised_postgres_type(row.text(2)),
                                     .not_null = row.text(3) == "NO"});
  }
  for (const Row& row : connection
                            .query("SELECT c.table_name, k.column_name "
                                   "FROM information_schema.table_constraints c "
                                   "JOIN information_schema.key_column_usage k "
                                   "  ON k.constraint_schema = c.constraint_schema "
                                   " AND k.constraint_name = c.constraint_name "
                                   "WHERE c.constraint_type = 'PRIMARY KEY' "
                                   "  AND c.table_schema = current_schema() "
                                   "ORDER BY c.table_name, k.ordinal_position")
                            .rows) {
    schema.tables[row.text(0)].primary_key.push_back(row.text(1));
  }
  // One row per index column, in order; attnum 0 is an expression.
  const auto index_columns = connection.query(
      "SELECT i.relname, t.relname, x.indisunique, x.indisprimary, "
      "       COALESCE(pg_get_expr(x.indpred, x.indrelid), ''), "
      "       EXISTS (SELECT 1 FROM pg_constraint c "
      "               WHERE c.conindid = x.indexrelid AND c.contype = 'u'), "
      "       COALESCE(a.attname, '<expression>') "
      "FROM pg_index x "
      "JOIN pg_class i ON i.oid = x.indexrelid "
      "JOIN pg_class t ON t.oid = x.indrelid "
      "JOIN pg_namespace n ON n.oid = t.relnamespace "
      "CROSS JOIN LATERAL unnest(x.indkey::smallint[]) WITH ORDINALITY AS k(attnum, position) "
      "LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum "
      "WHERE n.nspname = current_schema() "
      "ORDER BY i.relname, k.position");
  std::map<std::string, std::pair<Index, bool>> by_name;  // index, backs a UNIQUE constraint
  for (const Row& row : index_columns.rows) {
    if (row.integer(3) != 0) {
      continue;  // the primary key's
    }
    auto& [index, from_constraint] = by_name[row.text(0)];
    index.table = row.text(1);
    index.unique = row.integer(2) != 0;
    index.predicate = normalised_predicate(row.text(4));
    from_constraint = row.integer(5) != 0;
    index.columns.push_back(row.text(6));
  }
  for (auto& [name, entry] : by_name) {
    auto& [index, from_constraint] = entry;
    const std::string key_name =
        from_constraint ? unique_constraint_key(index.table, index.columns) : name;
    schema.indexes[key_name] = std::move(index);
  }
  return schema;
}

std::string describe(const Index& index) {
  return std::string(index.unique ? "UNIQUE " : "") + "ON " + index.table + " (" +
         joined(index.columns) + ")" + (index.predicate.empty() ? "" : " WHERE " + index.predicate);
}

std::string describe(const Column& column) {
  return column.type + (column.not_null ? " NOT NULL" : " NULL");
}

// Every difference, one readable line each.
std::vector<std::string> differences(const Schema& sqlite, const Schema& postgres) {
  std::vector<std::string> out;
  const auto specific = [](const std::string& table) {
    return std::find(std::begin(kBackendSpecificTables), std::end(kBackendSpecificTables), table) !=
           std::end(kBackendSpecificTables);
  };
  for (const auto& [name, table] : sqlite.tables) {
    if (!specific(name) && postgres.tables.count(name) == 0) {
      out.push_back("table " + name + ": only on SQLite");
    }
  }
  for (const auto& [name, pg_table] : postgres.tables) {
    if (specific(name)) {
      continue;
    }
    const auto found = sqlite.tables.find(name);
    if (found == sqlite.tables.end()) {
      out.push_back("table " + name + ": only on PostgreSQL");
      continue;
    }
    const Table& lite_table = found->second;
    std::vector<std::string> lite_order;
    std::vector<std::string> pg_order;
    for (const Column& lite : lite_table.columns) {
      const auto pg = std::find_if(pg_table.columns.begin(), pg_table.columns.end(),
                                   [&](const Column& c) { return c.name == lite.name; });
      if (pg == pg_table.columns.end()) {
        out.push_back("column " + name + "." + lite.name + ": only on SQLite");
        continue;
      }
      lite_order.push_back(lite.name);
      if (describe(lite) != describe(*pg)) {
        out.push_back("column " + name + "." + lite.name + ": SQLite " + describe(lite) +
                      ", PostgreSQL " + describe(*pg));
      }
    }
    for (const Column& pg : pg_table.columns) {
      const auto lite = std::find_if(lite_table.columns.begin(), lite_table.columns.end(),
                                     [&](const Column& c) { return c.name == pg.name; });
      if (lite == lite_table.columns.end()) {
        out.push_back("column " + name + "." + pg.name + ": only on PostgreSQL");
      } else {
        pg_order.push_back(pg.name);
      }
    }
    // INSERTs without a column list and SELECT * depend on the order.
    if (lite_order != pg_order) {
      out.push_back("table " + name + ": columns in another order (SQLite " + joined(lite_order) +
                    "; PostgreSQL " + joined(pg_order) + ")");
    }
    if (lite_table.primary_key != pg_table.primary_key) {
      out.push_back("table " + name + ": primary key (" + joined(lite_table.primary_key) +
                    ") on SQLite, (" + joined(pg_table.primary_key) + ") on PostgreSQL");
    }
  }
  for (const auto& [name, index] : sqlite.indexes) {
    if (specific(index.table)) {
      continue;
    }
    const auto found = postgres.indexes.find(name);
    if (found == postgres.indexes.end()) {
      out.push_back("index " + name + " " + describe(index) + ": only on SQLite");
    } else if (describe(index) != describe(found->second)) {
      out.push_back("index " + name + ": SQLite " + describe(index) + ", PostgreSQL " +
                    describe(found->second));
    }
  }
  for (const auto& [name, index] : postgres.indexes) {
    if (!specific(index.table) && sqlite.indexes.count(name) == 0) {
      out.push_back("index " + name + " " + describe(index) + ": only on PostgreSQL");
    }
  }
  return out;
}

TEST(SchemaParity, BothBackendsHaveTheSameSchemaAfterMigration) {
  const auto lite_db = testing::make_test_database(Backend::sqlite);
  const auto pg_db = testing::make_test_database(Backend::postgres);
  const Schema sqlite = read_sqlite_schema(*lite_db->database->read());
  const Schema postgres = read_postgres_schema(*pg_db->database->read());

  // The catalogues were really read (an empty read on both sides would compare equal).
  for (const Schema* schema : {&sqlite, &postgres}) {
    EXPECT_GT(schema->tables.size(), 20U);
    EXPECT_GT(schema->indexes.size(), 20U);
    ASSERT_TRUE(schema->tables.count("users"));
    EXPECT_EQ(schema->tables.at("users").primary_key, std::vector<std::string>{"id"});
  }
  ASSERT_TRUE(sqlite.indexes.count("users_pupil_username"));
  EXPECT_EQ(describe(sqlite.indexes.at("users_pupil_username")),
            "UNIQUE ON users (school_id, username) WHERE kind = 'pupil'");

  const std::vector<std::string> found = differences(sqlite, postgres);
  std::ostringstream message;
  for (const std::string& line : found) {
    message << "\n  " << line;
  }
  EXPECT_TRUE(found.empty()) << found.size()
                             << " differences between the migrated schemas:" << message.str();
}

}  // namespace
}  // namespace imaginecole::storage
