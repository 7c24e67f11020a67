// SPDX-License-Identifier: AGPL-3.0-or-later
// A learning path ("parcours") as a value: an ordered list of published resources for one
// level of a country, national (made by an editor) or of one school (made by a teacher).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace imaginecole::learning {

inline constexpr std::size_t kMaxPathSteps = 50;

struct LearningPath {
  std::string id;
  std::string country_code;
  std::optional<std::string> school_id;  // nullopt: a national path
  std::string level_slug;
  std::string title;
  std::string description;
  std::optional<std::string> created_by;
  std::string created_at;
  std::string updated_at;
  std::vector<std::string> steps;  // resource ids, in order
};

// One step as a pupil follows it.
struct PathStep {
  int number = 0;  // from 1
  std::string resource_id;
  std::string kind;  // the resource's kind ("lesson", "exercise_set", …)
  std::string title;
  int questions = 0;  // an exercise set's questions that take an answer; 0 otherwise
  int answered = 0;   // of those, how many the pupil answered with this set
  bool done = false;
};

}  // namespace imaginecole::learning
