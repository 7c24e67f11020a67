// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/set_questions.hpp"

#include "catalog/resource_queries.hpp"

namespace imaginecole::learning {

std::vector<exercises::Question> published_questions(storage::Connection& connection,
                                                     std::string_view resource_id) {
  const auto set = catalog::published_set(connection, resource_id);
  return set ? exercises::questions_from_json(set->questions) : std::vector<exercises::Question>{};
}

std::vector<exercises::Question> graded_questions(storage::Connection& connection,
                                                  std::string_view resource_id) {
  std::vector<exercises::Question> out;
  for (auto& question : published_questions(connection, resource_id)) {
    if (question.type != exercises::QuestionType::description) {
      out.push_back(std::move(question));
    }
  }
  return out;
}

}  // namespace imaginecole::learning
