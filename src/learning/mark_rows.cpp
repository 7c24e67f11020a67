// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/mark_rows.hpp"

namespace imaginecole::learning {

void append_mark(storage::Connection& connection, const Mark& mark) {
  connection.execute(
      "INSERT INTO attempt_marks (id, attempt_id, marker_id, school_id, country_code, score, "
      "comment, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {mark.id, mark.attempt_id, mark.marker_id,
       mark.school_id ? storage::Value(*mark.school_id) : storage::Value(nullptr),
       mark.country_code, mark.score, mark.comment, mark.marked_at});
}

std::map<std::string, Mark> latest_marks(storage::Connection& connection,
                                         const std::vector<std::string>& attempt_ids) {
  std::map<std::string, Mark> out;
  // A few hundred ids at most per call (a page of a pupil's history).
  constexpr std::size_t kChunk = 400;
  for (std::size_t from = 0; from < attempt_ids.size(); from += kChunk) {
    std::string sql =
        "SELECT id, attempt_id, marker_id, school_id, country_code, score, comment, marked_at "
        "FROM attempt_marks WHERE attempt_id IN (";
    std::vector<storage::Value> params;
    for (std::size_t i = from; i < std::min(attempt_ids.size(), from + kChunk); ++i) {
      sql += params.empty() ? "?" : ", ?";
      params.emplace_back(attempt_ids[i]);
    }
    sql += ") ORDER BY marked_at, id";
    for (const auto& row : connection.query(sql, params).rows) {
      // In marking order: a later mark replaces an earlier one.
      out.insert_or_assign(row.text(1), Mark{.id = row.text(0),
                                             .attempt_id = row.text(1),
                                             .marker_id = row.text(2),
                                             .school_id = row.optional_text(3),
                                             .country_code = row.text(4),
                                             .score = row.real(5),
                                             .comment = row.text(6),
                                             .marked_at = row.text(7)});
    }
  }
  return out;
}

}  // namespace imaginecole::learning
