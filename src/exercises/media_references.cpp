// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/media_references.hpp"

namespace imaginecole::exercises {

std::vector<QuestionReference> questions_containing(storage::Connection& connection,
                                                    const std::string& like_pattern) {
  const auto result =
      connection.query("SELECT id, name FROM questions WHERE body LIKE ?", {like_pattern});
  std::vector<QuestionReference> out;
  for (const auto& row : result.rows) {
    out.push_back(QuestionReference{.id = row.text(0), .name = row.text(1)});
  }
  return out;
}

}  // namespace imaginecole::exercises
