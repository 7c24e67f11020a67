// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/skill_mastery.hpp"

#include <algorithm>
#include <set>

#include "catalog/curriculum_store.hpp"
#include "catalog/skill_placements.hpp"
#include "exercises/question_skills.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using Answers = std::map<std::string, std::map<std::string, std::vector<SkillAnswer>>>;

// Each pupil's answers per skill, oldest first. One query on the attempts (by pupil, indexed),
// one on the tags of the questions answered, one on the placements of the sets.
Answers answers_by_skill(storage::Connection& connection, const std::vector<std::string>& pupil_ids,
                         std::string_view country_code) {
  Answers out;
  if (pupil_ids.empty()) {
    return out;
  }
  std::vector<storage::Value> params;
  std::string marks;
  for (const auto& id : pupil_ids) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  const auto rows = connection.query(
      "SELECT pupil_id, question_id, resource_id, correct, answered_at FROM attempts "
      "WHERE pupil_id IN (" +
          marks + ") ORDER BY answered_at, recorded_at, id",
      storage::Params(params));
  std::set<std::string> questions;
  std::set<std::string> resources;
  for (const auto& row : rows.rows) {
    questions.insert(row.text(1));
    resources.insert(row.text(2));
  }
  const auto tags =
      exercises::skills_of_questions(connection, {questions.begin(), questions.end()});
  const auto placed =
      catalog::skill_placements(connection, country_code, {resources.begin(), resources.end()});
  for (const auto& row : rows.rows) {
    const std::string question = row.text(1);
    const std::vector<std::string>* skills = nullptr;
    if (const auto tagged = tags.find(question); tagged != tags.end()) {
      skills = &tagged->second;
    } else if (const auto set = placed.find(row.text(2)); set != placed.end()) {
      skills = &set->second;
    }
    if (skills == nullptr) {
      continue;
    }
    for (const auto& skill : *skills) {
      out[row.text(0)][skill].push_back(
          {.question_id = question, .correct = row.integer(3) != 0, .answered_at = row.text(4)});
    }
  }
  return out;
}

}  // namespace

Skill describe_skill(const catalog::CountryCurriculum& curriculum,
                     const catalog::CurriculumNode& node, std::string_view language) {
  Skill skill{.id = node.id, .name = web::localized(node.names, language)};
  skill.position = static_cast<std::size_t>(&node - curriculum.nodes.data());
  for (const catalog::CurriculumNode* up = &node; up != nullptr;
       up = up->parent_id ? curriculum.find(*up->parent_id) : nullptr) {
    if (up->kind == catalog::NodeKind::subject) {
      skill.subject = up->subject_slug.value_or(up->slug);
      skill.subject_name = web::localized(up->names, language);
      break;
    }
  }
  return skill;
}

std::vector<SkillLevel> SkillMastery::of_pupil(std::string_view pupil_id,
                                               std::string_view country_code,
                                               std::string_view language) {
  const ClassMastery table = of_pupils({std::string(pupil_id)}, country_code, language);
  std::vector<SkillLevel> out;
  const auto levels = table.levels.find(std::string(pupil_id));
  for (const auto& skill : table.skills) {
    SkillLevel entry{.skill = skill};
    if (levels != table.levels.end()) {
      if (const auto found = levels->second.find(skill.id); found != levels->second.end()) {
        entry.level = found->second;
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

ClassMastery SkillMastery::of_pupils(const std::vector<std::string>& pupil_ids,
                                     std::string_view country_code, std::string_view language) {
  Answers answers;
  {
    auto connection = database_.read();
    answers = answers_by_skill(*connection, pupil_ids, country_code);
  }
  ClassMastery out;
  if (answers.empty()) {
    return out;
  }
  const auto curriculum = catalog::CurriculumStore(database_, node_id_).curriculum(country_code);
  std::set<std::string> seen;
  for (const auto& [pupil, skills] : answers) {
    for (const auto& [skill_id, list] : skills) {
      const catalog::CurriculumNode* node = curriculum ? curriculum->find(skill_id) : nullptr;
      if (node == nullptr) {
        continue;  // a retired node, or one of another country's tree
      }
      out.levels[pupil][skill_id] = mastery_level(list);
      if (seen.insert(skill_id).second) {
        out.skills.push_back(describe_skill(*curriculum, *node, language));
      }
    }
  }
  std::sort(out.skills.begin(), out.skills.end(),
            [](const Skill& a, const Skill& b) { return a.position < b.position; });
  return out;
}

}  // namespace imaginecole::learning
