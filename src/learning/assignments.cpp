// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/assignments.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "learning/assignment_rows.hpp"
#include "learning/set_questions.hpp"
#include "learning/tally_rows.hpp"

namespace imaginecole::learning {
namespace {

AssignmentOutcome refused(int status, std::string message) {
  return AssignmentOutcome{
      .status = status, .error = std::move(message), .assignment = {}, .created = false};
}

}  // namespace

AssignmentView Assignments::view_of(Assignment assignment) {
  AssignmentView out{.assignment = std::move(assignment), .title = {}, .kind = {}};
  if (const auto resource = resources_.find_published(out.assignment.resource_id)) {
    out.title = resource->title;
    out.kind = resource->kind;
  }
  return out;
}

// Fills the defaults of `request` and says what is wrong with it, if anything.
std::optional<std::string> Assignments::check(const classroom::ClassView& view,
                                              AssignmentRequest& request, bool new_one,
                                              int& status) {
  status = 400;
  AssignmentRules& rules = request.rules;
  if (new_one) {
    if (!core::is_valid_id(request.client_id)) {
      return "\"client_id\" must be a UUID made by the client";
    }
    const auto resource = core::is_valid_id(request.resource_id)
                              ? resources_.find_published(request.resource_id)
                              : std::nullopt;
    if (!resource || (resource->kind != "lesson" && resource->kind != "exercise_set")) {
      status = 404;
      return "No published lesson or exercise set has the id \"" +
             request.resource_id.substr(0, 40) + "\".";
    }
    if (rules.mode == "quiz" && resource->kind != "exercise_set") {
      status = 422;
      return "Only an exercise set can be taken as a quiz; a lesson is assigned as practice.";
    }
  }
  if (!is_assignment_mode(rules.mode)) {
    return "\"mode\" must be practice or quiz";
  }
  if (!is_assignment_order(rules.order)) {
    return "\"order\" must be fixed or shuffled";
  }
  if (!is_solutions_rule(rules.solutions)) {
    return "\"solutions\" must be always, after_attempt, after_due or never";
  }
  if (rules.attempts_allowed < 0 || rules.attempts_allowed > kMaxAttemptsAllowed) {
    return "\"attempts_allowed\" must be a whole number from 0 (unlimited) to " +
           std::to_string(kMaxAttemptsAllowed);
  }
  if (rules.opens_at.empty()) {
    rules.opens_at = core::now_timestamp();
  } else if (const auto opens = normalize_time(rules.opens_at, false)) {
    rules.opens_at = *opens;
  } else {
    return "\"opens_at\" must be a date such as 2026-12-07 or a time such as 2026-12-07T08:00";
  }
  if (rules.due_at && rules.due_at->empty()) {
    rules.due_at.reset();
  }
  if (rules.due_at) {
    const auto due = normalize_time(*rules.due_at, true);
    if (!due) {
      return "\"due_at\" must be a date such as 2026-12-14 or a time such as 2026-12-14T18:00";
    }
    if (*due < rules.opens_at) {
      return "The due date comes before the opening date.";
    }
    rules.due_at = due;
  }
  if (rules.solutions == "after_due" && !rules.due_at) {
    return "Solutions shown after the due date need a due date.";
  }
  if (request.group_name.size() > kMaxGroupName) {
    return "The group's name is longer than " + std::to_string(kMaxGroupName) + " bytes.";
  }
  std::set<std::string> in_class;
  for (const auto& pupil : accounts_.users().pupils_in_class(view.school_class.id)) {
    in_class.insert(pupil.id);
  }
  std::set<std::string> seen;
  for (const auto& id : request.pupil_ids) {
    if (!in_class.contains(id)) {
      status = 422;
      return "The pupil \"" + id.substr(0, 40) + "\" is not in this class.";
    }
    if (!seen.insert(id).second) {
      return "The pupil \"" + id + "\" is listed twice.";
    }
  }
  return std::nullopt;
}

AssignmentOutcome Assignments::create(const classroom::ClassView& view,
                                      const std::string& teacher_id, AssignmentRequest request) {
  {
    // A replay answers with the first creation, whatever the new body says.
    auto connection = database_.read();
    if (core::is_valid_id(request.client_id)) {
      if (auto first = find_assignment_by_client_id(*connection, request.client_id)) {
        if (first->class_id != view.school_class.id) {
          return refused(409,
                         "This client_id was already used; make a new UUID for each "
                         "assignment.");
        }
        return AssignmentOutcome{
            .status = 200, .error = {}, .assignment = std::move(*first), .created = false};
      }
    }
  }
  int status = 400;
  if (auto problem = check(view, request, true, status)) {
    return refused(status, std::move(*problem));
  }
  const std::string now = core::now_timestamp();
  Assignment assignment{.id = core::new_id(),
                        .client_id = request.client_id,
                        .school_id = view.school.id,
                        .class_id = view.school_class.id,
                        .resource_id = request.resource_id,
                        .group_name = request.pupil_ids.empty() ? "" : request.group_name,
                        .pupil_ids = request.pupil_ids,
                        .rules = request.rules,
                        .cancelled = false,
                        .created_by = teacher_id,
                        .created_at = now,
                        .updated_at = now};
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (!insert_assignment(*connection, assignment)) {
    // The same client_id won a race: the first one it is.
    auto first = find_assignment_by_client_id(*connection, request.client_id);
    transaction.commit();
    if (!first || first->class_id != view.school_class.id) {
      return refused(409,
                     "This client_id was already used; make a new UUID for each "
                     "assignment.");
    }
    return AssignmentOutcome{
        .status = 200, .error = {}, .assignment = std::move(*first), .created = false};
  }
  transaction.commit();
  return AssignmentOutcome{
      .status = 201, .error = {}, .assignment = std::move(assignment), .created = true};
}

AssignmentOutcome Assignments::update(const classroom::ClassView& view, std::string_view id,
                                      AssignmentRequest request) {
  auto found = find_in_class(view, id);
  if (!found) {
    return refused(404, "This class has no such assignment.");
  }
  int status = 400;
  if (auto problem = check(view, request, false, status)) {
    return refused(status, std::move(*problem));
  }
  Assignment assignment = std::move(found->assignment);
  assignment.group_name = request.pupil_ids.empty() ? "" : request.group_name;
  assignment.pupil_ids = request.pupil_ids;
  assignment.rules = request.rules;
  assignment.updated_at = core::now_timestamp();
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  update_assignment(*connection, assignment);
  transaction.commit();
  return AssignmentOutcome{.status = 200, .error = {}, .assignment = assignment, .created = false};
}

AssignmentOutcome Assignments::cancel(const classroom::ClassView& view, std::string_view id) {
  auto found = find_in_class(view, id);
  if (!found) {
    return refused(404, "This class has no such assignment.");
  }
  Assignment assignment = std::move(found->assignment);
  if (!assignment.cancelled) {
    assignment.cancelled = true;
    assignment.updated_at = core::now_timestamp();
    auto connection = database_.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    update_assignment(*connection, assignment);
    transaction.commit();
  }
  return AssignmentOutcome{.status = 200, .error = {}, .assignment = assignment, .created = false};
}

std::optional<AssignmentView> Assignments::find_in_class(const classroom::ClassView& view,
                                                         std::string_view id) {
  if (!core::is_valid_id(id)) {
    return std::nullopt;
  }
  std::optional<Assignment> found;
  {
    auto connection = database_.read();
    found = find_assignment(*connection, id);
  }
  if (!found || found->class_id != view.school_class.id) {
    return std::nullopt;
  }
  return view_of(std::move(*found));
}

std::vector<AssignmentView> Assignments::of_class(const classroom::ClassView& view,
                                                  bool with_cancelled) {
  std::vector<Assignment> rows;
  {
    auto connection = database_.read();
    rows = assignments_of_class(*connection, view.school_class.id, with_cancelled);
  }
  std::vector<AssignmentView> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    out.push_back(view_of(std::move(row)));
  }
  return out;
}

