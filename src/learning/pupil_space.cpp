// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/pupil_space.hpp"

#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

SubjectProgress& subject_entry(PupilSpace& space, const std::string& slug,
                               const std::string& name) {
  for (auto& subject : space.subjects) {
    if (subject.slug == slug) {
      return subject;
    }
  }
  space.subjects.push_back({.slug = slug, .name = name});
  return space.subjects.back();
}

}  // namespace

PupilSpace pupil_space(const PupilRecords& records) {
  PupilSpace space;
  space.young = records.signs_in_with_pictures;
  const catalog::CurriculumNode* level = nullptr;
  if (records.curriculum != nullptr && records.level_slug) {
    level = records.curriculum->find_level(*records.level_slug);
  }
  if (level != nullptr) {
    space.level_name = web::localized(level->names, records.language);
    space.young = space.young || (level->typical_age && *level->typical_age <= kYoungestReaders);
    const std::string shelf = "/c/" + records.curriculum->country.code + "/" + level->slug + "/";
    for (const auto* node : records.curriculum->children_of(level->id)) {
      if (node->kind != catalog::NodeKind::subject) {
        continue;
      }
      const std::string slug = node->subject_slug.value_or(node->slug);
      subject_entry(space, slug, web::localized(node->names, records.language)).url =
          shelf + node->slug;
    }
  }
  for (const auto& set : records.progress) {
    const auto subject = records.set_subjects.find(set.resource_id);
    if (subject == records.set_subjects.end()) {
      continue;
    }
    SubjectProgress& entry = subject_entry(space, subject->second, subject->second);
    entry.answered += set.questions_answered;
    entry.correct += set.questions_correct;
  }
  for (const auto& skill : records.mastery) {
    const std::string slug = skill.skill.subject;
    subject_entry(space, slug, skill.skill.subject_name.empty() ? slug : skill.skill.subject_name)
        .skills.push_back(skill);
  }
  if (!records.progress.empty()) {
    const std::string& id = records.progress.front().resource_id;
    space.continue_at =
        ContinueAt{.title = records.last_title.value_or(id), .url = "/r/" + id + "/exercise"};
  }
  return space;
}

}  // namespace imaginecole::learning
