// SPDX-License-Identifier: AGPL-3.0-or-later
// The mastery model (docs/decisions/0032-mastery-model.md) on plain values: a pupil's answers
// on one skill's questions, oldest first, give a level. Nothing of it is stored: the attempts
// are the truth and the level is read from them whenever it is shown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::learning {

enum class MasteryLevel { not_started, attempted, familiar, proficient, mastered };
std::string_view mastery_level_name(MasteryLevel level);

struct SkillAnswer {
  std::string question_id;
  bool correct = false;
  std::string answered_at;  // ISO 8601 UTC; its first 10 characters are the day
};

// How many of the latest answers count (one per question, the latest).
inline constexpr std::size_t kMasteryWindow = 5;
// How many distinct questions proficiency needs, so that one question learnt by heart is not
// a skill.
inline constexpr std::size_t kMasteryMinQuestions = 3;

// The level after `answers` (oldest first).
MasteryLevel mastery_level(const std::vector<SkillAnswer>& answers);

}  // namespace imaginecole::learning
