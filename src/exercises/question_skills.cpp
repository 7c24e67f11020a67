// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/question_skills.hpp"

#include <set>

#include "core/clock.hpp"

namespace imaginecole::exercises {

std::vector<std::string> skills_of_question(storage::Connection& connection,
                                            std::string_view question_id) {
  const auto found = skills_of_questions(connection, {std::string(question_id)});
  return found.empty() ? std::vector<std::string>{} : found.begin()->second;
}

std::map<std::string, std::vector<std::string>> skills_of_questions(
    storage::Connection& connection, const std::vector<std::string>& question_ids) {
  std::map<std::string, std::vector<std::string>> out;
  // In slices, to stay below the backends' limits on bound values.
  constexpr std::size_t kSlice = 500;
  for (std::size_t start = 0; start < question_ids.size(); start += kSlice) {
    std::vector<storage::Value> params;
    std::string marks;
    for (std::size_t i = start; i < question_ids.size() && i < start + kSlice; ++i) {
      marks += marks.empty() ? "?" : ", ?";
      params.emplace_back(question_ids[i]);
    }
    const auto rows = connection.query(
        "SELECT question_id, skill_id FROM question_skills WHERE question_id IN (" + marks +
            ") ORDER BY question_id, skill_id",
        storage::Params(params));
    for (const auto& row : rows.rows) {
      out[row.text(0)].push_back(row.text(1));
    }
  }
  return out;
}

void set_question_skills(storage::Connection& connection, std::string_view question_id,
                         const std::vector<std::string>& skill_ids, std::string_view tagged_by,
                         std::string_view node_id) {
  const std::set<std::string> wanted(skill_ids.begin(), skill_ids.end());
  const auto current = skills_of_question(connection, question_id);
  for (const auto& skill : current) {
    if (!wanted.contains(skill)) {
      connection.execute("DELETE FROM question_skills WHERE question_id = ? AND skill_id = ?",
                         {std::string(question_id), skill});
    }
  }
  const std::set<std::string> had(current.begin(), current.end());
  const std::string now = core::now_timestamp();
  for (const auto& skill : wanted) {
    if (!had.contains(skill)) {
      connection.execute(
          "INSERT INTO question_skills (question_id, skill_id, tagged_by, created_at, "
          "origin_node) VALUES (?, ?, ?, ?, ?)",
          {std::string(question_id), skill,
           tagged_by.empty() ? storage::Value(nullptr) : storage::Value(std::string(tagged_by)),
           now, std::string(node_id)});
    }
  }
}

}  // namespace imaginecole::exercises
