// SPDX-License-Identifier: AGPL-3.0-or-later
// An assignment's choices read as the player's rules: solutions, the due date, the quiz takes,
// and an order of each pupil's own that stays the same on every visit.
#include "learning/assigned_rules.hpp"

#include <gtest/gtest.h>

namespace imaginecole::learning {
namespace {

TEST(AssignedRules, TheAssignmentsChoicesBecomeThePlayersRules) {
  AssignmentRules assigned;
  assigned.mode = "quiz";
  assigned.order = "shuffled";
  assigned.attempts_allowed = 1;
  assigned.solutions = "after_due";
  assigned.due_at = "2026-12-10T23:59:59.000Z";
  const PlayerRules before =
      player_rules_of(assigned, "pupil-a", "set-1", "2026-12-05T10:00:00.000Z");
  EXPECT_TRUE(before.quiz_by_default);
  EXPECT_EQ(before.attempts_allowed, 1);
  EXPECT_EQ(before.order, QuestionOrder::shuffled);
  EXPECT_FALSE(before.shows_solution(true));  // not before the due date
  const PlayerRules after =
      player_rules_of(assigned, "pupil-a", "set-1", "2026-12-11T08:00:00.000Z");
  EXPECT_TRUE(after.shows_solution(true));
  // Each pupil has an order of their own, the same on every visit.
  EXPECT_EQ(before.shuffle_seed, after.shuffle_seed);
  EXPECT_NE(player_rules_of(assigned, "pupil-b", "set-1", "2026-12-05T10:00:00.000Z").shuffle_seed,
            before.shuffle_seed);
}

TEST(AssignedRules, DefaultsArePracticeInOrderWithSolutionsAfterAnAttempt) {
  const PlayerRules rules =
      player_rules_of(AssignmentRules{}, "pupil-a", "set-1", "2026-12-05T10:00:00.000Z");
  EXPECT_FALSE(rules.quiz_by_default);
  EXPECT_EQ(rules.order, QuestionOrder::fixed);
  EXPECT_TRUE(rules.shuffle_seed.empty());
  EXPECT_FALSE(rules.shows_solution(false));
  EXPECT_TRUE(rules.shows_solution(true));
  EXPECT_FALSE(rules.due_date_passed);  // no due date never passes
}

TEST(AssignedRules, NeverAndAlwaysAreKept) {
  AssignmentRules assigned;
  assigned.solutions = "never";
  EXPECT_FALSE(
      player_rules_of(assigned, "p", "s", "2026-12-05T10:00:00.000Z").shows_solution(true));
  assigned.solutions = "always";
  EXPECT_TRUE(
      player_rules_of(assigned, "p", "s", "2026-12-05T10:00:00.000Z").shows_solution(false));
}

}  // namespace
}  // namespace imaginecole::learning
