// SPDX-License-Identifier: AGPL-3.0-or-later
// The mastery model on plain answers (decision 0032): the latest answer per question over the
// last five questions; familiar from 60 % right, proficient from 80 % over three questions,
// mastered when proficiency holds again on a later day.
#include <gtest/gtest.h>

#include "learning/mastery_model.hpp"

namespace imaginecole::learning {
namespace {

SkillAnswer on(std::string day, std::string question, bool correct) {
  return {.question_id = std::move(question),
          .correct = correct,
          .answered_at = std::move(day) + "T10:00:00Z"};
}

constexpr char kDay1[] = "2026-12-01";
constexpr char kDay2[] = "2026-12-02";

TEST(MasteryModel, NoAnswerIsNotStarted) {
  EXPECT_EQ(mastery_level({}), MasteryLevel::not_started);
}

TEST(MasteryModel, WrongAnswersAreAttempted) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", false)}), MasteryLevel::attempted);
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", false), on(kDay1, "c", false)}),
            MasteryLevel::attempted);
}

TEST(MasteryModel, SixtyPercentRightIsFamiliar) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", true), on(kDay1, "c", false),
                           on(kDay1, "d", true), on(kDay1, "e", false)}),
            MasteryLevel::familiar);
}

TEST(MasteryModel, OneQuestionRightIsNotYetProficient) {
  // Right, but one or two questions cannot show a skill.
  EXPECT_EQ(mastery_level({on(kDay1, "a", true)}), MasteryLevel::familiar);
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "a", true), on(kDay1, "a", true),
                           on(kDay1, "b", true)}),
            MasteryLevel::familiar);
}

TEST(MasteryModel, EightyPercentOverThreeQuestionsIsProficient) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", true), on(kDay1, "c", true)}),
            MasteryLevel::proficient);
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", false), on(kDay1, "c", true),
                           on(kDay1, "d", true), on(kDay1, "e", true)}),
            MasteryLevel::proficient);
}

TEST(MasteryModel, OnlyTheLatestAnswerToAQuestionCounts) {
  // "a" wrong, then right: the wrong answer no longer counts.
  EXPECT_EQ(mastery_level({on(kDay1, "a", false), on(kDay1, "b", true), on(kDay1, "c", true),
                           on(kDay1, "a", true)}),
            MasteryLevel::proficient);
  // Old mistakes beyond the last five questions are forgotten.
  EXPECT_EQ(mastery_level({on(kDay1, "x", false), on(kDay1, "y", false), on(kDay1, "a", true),
                           on(kDay1, "b", true), on(kDay1, "c", true), on(kDay1, "d", true),
                           on(kDay1, "e", true)}),
            MasteryLevel::proficient);
}

TEST(MasteryModel, ProficientAgainOnALaterDayIsMastered) {
  std::vector<SkillAnswer> answers = {on(kDay1, "a", true), on(kDay1, "b", true),
                                      on(kDay1, "c", true)};
  answers.push_back(on(kDay2, "d", true));
  EXPECT_EQ(mastery_level(answers), MasteryLevel::mastered);
}

TEST(MasteryModel, ProficientTwiceTheSameDayIsNotMastered) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", true), on(kDay1, "c", true),
                           on(kDay1, "d", true), on(kDay1, "e", true)}),
            MasteryLevel::proficient);
}

TEST(MasteryModel, ProficientOnlyTodayAfterAWeakDayIsNotMastered) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", false), on(kDay1, "b", false), on(kDay2, "c", true),
                           on(kDay2, "d", true), on(kDay2, "e", true), on(kDay2, "a", true),
                           on(kDay2, "b", true)}),
            MasteryLevel::proficient);
}

TEST(MasteryModel, MistakesOnALaterDayLoseMastery) {
  EXPECT_EQ(mastery_level({on(kDay1, "a", true), on(kDay1, "b", true), on(kDay1, "c", true),
                           on(kDay2, "d", false), on(kDay2, "e", false)}),
            MasteryLevel::familiar);
}

TEST(MasteryModel, LevelsHaveStableNames) {
  EXPECT_EQ(mastery_level_name(MasteryLevel::not_started), "not_started");
  EXPECT_EQ(mastery_level_name(MasteryLevel::mastered), "mastered");
}

}  // namespace
}  // namespace imaginecole::learning
