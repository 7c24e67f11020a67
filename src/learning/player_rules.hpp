// SPDX-License-Identifier: AGPL-3.0-or-later
// What drives the exercise player besides the questions: when worked solutions are shown, how
// many times a quiz may be taken, whether the questions come in a fixed or shuffled order. The
// defaults are those of a set opened from the library; an assignment makes its own.
#pragma once

#include <string>

namespace imaginecole::learning {

enum class SolutionsShown { always, after_attempt, after_due_date, never };
enum class QuestionOrder { fixed, shuffled };

struct PlayerRules {
  SolutionsShown solutions = SolutionsShown::after_attempt;
  bool due_date_passed = false;  // for SolutionsShown::after_due_date
  int attempts_allowed = 0;      // quiz takes allowed; 0: as many as wanted
  QuestionOrder order = QuestionOrder::fixed;
  std::string shuffle_seed;      // the same seed gives the same order (a pupil and an assignment)
  bool quiz_by_default = false;  // an assignment given as a quiz opens as one

  bool shows_solution(bool attempted) const {
    switch (solutions) {
      case SolutionsShown::always:
        return true;
      case SolutionsShown::after_attempt:
        return attempted;
      case SolutionsShown::after_due_date:
        return due_date_passed;
      case SolutionsShown::never:
        return false;
    }
    return false;
  }
};

}  // namespace imaginecole::learning
