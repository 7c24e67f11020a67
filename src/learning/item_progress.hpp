// SPDX-License-Identifier: AGPL-3.0-or-later
// One pupil on one assigned item, summed up from their question tallies (tally_rows.hpp): how
// many times they went through it, how well, and where they stand. Pure: unit-testable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learning/assignment.hpp"
#include "learning/tally_rows.hpp"

namespace imaginecole::learning {

struct ItemProgress {
  std::int64_t attempts = 0;   // times through the set: the most answers to one question
  std::int64_t answers = 0;    // every answer recorded
  std::int64_t answered = 0;   // questions with an answer
  std::int64_t questions = 0;  // graded questions of the set
  double best_score = 0;       // 0..1, each question's best, over the set
  double last_score = 0;       // 0..1, each question's newest, over the set
  bool waiting_for_mark = false;
  std::string last_at;
  AssignmentStatus status = AssignmentStatus::not_started;
};

// `tallies` are one pupil's on one set; `questions` its graded questions (0 for a lesson).
// `due_at` and `now` (UTC timestamps) make an unfinished item overdue.
ItemProgress item_progress(const std::vector<const QuestionTally*>& tallies, std::int64_t questions,
                           const std::optional<std::string>& due_at, const std::string& now);

}  // namespace imaginecole::learning
