// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/authoring_store.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::authoring {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kWorkflowColumns =
    "id, country_code, state, title, class_id, current_version, submitted_version, "
    "published_version, last_comment, origin_resource_id, origin_version, origin_country, "
    "origin_title, origin_licence, created_by, created_at, updated_at, row_version, class_version";
constexpr std::string_view kSummaryColumns =
    "id, country_code, state, title, class_id, current_version, published_version, "
    "origin_resource_id, updated_at, class_version";

std::optional<int> optional_int(const Row& row, std::size_t column) {
  if (row.is_null(column)) {
    return std::nullopt;
  }
  return static_cast<int>(row.integer(column));
}

Value int_or_null(const std::optional<int>& value) {
  return value ? Value(static_cast<std::int64_t>(*value)) : Value(nullptr);
}

Value text_or_null(const std::optional<std::string>& value) {
  return value ? Value(*value) : Value(nullptr);
}

Workflow workflow_from(const Row& row) {
  Workflow w;
  w.resource_id = row.text(0);
  w.country_code = row.text(1);
  w.state = parse_state(row.text(2)).value_or(State::draft);
  w.title = row.text(3);
  w.class_id = row.optional_text(4);
  w.current_version = static_cast<int>(row.integer(5));
  w.submitted_version = optional_int(row, 6);
  w.published_version = optional_int(row, 7);
  w.last_comment = row.optional_text(8);
  w.origin_resource_id = row.optional_text(9);
  w.origin_version = optional_int(row, 10);
  w.origin_country = row.optional_text(11);
  w.origin_title = row.optional_text(12);
  w.origin_licence = row.optional_text(13);
  w.created_by = row.text(14);
  w.created_at = row.text(15);
  w.updated_at = row.text(16);
  w.row_version = row.integer(17);
  w.class_version = optional_int(row, 18);
  w.current_version_id = row.optional_text(19);
  w.class_version_id = row.optional_text(20);
  return w;
}

WorkflowSummary summary_from(const Row& row) {
  return WorkflowSummary{.resource_id = row.text(0),
                         .country_code = row.text(1),
                         .state = parse_state(row.text(2)).value_or(State::draft),
                         .title = row.text(3),
                         .class_id = row.optional_text(4),
                         .current_version = static_cast<int>(row.integer(5)),
                         .published_version = optional_int(row, 6),
                         .origin_resource_id = row.optional_text(7),
                         .updated_at = row.text(8),
                         .class_version = optional_int(row, 9)};
}

Version version_from(const Row& row, bool with_content) {
  Version v;
  v.id = row.text(0);
  v.resource_id = row.text(1);
  v.number = static_cast<int>(row.integer(2));
  if (with_content) {
    v.content = content_from_json(row.text(3));
  }
  v.author_id = row.text(4);
  v.comment = row.text(5);
  v.created_at = row.text(6);
  return v;
}

std::vector<WorkflowSummary> summaries(storage::Database& database, const std::string& where,
                                       std::vector<Value> params, int limit) {
  auto connection = database.read();
  params.emplace_back(static_cast<std::int64_t>(limit));
  const auto result =
      connection->query("SELECT " + std::string(kSummaryColumns) + " FROM resource_workflow " +
                            where + " ORDER BY updated_at DESC, id DESC LIMIT ?",
                        params);
  std::vector<WorkflowSummary> out;
  for (const auto& row : result.rows) {
    out.push_back(summary_from(row));
  }
  return out;
}

