// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/tally_rows.hpp"

namespace imaginecole::learning {
namespace {

void add_list(std::string& sql, std::vector<storage::Value>& params,
              const std::vector<std::string>& ids) {
  sql += "(";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(ids[i]);
  }
  sql += ")";
}

}  // namespace

std::vector<QuestionTally> question_tallies(storage::Connection& connection,
                                            const std::vector<std::string>& pupil_ids,
                                            const std::vector<std::string>& resource_ids) {
  if (pupil_ids.empty() || resource_ids.empty()) {
    return {};
  }
  // The newest attempt per question is found by a window (rn = 1); the latest mark of an essay
  // the same way over the marks of those sets' essays only.
  std::vector<storage::Value> params;
  std::string sql =
      "SELECT pupil_id, resource_id, question_id, COUNT(*), MAX(s), "
      "MAX(CASE WHEN rn = 1 THEN s END), MAX(CASE WHEN rn = 1 THEN c END), "
      "MAX(CASE WHEN rn = 1 THEN w END), MAX(recorded_at) FROM ("
      "SELECT a.pupil_id, a.resource_id, a.question_id, a.recorded_at, "
      "CASE WHEN a.question_type = 'essay' THEN COALESCE(m.score, 0) ELSE a.score END AS s, "
      "CASE WHEN a.question_type = 'essay' THEN "
      "(CASE WHEN m.score >= 0.5 THEN 1 ELSE 0 END) ELSE a.correct END AS c, "
      "CASE WHEN a.question_type = 'essay' AND m.score IS NULL THEN 1 ELSE 0 END AS w, "
      "ROW_NUMBER() OVER (PARTITION BY a.pupil_id, a.resource_id, a.question_id "
      "ORDER BY a.recorded_at DESC, a.id DESC) AS rn "
      "FROM attempts a LEFT JOIN ("
      "SELECT attempt_id, score FROM (SELECT k.attempt_id, k.score, ROW_NUMBER() OVER "
      "(PARTITION BY k.attempt_id ORDER BY k.marked_at DESC, k.id DESC) AS mn "
      "FROM attempt_marks k JOIN attempts e ON e.id = k.attempt_id "
      "WHERE e.question_type = 'essay' AND e.resource_id IN ";
  add_list(sql, params, resource_ids);
  sql += ") latest WHERE mn = 1) m ON m.attempt_id = a.id WHERE a.resource_id IN ";
  add_list(sql, params, resource_ids);
  sql += " AND a.pupil_id IN ";
  add_list(sql, params, pupil_ids);
  sql += ") t GROUP BY pupil_id, resource_id, question_id";
  const auto rows = connection.query(sql, params);
  std::vector<QuestionTally> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    out.push_back(QuestionTally{.pupil_id = row.text(0),
                                .resource_id = row.text(1),
                                .question_id = row.text(2),
                                .answers = row.integer(3),
                                .best_score = row.real(4),
                                .last_score = row.real(5),
                                .last_correct = row.integer(6) != 0,
                                .last_waiting = row.integer(7) != 0,
                                .last_at = row.text(8)});
  }
  return out;
}

}  // namespace imaginecole::learning
