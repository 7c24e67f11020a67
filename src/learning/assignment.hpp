// SPDX-License-Identifier: AGPL-3.0-or-later
// What a teacher gives a class to do: one published resource (a lesson, an exercise set taken
// as practice or as a quiz), for the whole class or some of its pupils, with when it opens and
// is due and how the player treats it (the assignments table, migration 0024). Cancelling
// keeps the row (`cancelled`): attempts made for it keep their context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::learning {

// How the exercise player treats the assigned resource (Assignments::rules_for).
struct AssignmentRules {
  std::string mode = "practice";            // practice | quiz
  std::string order = "fixed";              // fixed | shuffled
  std::int64_t attempts_allowed = 0;        // 0: unlimited
  std::string solutions = "after_attempt";  // always | after_attempt | after_due | never
  std::string opens_at;                     // UTC timestamp (core/clock.hpp's format)
  std::optional<std::string> due_at;        // none: no due date
};

bool is_assignment_mode(std::string_view text);
bool is_assignment_order(std::string_view text);
bool is_solutions_rule(std::string_view text);

struct Assignment {
  std::string id;
  std::string client_id;  // UUID made by the client: the same creation sent again
  std::string school_id;
  std::string class_id;
  std::string resource_id;
  std::string group_name;              // "" or a name the teacher gave "some pupils"
  std::vector<std::string> pupil_ids;  // empty: the whole class
  AssignmentRules rules;
  bool cancelled = false;
  std::string created_by;
  std::string created_at;
  std::string updated_at;

  bool includes(std::string_view pupil_id) const;
};

// Where a pupil stands with one assignment, from their attempts.
enum class AssignmentStatus { not_started, in_progress, done, overdue };
std::string_view status_name(AssignmentStatus status);

// A date or time typed by a person or a client ("2026-12-10", "2026-12-10T08:30",
// "2026-12-10T08:30:00Z", with milliseconds) as a UTC timestamp; a bare date means its start,
// or its last millisecond when `end_of_day`. nullopt when it is not one.
std::optional<std::string> normalize_time(std::string_view text, bool end_of_day);

}  // namespace imaginecole::learning