// Sets the UUID beside each version number of the workflow row (migration 0016): the UUID is
// what another server trusts, the number is for people. Derived here, from the numbers this
// server has just written, whatever the order in which the row and its version were written
// (adoption writes the row first). Not a new version of the row: the same pointer, spelled
// exactly.
void link_version_ids(storage::Connection& connection, std::string_view resource_id) {
  constexpr std::string_view kOfThisResource =
      "(SELECT v.id FROM resource_versions v WHERE v.resource_id = resource_workflow.id AND "
      "v.number = resource_workflow.";
  std::string sql = "UPDATE resource_workflow SET ";
  for (const std::string_view column :
       {"current_version", "submitted_version", "published_version", "class_version"}) {
    sql +=
        std::string(column) + "_id = " + std::string(kOfThisResource) + std::string(column) + "), ";
  }
  sql +=
      "origin_version_id = (SELECT v.id FROM resource_versions v WHERE v.resource_id = "
      "resource_workflow.origin_resource_id AND v.number = resource_workflow.origin_version) "
      "WHERE id = ?";
  connection.execute(sql, {std::string(resource_id)});
}

}  // namespace

std::optional<Workflow> AuthoringStore::workflow(storage::Connection& connection,
                                                 std::string_view resource_id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kWorkflowColumns) +
          ", current_version_id, class_version_id FROM resource_workflow WHERE id = ?",
      {std::string(resource_id)});
  if (!row) {
    return std::nullopt;
  }
  return workflow_from(*row);
}

std::optional<Workflow> AuthoringStore::workflow(std::string_view resource_id) {
  auto connection = database_.read();
  return workflow(*connection, resource_id);
}

void AuthoringStore::insert_workflow(storage::Connection& connection, Workflow& w) {
  const std::string now = core::now_timestamp();
  w.created_at = now;
  w.updated_at = now;
  w.row_version = 1;
  connection.execute(
      "INSERT INTO resource_workflow (" + std::string(kWorkflowColumns) +
          ", origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {w.resource_id,
       w.country_code,
       std::string(state_name(w.state)),
       w.title,
       text_or_null(w.class_id),
       static_cast<std::int64_t>(w.current_version),
       int_or_null(w.submitted_version),
       int_or_null(w.published_version),
       text_or_null(w.last_comment),
       text_or_null(w.origin_resource_id),
       int_or_null(w.origin_version),
       text_or_null(w.origin_country),
       text_or_null(w.origin_title),
       text_or_null(w.origin_licence),
       w.created_by,
       w.created_at,
       w.updated_at,
       w.row_version,
       int_or_null(w.class_version),
       node_id_});
  link_version_ids(connection, w.resource_id);
}

void AuthoringStore::update_workflow(storage::Connection& connection, Workflow& w) {
  w.updated_at = core::now_timestamp();
  ++w.row_version;
  connection.execute(
      "UPDATE resource_workflow SET state = ?, title = ?, class_id = ?, current_version = ?, "
      "submitted_version = ?, published_version = ?, last_comment = ?, origin_version = ?, "
      "class_version = ?, updated_at = ?, row_version = ?, origin_node = ? WHERE id = ?",
      {std::string(state_name(w.state)), w.title, text_or_null(w.class_id),
       static_cast<std::int64_t>(w.current_version), int_or_null(w.submitted_version),
       int_or_null(w.published_version), text_or_null(w.last_comment),
       int_or_null(w.origin_version), int_or_null(w.class_version), w.updated_at, w.row_version,
       node_id_, w.resource_id});
  link_version_ids(connection, w.resource_id);
}

Version AuthoringStore::append_version(storage::Connection& connection,
                                       std::string_view resource_id, int number,
                                       const Content& content, std::string_view author_id,
                                       std::string_view comment) {
  Version v;
  v.id = core::new_id();
  v.resource_id = std::string(resource_id);
  v.number = number;
  v.content = content;
  v.author_id = std::string(author_id);
  v.comment = std::string(comment);
  v.created_at = core::now_timestamp();
  connection.execute(
      "INSERT INTO resource_versions (id, resource_id, number, snapshot, author_id, comment, "
      "created_at, updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {v.id, v.resource_id, static_cast<std::int64_t>(number), content_to_json(content),
       v.author_id, v.comment, v.created_at, v.created_at, node_id_});

  link_version_ids(connection, resource_id);  // a row written before its first version
  return v;
}

