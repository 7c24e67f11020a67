// SPDX-License-Identifier: AGPL-3.0-or-later
// The skills an editor may tag a question with: the units and topics of its country's
// curriculum, grouped by level and subject for a plain <select>. And the skills an import's
// category suggests (GIFT "$CATEGORY:", Moodle categories and tags end up in
// question.category): those whose name shares a significant word with it. Suggestions are
// only offered; an editor accepts each one (decision 0032).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/curriculum.hpp"

namespace imaginecole::exercises {

struct SkillChoice {
  std::string id;
  std::string label;  // "Fractions" or "Fractions › Comparer" for a topic
  std::string group;  // "CM2 · Mathématiques"
};

// In curriculum order.
std::vector<SkillChoice> skill_choices(const catalog::CountryCurriculum& curriculum,
                                       std::string_view language);

// The choices whose label shares a word of at least four letters with `category` (case and
// accents ignored), except those in `tagged`.
std::vector<SkillChoice> suggested_skills(const std::vector<SkillChoice>& choices,
                                          std::string_view category,
                                          const std::vector<std::string>& tagged);

}  // namespace imaginecole::exercises
