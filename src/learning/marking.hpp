// SPDX-License-Identifier: AGPL-3.0-or-later
// Teachers mark open answers (question_type 'essay'): a score from 0 to 1 and a comment,
// appended as a mark beside the attempt (mark_rows.hpp); the latest mark counts in progress and
// reports. Only a teacher of the pupil's class may mark (classroom::class_of_pupil_for), and a
// pupil who is not theirs answers like an attempt that does not exist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "accounts/permissions.hpp"
#include "classroom/classroom.hpp"
#include "learning/attempt.hpp"
#include "learning/mark_rows.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

struct MarkOutcome {
  int status = 200;  // 200, or 400 / 404 / 422 with `error`
  std::string error;
  Mark mark;
};

struct WaitingEssay {
  Attempt attempt;
  std::string pupil_name;
  std::string prompt;  // the question's Markdown
};

class Marking {
 public:
  Marking(storage::Database& database, classroom::Classroom& classroom)
      : database_(database), classroom_(classroom) {}

  MarkOutcome mark(const accounts::Principal& marker, std::string_view attempt_id, double score,
                   std::string comment);
  // The class's essays waiting for a mark, oldest first.
  std::vector<WaitingEssay> waiting(const classroom::ClassView& view);

 private:
  storage::Database& database_;
  classroom::Classroom& classroom_;
};

inline constexpr std::int64_t kMarkingPage = 100;

}  // namespace imaginecole::learning
