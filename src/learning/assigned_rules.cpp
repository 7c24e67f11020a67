// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/assigned_rules.hpp"

#include <string>

namespace imaginecole::learning {

PlayerRules player_rules_of(const AssignmentRules& assigned, std::string_view pupil_id,
                            std::string_view resource_id, std::string_view now) {
  PlayerRules rules;
  rules.solutions = assigned.solutions == "always"      ? SolutionsShown::always
                    : assigned.solutions == "after_due" ? SolutionsShown::after_due_date
                    : assigned.solutions == "never"     ? SolutionsShown::never
                                                        : SolutionsShown::after_attempt;
  // Timestamps of one format compare as text; no due date means it never passes.
  rules.due_date_passed = assigned.due_at.has_value() && std::string_view(*assigned.due_at) < now;
  rules.quiz_by_default = assigned.mode == "quiz";
  rules.attempts_allowed = static_cast<int>(assigned.attempts_allowed);
  rules.order = assigned.order == "shuffled" ? QuestionOrder::shuffled : QuestionOrder::fixed;
  if (rules.order == QuestionOrder::shuffled) {
    // Each pupil gets an order of their own (a neighbour's copy does not help), the same on
    // every visit.
    rules.shuffle_seed = std::string(pupil_id) + "/" + std::string(resource_id);
  }
  return rules;
}

}  // namespace imaginecole::learning
