// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/path_rows.hpp"

#include "core/clock.hpp"
#include "core/errors.hpp"

namespace imaginecole::learning {
namespace {

constexpr std::string_view kPathColumns =
    "id, country_code, school_id, level_slug, title, description, created_by, created_at, "
    "updated_at";

storage::Value optional_value(const std::optional<std::string>& text) {
  return text ? storage::Value(*text) : storage::Value(nullptr);
}

LearningPath path_from(storage::Connection& connection, const storage::Row& row) {
  LearningPath path{.id = row.text(0),
                    .country_code = row.text(1),
                    .school_id = row.optional_text(2),
                    .level_slug = row.text(3),
                    .title = row.text(4),
                    .description = row.text(5),
                    .created_by = row.optional_text(6),
                    .created_at = row.text(7),
                    .updated_at = row.text(8),
                    .steps = {}};
  const auto steps = connection.query(
      "SELECT resource_id FROM learning_path_steps WHERE path_id = ? ORDER BY position", {path.id});
  for (const auto& step : steps.rows) {
    path.steps.push_back(step.text(0));
  }
  return path;
}

void write_steps(storage::Connection& connection, const LearningPath& path,
                 std::string_view node_id) {
  connection.execute("DELETE FROM learning_path_steps WHERE path_id = ?", {path.id});
  const std::string now = core::now_timestamp();
  std::int64_t position = 0;
  for (const auto& resource_id : path.steps) {
    connection.execute(
        "INSERT INTO learning_path_steps (path_id, resource_id, position, created_at, "
        "origin_node) VALUES (?, ?, ?, ?, ?)",
        {path.id, resource_id, ++position, now, std::string(node_id)});
  }
}

StepCompletion completion_from(const storage::Row& row) {
  return StepCompletion{.id = row.text(0),
                        .client_id = row.text(1),
                        .pupil_id = row.text(2),
                        .school_id = row.optional_text(3),
                        .country_code = row.text(4),
                        .path_id = row.text(5),
                        .resource_id = row.text(6),
                        .completed_at = row.text(7),
                        .origin_node = row.text(8)};
}

}  // namespace

void insert_path(storage::Connection& connection, const LearningPath& path,
                 std::string_view node_id) {
  connection.execute(
      "INSERT INTO learning_paths (id, country_code, school_id, level_slug, title, description, "
      "created_by, created_at, updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {path.id, path.country_code, optional_value(path.school_id), path.level_slug, path.title,
       path.description, optional_value(path.created_by), path.created_at, path.updated_at,
       std::string(node_id)});
  write_steps(connection, path, node_id);
}

void update_path(storage::Connection& connection, const LearningPath& path,
                 std::string_view node_id) {
  connection.execute(
      "UPDATE learning_paths SET level_slug = ?, title = ?, description = ?, updated_at = ?, "
      "row_version = row_version + 1 WHERE id = ?",
      {path.level_slug, path.title, path.description, path.updated_at, path.id});
  write_steps(connection, path, node_id);
}

std::optional<LearningPath> find_path(storage::Connection& connection, std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kPathColumns) + " FROM learning_paths WHERE id = ?",
      {std::string(id)});
  return row ? std::optional(path_from(connection, *row)) : std::nullopt;
}

std::vector<LearningPath> paths_of_level(storage::Connection& connection,
                                         std::string_view country_code, std::string_view level_slug,
                                         const std::optional<std::string>& school_id) {
  const auto rows = connection.query(
      "SELECT " + std::string(kPathColumns) +
          " FROM learning_paths WHERE country_code = ? AND level_slug = ? "
          "AND (school_id IS NULL OR school_id = ?) "
          "ORDER BY CASE WHEN school_id IS NULL THEN 0 ELSE 1 END, title, id",
      {std::string(country_code), std::string(level_slug), school_id.value_or("")});
  std::vector<LearningPath> out;
  for (const auto& row : rows.rows) {
    out.push_back(path_from(connection, row));
  }
  return out;
}

AppendedCompletion append_completion(storage::Connection& connection,
                                     const StepCompletion& completion) {
  const std::int64_t inserted = connection.execute(
      "INSERT INTO step_completions (id, client_id, pupil_id, school_id, country_code, path_id, "
      "resource_id, completed_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (client_id) DO NOTHING",
      {completion.id, completion.client_id, completion.pupil_id,
       optional_value(completion.school_id), completion.country_code, completion.path_id,
       completion.resource_id, completion.completed_at, completion.origin_node});
  if (inserted == 1) {
    return {.completion = completion, .recorded = true};
  }
  const auto row = connection.query_one(
      "SELECT id, client_id, pupil_id, school_id, country_code, path_id, resource_id, "
      "completed_at, origin_node FROM step_completions WHERE client_id = ?",
      {completion.client_id});
  if (!row) {
    throw StorageError("a step completion with client_id " + completion.client_id +
                       " was neither inserted nor found");
  }
  return {.completion = completion_from(*row), .recorded = false};
}

std::set<std::string> completed_resources(storage::Connection& connection,
                                          std::string_view pupil_id, std::string_view path_id) {
  const auto rows = connection.query(
      "SELECT DISTINCT resource_id FROM step_completions WHERE pupil_id = ? AND path_id = ?",
      {std::string(pupil_id), std::string(path_id)});
  std::set<std::string> out;
  for (const auto& row : rows.rows) {
    out.insert(row.text(0));
  }
  return out;
}

std::int64_t delete_completions_of_pupil(storage::Connection& connection,
                                         std::string_view pupil_id) {
  return connection.execute("DELETE FROM step_completions WHERE pupil_id = ?",
                            {std::string(pupil_id)});
}

}  // namespace imaginecole::learning
