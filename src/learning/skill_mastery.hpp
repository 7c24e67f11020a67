// SPDX-License-Identifier: AGPL-3.0-or-later
// Mastery per pupil and skill, read from the attempts whenever it is shown (decision 0032):
// an answer counts for the skills its question is tagged with, or else for the units and
// topics where the pupil's country placed the exercise set it was given in. Nothing is
// stored, so nothing can drift from the attempts.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/curriculum.hpp"
#include "learning/mastery_model.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

// A skill as pages and the API name it.
struct Skill {
  std::string id;
  std::string name;
  std::string subject;  // slug; "" when the skill sits under no subject
  std::string subject_name;
  std::size_t position = 0;  // curriculum order
};

struct SkillLevel {
  Skill skill;
  MasteryLevel level = MasteryLevel::not_started;
  std::size_t answers = 0;
};

// A class's table: the skills any of its pupils worked on, and each pupil's level in them
// (absent: not started).
struct ClassMastery {
  std::vector<Skill> skills;
  std::map<std::string, std::map<std::string, MasteryLevel>> levels;  // pupil > skill > level
};

class SkillMastery {
 public:
  SkillMastery(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // The skills the pupil answered questions of, in curriculum order.
  std::vector<SkillLevel> of_pupil(std::string_view pupil_id, std::string_view country_code,
                                   std::string_view language);
  ClassMastery of_pupils(const std::vector<std::string>& pupil_ids, std::string_view country_code,
                         std::string_view language);

 private:
  storage::Database& database_;
  std::string node_id_;
};

// The skill as named in `curriculum` (its subject found among its ancestors).
Skill describe_skill(const catalog::CountryCurriculum& curriculum,
                     const catalog::CurriculumNode& node, std::string_view language);

}  // namespace imaginecole::learning
