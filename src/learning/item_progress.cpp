// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/item_progress.hpp"

#include <algorithm>

namespace imaginecole::learning {

ItemProgress item_progress(const std::vector<const QuestionTally*>& tallies, std::int64_t questions,
                           const std::optional<std::string>& due_at, const std::string& now) {
  ItemProgress out;
  out.questions = questions;
  double best = 0;
  double last = 0;
  for (const QuestionTally* tally : tallies) {
    out.attempts = std::max(out.attempts, tally->answers);
    out.answers += tally->answers;
    ++out.answered;
    best += tally->best_score;
    last += tally->last_score;
    out.waiting_for_mark = out.waiting_for_mark || tally->last_waiting;
    out.last_at = std::max(out.last_at, tally->last_at);
  }
  // A question removed from the set since still counts for who answered it, never above 100 %.
  const auto over = static_cast<double>(std::max(questions, out.answered));
  if (over > 0) {
    out.best_score = best / over;
    out.last_score = last / over;
  }
  if (out.answered == 0) {
    out.status = AssignmentStatus::not_started;
  } else if (out.answered >= questions) {
    out.status = AssignmentStatus::done;
  } else {
    out.status = AssignmentStatus::in_progress;
  }
  if (out.status != AssignmentStatus::done && due_at && *due_at < now) {
    out.status = AssignmentStatus::overdue;
  }
  return out;
}

}  // namespace imaginecole::learning
