// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/engine_rows.hpp"

#include <stdexcept>

namespace imaginecole::sync {

const std::set<std::string>& TableColumns::of(std::string_view table) {
  if (auto found = cache_.find(table); found != cache_.end()) {
    return found->second;
  }
  std::set<std::string> columns;
  const std::string name(table);
  const auto result =
      connection_.backend() == storage::Backend::sqlite
          ? connection_.query("SELECT name FROM pragma_table_info(?)", {name})
          : connection_.query(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = ?",
                {name});
  for (const auto& row : result.rows) {
    columns.insert(row.text(0));
  }
  return cache_.emplace(name, std::move(columns)).first->second;
}

std::string key_condition(const EntityRule& rule) {
  if (rule.key.size() == 1) {
    return std::string(rule.key.front()) + " = ?";
  }
  std::string out;
  for (const auto column : rule.key) {
    out += out.empty() ? "" : " || '/' || ";
    out += column;
  }
  return out + " = ?";
}

std::optional<RowValues> read_row(storage::Connection& connection, const EntityRule& rule,
                                  std::string_view id) {
  const auto result =
      connection.query("SELECT * FROM " + std::string(rule.name) + " WHERE " + key_condition(rule),
                       {std::string(id)});
  if (result.empty()) {
    return std::nullopt;
  }
  RowValues out;
  for (std::size_t i = 0; i < result.columns.size(); ++i) {
    out.columns.emplace_back(result.columns[i], result.front().value(i));
  }
  return out;
}

std::optional<RowStamp> read_stamp(storage::Connection& connection, const EntityRule& rule,
                                   std::string_view id) {
  const auto row = connection.query_one(
      "SELECT hlc, origin_node FROM " + std::string(rule.name) + " WHERE " + key_condition(rule),
      {std::string(id)});
  if (!row) {
    return std::nullopt;
  }
  return RowStamp{.hlc = row->integer(0), .origin = row->text(1)};
}

void insert_row(storage::Connection& connection, const EntityRule& rule, const RowValues& row) {
  std::string names;
  std::string marks;
  std::vector<storage::Value> params;
  for (const auto& [name, value] : row.columns) {
    names += names.empty() ? name : ", " + name;
    marks += marks.empty() ? "?" : ", ?";
    params.push_back(value);
  }
  connection.execute(
      "INSERT INTO " + std::string(rule.name) + " (" + names + ") VALUES (" + marks + ")", params);
}

void update_row(storage::Connection& connection, const EntityRule& rule, std::string_view id,
                const RowValues& row) {
  std::string sets;
  std::vector<storage::Value> params;
  for (const auto& [name, value] : row.columns) {
    sets += (sets.empty() ? "" : ", ") + name + " = ?";
    params.push_back(value);
  }
  params.emplace_back(std::string(id));
  connection.execute(
      "UPDATE " + std::string(rule.name) + " SET " + sets + " WHERE " + key_condition(rule),
      params);
}

void delete_row(storage::Connection& connection, const EntityRule& rule, std::string_view id) {
  connection.execute("DELETE FROM " + std::string(rule.name) + " WHERE " + key_condition(rule),
                     {std::string(id)});
}

void delete_user_and_records(storage::Connection& connection, std::string_view user_id) {
  const std::string id(user_id);
  // Children before parents: marks hang on attempts, everything else on the user. Sessions
  // and sign-in counts are this server's own (not synced) but name the user too.
  static const std::vector<std::pair<std::string, std::string>> kUserRows = {
      {"attempt_marks", "attempt_id IN (SELECT a.id FROM attempts a WHERE a.pupil_id = ?)"},
      {"attempts", "pupil_id = ?"},
      {"step_completions", "pupil_id = ?"},
      {"picture_cards", "id = ?"},
      {"role_grants", "user_id = ?"},
      {"user_credentials", "user_id = ?"},
      {"user_status", "user_id = ?"},
      {"sessions", "user_id = ?"},
      {"users", "id = ?"},
  };
  for (const auto& [table, condition] : kUserRows) {
    std::string sql = "DELETE FROM ";
    sql.append(table).append(" WHERE ").append(condition);
    connection.execute(sql, {id});
  }
}

}  // namespace imaginecole::sync
