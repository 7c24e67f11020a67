// SPDX-License-Identifier: AGPL-3.0-or-later
// The pupil's space as data (what /me shows a pupil): their level and its subjects, where to
// continue, progress per subject and mastery per skill. A plain function of records; the
// route only renders it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/curriculum.hpp"
#include "learning/attempt_rows.hpp"
#include "learning/skill_mastery.hpp"

namespace imaginecole::learning {

struct SubjectProgress {
  std::string slug;
  std::string name;
  std::string url;            // the subject's shelf in the library, "" when the level is unknown
  std::int64_t answered = 0;  // distinct questions answered in its exercise sets
  std::int64_t correct = 0;
  std::vector<SkillLevel> skills;
  int percent() const { return answered == 0 ? 0 : static_cast<int>(correct * 100 / answered); }
};

struct ContinueAt {
  std::string title;
  std::string url;
};

struct PupilSpace {
  std::string level_name;                 // "" when the pupil's class has no level
  bool young = false;                     // pictures first, few words, big buttons
  std::vector<SubjectProgress> subjects;  // the level's, in curriculum order, then others
  std::optional<ContinueAt> continue_at;
};

// What the space is made of, read by the route.
struct PupilRecords {
  const catalog::CountryCurriculum* curriculum = nullptr;  // the pupil's country
  std::optional<std::string> level_slug;                   // the pupil's class level
  bool signs_in_with_pictures = false;
  std::vector<ResourceProgress> progress;           // most recent first
  std::map<std::string, std::string> set_subjects;  // resource > subject slug
  std::optional<std::string> last_title;            // title of progress.front()
  std::vector<SkillLevel> mastery;
  std::string language;
};

// Ages up to this one read little: their space is pictures and big buttons (CI, CP, CE1).
inline constexpr int kYoungestReaders = 8;

PupilSpace pupil_space(const PupilRecords& records);

}  // namespace imaginecole::learning
