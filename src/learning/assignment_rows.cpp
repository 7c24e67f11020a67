// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/assignment_rows.hpp"

#include <boost/json.hpp>

namespace imaginecole::learning {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, client_id, school_id, class_id, resource_id, group_name, pupil_ids, opens_at, due_at, "
    "mode, item_order, attempts_allowed, solutions, cancelled, created_by, created_at, "
    "updated_at";

// Due first by date, no due date last; then the newest.
constexpr std::string_view kOrder =
    " ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, created_at DESC, id";

std::string ids_json(const std::vector<std::string>& ids) {
  json::array array;
  for (const auto& id : ids) {
    array.emplace_back(id);
  }
  return json::serialize(array);
}

std::vector<std::string> ids_from(const std::string& text) {
  std::vector<std::string> ids;
  boost::system::error_code error;
  const json::value parsed = json::parse(text, error);
  if (!error && parsed.is_array()) {
    for (const auto& id : parsed.as_array()) {
      if (id.is_string()) {
        ids.emplace_back(id.as_string());
      }
    }
  }
  return ids;
}

Assignment assignment_from(const storage::Row& row) {
  return Assignment{.id = row.text(0),
                    .client_id = row.text(1),
                    .school_id = row.text(2),
                    .class_id = row.text(3),
                    .resource_id = row.text(4),
                    .group_name = row.text(5),
                    .pupil_ids = ids_from(row.text(6)),
                    .rules = {.mode = row.text(9),
                              .order = row.text(10),
                              .attempts_allowed = row.integer(11),
                              .solutions = row.text(12),
                              .opens_at = row.text(7),
                              .due_at = row.optional_text(8)},
                    .cancelled = row.integer(13) != 0,
                    .created_by = row.text(14),
                    .created_at = row.text(15),
                    .updated_at = row.text(16)};
}

std::vector<Assignment> assignments_from(const storage::QueryResult& result) {
  std::vector<Assignment> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    out.push_back(assignment_from(row));
  }
  return out;
}

storage::Value due_value(const AssignmentRules& rules) {
  return rules.due_at ? storage::Value(*rules.due_at) : storage::Value(nullptr);
}

}  // namespace

bool insert_assignment(storage::Connection& connection, const Assignment& a) {
  return connection.execute(
             "INSERT INTO assignments (id, client_id, school_id, class_id, resource_id, "
             "group_name, pupil_ids, opens_at, due_at, mode, item_order, attempts_allowed, "
             "solutions, cancelled, created_by, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT (client_id) DO NOTHING",
             {a.id, a.client_id, a.school_id, a.class_id, a.resource_id, a.group_name,
              ids_json(a.pupil_ids), a.rules.opens_at, due_value(a.rules), a.rules.mode,
              a.rules.order, a.rules.attempts_allowed, a.rules.solutions,
              std::int64_t{a.cancelled ? 1 : 0}, a.created_by, a.created_at, a.updated_at}) == 1;
}

std::optional<Assignment> find_assignment(storage::Connection& connection, std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kColumns) + " FROM assignments WHERE id = ?", {std::string(id)});
  return row ? std::optional(assignment_from(*row)) : std::nullopt;
}

std::optional<Assignment> find_assignment_by_client_id(storage::Connection& connection,
                                                       std::string_view client_id) {
  const auto row = connection.query_one("SELECT " + std::string(kColumns) +
                                            " FROM assignments WHERE "
                                            "client_id = ?",
                                        {std::string(client_id)});
  return row ? std::optional(assignment_from(*row)) : std::nullopt;
}

std::vector<Assignment> assignments_of_class(storage::Connection& connection,
                                             std::string_view class_id, bool with_cancelled) {
  return assignments_from(
      connection.query("SELECT " + std::string(kColumns) + " FROM assignments WHERE class_id = ?" +
                           (with_cancelled ? "" : " AND cancelled = 0") + std::string(kOrder),
                       {std::string(class_id)}));
}

std::vector<Assignment> assignments_of_classes(storage::Connection& connection,
                                               const std::vector<std::string>& class_ids) {
  if (class_ids.empty()) {
    return {};
  }
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM assignments WHERE cancelled = 0 AND class_id IN (";
  std::vector<storage::Value> params;
  for (const auto& id : class_ids) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  sql += ")" + std::string(kOrder);
  return assignments_from(connection.query(sql, params));
}

void update_assignment(storage::Connection& connection, const Assignment& a) {
  connection.execute(
      "UPDATE assignments SET group_name = ?, pupil_ids = ?, opens_at = ?, due_at = ?, mode = ?, "
      "item_order = ?, attempts_allowed = ?, solutions = ?, cancelled = ?, updated_at = ?, "
      "row_version = row_version + 1 WHERE id = ?",
      {a.group_name, ids_json(a.pupil_ids), a.rules.opens_at, due_value(a.rules), a.rules.mode,
       a.rules.order, a.rules.attempts_allowed, a.rules.solutions,
       std::int64_t{a.cancelled ? 1 : 0}, a.updated_at, a.id});
}

}  // namespace imaginecole::learning