std::optional<Version> AuthoringStore::version(storage::Connection& connection,
                                               std::string_view resource_id, int number) {
  const auto row = connection.query_one(
      "SELECT id, resource_id, number, snapshot, author_id, comment, created_at "
      "FROM resource_versions WHERE resource_id = ? AND number = ?",
      {std::string(resource_id), static_cast<std::int64_t>(number)});
  if (!row) {
    return std::nullopt;
  }
  return version_from(*row, true);
}

std::optional<Version> AuthoringStore::version(std::string_view resource_id, int number) {
  auto connection = database_.read();
  return version(*connection, resource_id, number);
}

std::optional<Version> AuthoringStore::version_by_id(std::string_view resource_id,
                                                     std::string_view version_id) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT id, resource_id, number, snapshot, author_id, comment, created_at "
      "FROM resource_versions WHERE id = ? AND resource_id = ?",
      {std::string(version_id), std::string(resource_id)});
  if (!row) {
    return std::nullopt;
  }
  return version_from(*row, true);
}

std::vector<Version> AuthoringStore::versions(std::string_view resource_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, resource_id, number, '', author_id, comment, created_at "
      "FROM resource_versions WHERE resource_id = ? ORDER BY number DESC",
      {std::string(resource_id)});
  std::vector<Version> out;
  for (const auto& row : result.rows) {
    out.push_back(version_from(row, false));
  }
  return out;
}

void AuthoringStore::record_transition(storage::Connection& connection, Transition& t) {
  t.id = core::new_id();
  t.created_at = core::now_timestamp();
  connection.execute(
      "INSERT INTO resource_reviews (id, resource_id, version_number, version_id, actor_id, "
      "from_state, to_state, comment, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, (SELECT id FROM resource_versions WHERE resource_id = ? AND number = ?), "
      "?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.resource_id, static_cast<std::int64_t>(t.version_number), t.resource_id,
       static_cast<std::int64_t>(t.version_number), t.actor_id, t.from_state, t.to_state, t.comment,
       t.created_at, t.created_at, node_id_});
}

std::vector<Transition> AuthoringStore::transitions(std::string_view resource_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, resource_id, version_number, actor_id, from_state, to_state, comment, "
      "created_at FROM resource_reviews WHERE resource_id = ? ORDER BY created_at, id",
      {std::string(resource_id)});
  std::vector<Transition> out;
  for (const auto& row : result.rows) {
    out.push_back(Transition{.id = row.text(0),
                             .resource_id = row.text(1),
                             .version_number = static_cast<int>(row.integer(2)),
                             .actor_id = row.text(3),
                             .from_state = row.text(4),
                             .to_state = row.text(5),
                             .comment = row.text(6),
                             .created_at = row.text(7)});
  }
  return out;
}

bool AuthoringStore::was_published(std::string_view resource_id, int number) {
  auto connection = database_.read();
  return connection
      ->query_one(
          "SELECT 1 FROM resource_reviews WHERE resource_id = ? AND version_number = ? AND "
          "to_state = 'published'",
          {std::string(resource_id), static_cast<std::int64_t>(number)})
      .has_value();
}

std::vector<WorkflowSummary> AuthoringStore::in_country(std::string_view country,
                                                        std::optional<State> state, int limit) {
  std::vector<Value> params{std::string(country)};
  std::string where = "WHERE country_code = ?";
  if (state) {
    where += " AND state = ?";
    params.emplace_back(std::string(state_name(*state)));
  }
  return summaries(database_, where, std::move(params), limit);
}

std::vector<WorkflowSummary> AuthoringStore::created_by(std::string_view user_id, int limit) {
  return summaries(database_, "WHERE created_by = ?", {std::string(user_id)}, limit);
}

std::vector<WorkflowSummary> AuthoringStore::of_class(std::string_view class_id, int limit) {
  return summaries(database_, "WHERE class_id = ?", {std::string(class_id)}, limit);
}

std::vector<WorkflowSummary> AuthoringStore::adaptations_of(std::string_view origin_id) {
  return summaries(database_, "WHERE origin_resource_id = ?", {std::string(origin_id)}, 100);
}

}  // namespace imaginecole::authoring
