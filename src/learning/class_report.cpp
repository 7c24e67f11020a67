// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/class_report.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/clock.hpp"
#include "learning/set_questions.hpp"
#include "learning/tally_rows.hpp"

namespace imaginecole::learning {
namespace {

using TallyKey = std::pair<std::string, std::string>;  // pupil, resource

std::vector<MissedQuestion> most_missed(
    const std::vector<QuestionTally>& tallies, const std::vector<ReportItem>& items,
    const std::map<std::string, std::vector<exercises::Question>>& questions) {
  std::map<std::pair<std::string, std::string>, MissedQuestion> by_question;
  for (const auto& tally : tallies) {
    if (tally.last_waiting) {
      continue;  // not marked yet: neither right nor wrong
    }
    MissedQuestion& entry = by_question[{tally.resource_id, tally.question_id}];
    entry.resource_id = tally.resource_id;
    entry.question_id = tally.question_id;
    ++entry.pupils_answered;
    entry.pupils_wrong += tally.last_correct ? 0 : 1;
  }
  std::vector<MissedQuestion> out;
  for (auto& [key, entry] : by_question) {
    if (entry.pupils_wrong == 0) {
      continue;
    }
    entry.share_wrong =
        static_cast<double>(entry.pupils_wrong) / static_cast<double>(entry.pupils_answered);
    for (const auto& item : items) {
      if (item.view.assignment.resource_id == entry.resource_id) {
        entry.resource_title = item.view.title;
      }
    }
    if (const auto set = questions.find(entry.resource_id); set != questions.end()) {
      for (const auto& question : set->second) {
        if (question.id == entry.question_id) {
          entry.prompt = question.prompt;
        }
      }
    }
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const MissedQuestion& a, const MissedQuestion& b) {
    return std::tie(b.share_wrong, b.pupils_wrong, a.resource_id, a.question_id) <
           std::tie(a.share_wrong, a.pupils_wrong, b.resource_id, b.question_id);
  });
  if (out.size() > kMostMissed) {
    out.resize(kMostMissed);
  }
  return out;
}

}  // namespace

ClassReport class_report(storage::Database& database, Assignments& assignments,
                         accounts::Accounts& accounts, const classroom::ClassView& view) {
  const std::string now = core::now_timestamp();
  ClassReport report;
  std::vector<std::string> resource_ids;
  for (auto& assigned : assignments.of_class(view, false)) {
    if (std::find(resource_ids.begin(), resource_ids.end(), assigned.assignment.resource_id) ==
        resource_ids.end()) {
      resource_ids.push_back(assigned.assignment.resource_id);
    }
    report.items.push_back(ReportItem{.view = std::move(assigned), .questions = 0});
  }
  std::vector<std::string> pupil_ids;
  for (auto& pupil : accounts.users().pupils_in_class(view.school_class.id)) {
    pupil_ids.push_back(pupil.id);
    report.pupils.push_back(ReportPupil{.pupil = std::move(pupil), .cells = {}, .started = false});
  }
  std::vector<QuestionTally> tallies;
  std::map<std::string, std::vector<exercises::Question>> questions;
  {
    auto connection = database.read();
    tallies = question_tallies(*connection, pupil_ids, resource_ids);
    for (const auto& id : resource_ids) {
      questions[id] = graded_questions(*connection, id);
    }
  }
  for (auto& item : report.items) {
    item.questions = static_cast<std::int64_t>(questions[item.view.assignment.resource_id].size());
  }
  std::map<TallyKey, std::vector<const QuestionTally*>> by_cell;
  for (const auto& tally : tallies) {
    by_cell[{tally.pupil_id, tally.resource_id}].push_back(&tally);
  }
  static const std::vector<const QuestionTally*> kNone;
  for (auto& row : report.pupils) {
    for (const auto& item : report.items) {
      const Assignment& assignment = item.view.assignment;
      const auto found = by_cell.find({row.pupil.id, assignment.resource_id});
      ReportCell cell{.assigned = assignment.includes(row.pupil.id),
                      .progress = item_progress(found == by_cell.end() ? kNone : found->second,
                                                item.questions, assignment.rules.due_at, now)};
      row.started = row.started || (cell.assigned && cell.progress.answered > 0);
      row.cells.push_back(std::move(cell));
    }
    if (!row.started) {
      report.not_started.push_back(row.pupil);
    }
  }
  report.most_missed = most_missed(tallies, report.items, questions);
  return report;
}

}  // namespace imaginecole::learning
