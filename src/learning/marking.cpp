// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/marking.hpp"

#include <cmath>
#include <map>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "learning/attempt_rows.hpp"
#include "learning/set_questions.hpp"

namespace imaginecole::learning {
namespace {

MarkOutcome refused(int status, std::string message) {
  return MarkOutcome{.status = status, .error = std::move(message), .mark = {}};
}

}  // namespace

MarkOutcome Marking::mark(const accounts::Principal& marker, std::string_view attempt_id,
                          double score, std::string comment) {
  std::optional<Attempt> attempt;
  if (core::is_valid_id(attempt_id)) {
    auto connection = database_.read();
    attempt = find_attempt(*connection, attempt_id);
  }
  // Not the marker's pupil: the same answer as no attempt at all.
  if (!attempt || !classroom_.class_of_pupil_for(marker, accounts::Permission::pupils_manage,
                                                 attempt->pupil_id)) {
    return refused(404, "No attempt of one of your pupils has this id.");
  }
  if (attempt->question_type != "essay") {
    return refused(422,
                   "Only open answers are marked by a teacher; this answer was graded "
                   "when it was sent.");
  }
  if (!std::isfinite(score) || score < 0 || score > 1) {
    return refused(400, "\"score\" must be a number from 0 to 1 (0.5 for half the points).");
  }
  if (comment.size() > kMaxMarkComment) {
    return refused(400,
                   "The comment is longer than " + std::to_string(kMaxMarkComment) + " bytes.");
  }
  Mark mark{.id = core::new_id(),
            .attempt_id = attempt->id,
            .marker_id = marker.user_id,
            .school_id = attempt->school_id,
            .country_code = attempt->country_code,
            .score = score,
            .comment = std::move(comment),
            .marked_at = core::now_timestamp()};
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  append_mark(*connection, mark);
  transaction.commit();
  return MarkOutcome{.status = 200, .error = {}, .mark = std::move(mark)};
}

std::vector<WaitingEssay> Marking::waiting(const classroom::ClassView& view) {
  std::map<std::string, std::string> names;
  std::vector<std::string> pupil_ids;
  for (const auto& pupil : classroom_.accounts().users().pupils_in_class(view.school_class.id)) {
    names[pupil.id] = pupil.display_name;
    pupil_ids.push_back(pupil.id);
  }
  auto connection = database_.read();
  std::map<std::string, std::vector<exercises::Question>> sets;
  std::vector<WaitingEssay> out;
  for (auto& attempt : essays_waiting_for_mark(*connection, pupil_ids, kMarkingPage)) {
    auto set = sets.find(attempt.resource_id);
    if (set == sets.end()) {
      set = sets.emplace(attempt.resource_id, published_questions(*connection, attempt.resource_id))
                .first;
    }
    std::string prompt;
    for (const auto& question : set->second) {
      if (question.id == attempt.question_id) {
        prompt = question.prompt;
      }
    }
    std::string name = names[attempt.pupil_id];
    out.push_back(WaitingEssay{
        .attempt = std::move(attempt), .pupil_name = std::move(name), .prompt = std::move(prompt)});
  }
  return out;
}

}  // namespace imaginecole::learning
