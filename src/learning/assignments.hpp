// SPDX-License-Identifier: AGPL-3.0-or-later
// Teachers' assignments: give a published lesson or exercise set to a class (or some of its
// pupils) with its dates and rules, change or cancel it, list a class's; a pupil's own with
// where they stand; and the rules the exercise player applies to a pupil on a resource.
// Who may act on which class is decided by the caller (classroom::Classroom::class_for): this
// service is handed the class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.hpp"
#include "catalog/resource_store.hpp"
#include "classroom/classroom.hpp"
#include "learning/assignment.hpp"
#include "learning/item_progress.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

// What the teacher asks for; the rules' empty opens_at means now.
struct AssignmentRequest {
  std::string client_id;
  std::string resource_id;
  std::string group_name;
  std::vector<std::string> pupil_ids;
  AssignmentRules rules;
};

// What became of a request: 200/201 with the assignment, or a status and a message for people.
struct AssignmentOutcome {
  int status = 200;
  std::string error;
  Assignment assignment;
  bool created = false;  // false on a replay of the same client_id
};

// An assignment with what pages and the API show beside it.
struct AssignmentView {
  Assignment assignment;
  std::string title;
  std::string kind;  // lesson | exercise_set
};

struct PupilAssignment {
  AssignmentView view;
  std::string class_name;
  ItemProgress progress;
};

inline constexpr std::int64_t kMaxAttemptsAllowed = 100;
inline constexpr std::size_t kMaxGroupName = 80;

class Assignments {
 public:
  Assignments(storage::Database& database, catalog::ResourceStore& resources,
              accounts::Accounts& accounts)
      : database_(database), resources_(resources), accounts_(accounts) {}

  AssignmentOutcome create(const classroom::ClassView& view, const std::string& teacher_id,
                           AssignmentRequest request);
  // Changes the group and rules of an assignment of the class (not its resource).
  AssignmentOutcome update(const classroom::ClassView& view, std::string_view id,
                           AssignmentRequest request);
  AssignmentOutcome cancel(const classroom::ClassView& view, std::string_view id);

  std::optional<AssignmentView> find_in_class(const classroom::ClassView& view,
                                              std::string_view id);
  std::vector<AssignmentView> of_class(const classroom::ClassView& view, bool with_cancelled);
  // The pupil's open assignments in all their classes, with where they stand.
  std::vector<PupilAssignment> of_pupil(std::string_view pupil_id);

  // The settings of the assignment that applies to this pupil on this resource now (open,
  // not cancelled; of several, the one due first), or nothing: free practice.
  std::optional<AssignmentRules> rules_for(std::string_view pupil_id, std::string_view resource_id);

  // The classes a pupil belongs to.
  std::vector<std::string> classes_of_pupil(std::string_view pupil_id);

 private:
  AssignmentView view_of(Assignment assignment);
  std::optional<std::string> check(const classroom::ClassView& view, AssignmentRequest& request,
                                   bool new_one, int& status);

  storage::Database& database_;
  catalog::ResourceStore& resources_;
  accounts::Accounts& accounts_;
};

}  // namespace imaginecole::learning
