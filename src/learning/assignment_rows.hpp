// SPDX-License-Identifier: AGPL-3.0-or-later
// The assignments table: insert once per client UUID, read by id, by class, by the classes of a
// pupil, update (settings, cancel). Every function runs on the caller's connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learning/assignment.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

// Inserts `assignment` unless its client_id is taken; true when it was inserted.
bool insert_assignment(storage::Connection& connection, const Assignment& assignment);
std::optional<Assignment> find_assignment(storage::Connection& connection, std::string_view id);
std::optional<Assignment> find_assignment_by_client_id(storage::Connection& connection,
                                                       std::string_view client_id);
// The class's assignments, by due date (none last), then newest first.
std::vector<Assignment> assignments_of_class(storage::Connection& connection,
                                             std::string_view class_id, bool with_cancelled);
// The open (not cancelled) assignments of any of `class_ids`, by due date.
std::vector<Assignment> assignments_of_classes(storage::Connection& connection,
                                               const std::vector<std::string>& class_ids);
// Writes the settings, group and cancelled flag of `assignment` (found by id).
void update_assignment(storage::Connection& connection, const Assignment& assignment);

}  // namespace imaginecole::learning
