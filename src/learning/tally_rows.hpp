// SPDX-License-Identifier: AGPL-3.0-or-later
// How each pupil did on each question of some exercise sets, summed up by the database in one
// statement (the class report, a pupil's assignments): never a query per pupil. A marked
// essay counts with its latest mark; an essay not marked yet counts 0 and says so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::learning {

struct QuestionTally {
  std::string pupil_id;
  std::string resource_id;
  std::string question_id;
  std::int64_t answers = 0;   // attempts at this question
  double best_score = 0;      // 0..1
  double last_score = 0;      // the newest attempt's
  bool last_correct = false;  // the newest attempt's verdict (a marked essay: score >= 0.5)
  bool last_waiting = false;  // the newest attempt is an essay without a mark
  std::string last_at;
};

// Every (pupil, set, question) of `pupil_ids` × `resource_ids` that has an attempt.
std::vector<QuestionTally> question_tallies(storage::Connection& connection,
                                            const std::vector<std::string>& pupil_ids,
                                            const std::vector<std::string>& resource_ids);

}  // namespace imaginecole::learning
