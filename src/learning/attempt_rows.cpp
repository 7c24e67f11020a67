// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/attempt_rows.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, client_id, pupil_id, school_id, country_code, resource_id, COALESCE(version_id, ''), "
    "question_id, question_type, response, correct, score, feedback, duration_ms, answered_at, "
    "recorded_at, origin_node";

std::string feedback_json(const std::vector<std::string>& lines) {
  json::array array;
  for (const auto& line : lines) {
    array.emplace_back(line);
  }
  return json::serialize(array);
}

std::vector<std::string> feedback_lines(const std::string& text) {
  std::vector<std::string> lines;
  boost::system::error_code error;
  const json::value parsed = json::parse(text, error);
  if (error || !parsed.is_array()) {
    return lines;
  }
  for (const auto& line : parsed.as_array()) {
    if (line.is_string()) {
      lines.emplace_back(line.as_string());
    }
  }
  return lines;
}

Attempt attempt_from(const storage::Row& row) {
  return Attempt{
      .id = row.text(0),
      .client_id = row.text(1),
      .pupil_id = row.text(2),
      .school_id = row.optional_text(3),
      .country_code = row.text(4),
      .resource_id = row.text(5),
      .version_id = row.text(6),
      .question_id = row.text(7),
      .question_type = row.text(8),
      .response = row.text(9),
      .correct = row.integer(10) != 0,
      .score = row.real(11),
      .feedback = feedback_lines(row.text(12)),
      .duration_ms = row.is_null(13) ? std::nullopt : std::optional<std::int64_t>(row.integer(13)),
      .answered_at = row.text(14),
      .recorded_at = row.text(15),
      .origin_node = row.text(16)};
}

storage::Value optional_value(const std::optional<std::string>& text) {
  return text ? storage::Value(*text) : storage::Value(nullptr);
}

}  // namespace

Appended append_attempt(storage::Connection& connection, const Attempt& attempt) {
  // ON CONFLICT DO NOTHING: under PostgreSQL's read committed, a concurrent insert of the same
  // client_id makes this one wait for it and then do nothing; the SELECT that follows (a new
  // statement, a new snapshot) sees the winner's row.
  const std::int64_t inserted = connection.execute(
      "INSERT INTO attempts (id, client_id, pupil_id, school_id, country_code, resource_id, "
      "version_id, question_id, question_type, response, correct, score, feedback, duration_ms, "
      "answered_at, recorded_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (client_id) DO NOTHING",
      {attempt.id, attempt.client_id, attempt.pupil_id, optional_value(attempt.school_id),
       attempt.country_code, attempt.resource_id,
       attempt.version_id.empty() ? storage::Value(nullptr) : storage::Value(attempt.version_id),
       attempt.question_id, attempt.question_type, attempt.response,
       std::int64_t{attempt.correct ? 1 : 0}, attempt.score, feedback_json(attempt.feedback),
       attempt.duration_ms ? storage::Value(*attempt.duration_ms) : storage::Value(nullptr),
       attempt.answered_at, attempt.recorded_at, attempt.origin_node});
  if (inserted == 1) {
    return {.attempt = attempt, .recorded = true};
  }
  auto first = find_attempt_by_client_id(connection, attempt.client_id);
  if (!first) {
    throw StorageError("an attempt with client_id " + attempt.client_id +
                       " was neither inserted nor found");
  }
  return {.attempt = std::move(*first), .recorded = false};
}

std::optional<Attempt> find_attempt_by_client_id(storage::Connection& connection,
                                                 std::string_view client_id) {
  const auto row =
      connection.query_one("SELECT " + std::string(kColumns) + " FROM attempts WHERE client_id = ?",
                           {std::string(client_id)});
  return row ? std::optional(attempt_from(*row)) : std::nullopt;
}

std::vector<Attempt> attempts_of_pupil(storage::Connection& connection, std::string_view pupil_id,
                                       std::int64_t limit) {
  const auto rows = connection.query("SELECT " + std::string(kColumns) +
                                         " FROM attempts WHERE pupil_id = ? "
                                         "ORDER BY recorded_at DESC, id DESC LIMIT ?",
                                     {std::string(pupil_id), limit});
  std::vector<Attempt> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    out.push_back(attempt_from(row));
  }
  return out;
}

std::int64_t delete_attempts_of_pupil(storage::Connection& connection, std::string_view pupil_id) {
  return connection.execute("DELETE FROM attempts WHERE pupil_id = ?", {std::string(pupil_id)});
}

std::set<std::string> answered_questions(storage::Connection& connection, std::string_view pupil_id,
                                         std::string_view resource_id) {
  const auto rows = connection.query(
      "SELECT DISTINCT question_id FROM attempts WHERE pupil_id = ? AND resource_id = ?",
      {std::string(pupil_id), std::string(resource_id)});
  std::set<std::string> out;
  for (const auto& row : rows.rows) {
    out.insert(row.text(0));
  }
  return out;
}

std::vector<ResourceProgress> progress_of_pupil(storage::Connection& connection,
                                                std::string_view pupil_id) {
  const auto rows = connection.query(
      "SELECT resource_id, COUNT(*), COUNT(DISTINCT question_id), "
      "COUNT(DISTINCT CASE WHEN correct = 1 THEN question_id END), MAX(recorded_at) "
      "FROM attempts WHERE pupil_id = ? GROUP BY resource_id ORDER BY MAX(recorded_at) DESC",
      {std::string(pupil_id)});
  std::vector<ResourceProgress> out;
  for (const auto& row : rows.rows) {
    out.push_back({.resource_id = row.text(0),
                   .attempts = row.integer(1),
                   .questions_answered = row.integer(2),
                   .questions_correct = row.integer(3),
                   .last_at = row.text(4)});
  }
  return out;
}

std::optional<Attempt> find_attempt(storage::Connection& connection, std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kColumns) + " FROM attempts WHERE id = ?", {std::string(id)});
  return row ? std::optional(attempt_from(*row)) : std::nullopt;
}

std::vector<Attempt> essays_waiting_for_mark(storage::Connection& connection,
                                             const std::vector<std::string>& pupil_ids,
                                             std::int64_t limit) {
  if (pupil_ids.empty()) {
    return {};
  }
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM attempts a WHERE a.question_type = 'essay' AND NOT EXISTS "
                    "(SELECT 1 FROM attempt_marks m WHERE m.attempt_id = a.id) AND a.pupil_id IN (";
  std::vector<storage::Value> params;
  for (const auto& id : pupil_ids) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  sql += ") ORDER BY a.recorded_at, a.id LIMIT ?";
  params.emplace_back(limit);
  const auto rows = connection.query(sql, params);
  std::vector<Attempt> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    out.push_back(attempt_from(row));
  }
  return out;
}

}  // namespace imaginecole::learning