std::vector<std::string> Assignments::classes_of_pupil(std::string_view pupil_id) {
  std::vector<std::string> out;
  for (const auto& grant : accounts_.users().grants_of(pupil_id)) {
    if (grant.role == accounts::Role::pupil && grant.scope.kind == accounts::ScopeKind::class_) {
      out.push_back(grant.scope.id);
    }
  }
  return out;
}

std::vector<PupilAssignment> Assignments::of_pupil(std::string_view pupil_id) {
  const std::string now = core::now_timestamp();
  const std::vector<std::string> classes = classes_of_pupil(pupil_id);
  std::vector<Assignment> mine;
  std::vector<std::string> resource_ids;
  std::vector<QuestionTally> tallies;
  std::map<std::string, std::int64_t> graded;
  {
    auto connection = database_.read();
    for (auto& assignment : assignments_of_classes(*connection, classes)) {
      if (assignment.includes(pupil_id) && assignment.rules.opens_at <= now) {
        if (std::find(resource_ids.begin(), resource_ids.end(), assignment.resource_id) ==
            resource_ids.end()) {
          resource_ids.push_back(assignment.resource_id);
        }
        mine.push_back(std::move(assignment));
      }
    }
    tallies = question_tallies(*connection, {std::string(pupil_id)}, resource_ids);
    for (const auto& id : resource_ids) {
      graded[id] = static_cast<std::int64_t>(graded_questions(*connection, id).size());
    }
  }
  std::map<std::string, std::string> class_names;
  for (const auto& id : classes) {
    if (const auto found = accounts_.schools().class_by_id(id)) {
      class_names[id] = found->name;
    }
  }
  std::vector<PupilAssignment> out;
  for (auto& assignment : mine) {
    std::vector<const QuestionTally*> own;
    for (const auto& tally : tallies) {
      if (tally.resource_id == assignment.resource_id) {
        own.push_back(&tally);
      }
    }
    ItemProgress progress =
        item_progress(own, graded[assignment.resource_id], assignment.rules.due_at, now);
    std::string class_name = class_names[assignment.class_id];
    out.push_back(PupilAssignment{.view = view_of(std::move(assignment)),
                                  .class_name = std::move(class_name),
                                  .progress = std::move(progress)});
  }
  return out;
}

std::optional<AssignmentRules> Assignments::rules_for(std::string_view pupil_id,
                                                      std::string_view resource_id) {
  const std::string now = core::now_timestamp();
  const auto classes = classes_of_pupil(pupil_id);
  auto connection = database_.read();
  // Ordered by due date: the first that applies is the one due first.
  for (const auto& assignment : assignments_of_classes(*connection, classes)) {
    if (assignment.resource_id == resource_id && assignment.includes(pupil_id) &&
        assignment.rules.opens_at <= now) {
      return assignment.rules;
    }
  }
  return std::nullopt;
}

}  // namespace imaginecole::learning
