// SPDX-License-Identifier: AGPL-3.0-or-later
// Assignments, the class report and marks as the API's JSON (docs/api/openapi.yaml), and an
// assignment request read from JSON or from a page's form.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

#include "learning/assignments.hpp"
#include "learning/class_report.hpp"
#include "learning/mark_rows.hpp"

namespace imaginecole::learning {

boost::json::object assignment_json(const AssignmentView& view);
boost::json::object pupil_assignment_json(const PupilAssignment& mine);
boost::json::object report_json(const ClassReport& report);
boost::json::object mark_json(const Mark& mark);

// Throws InvalidInput with a message for people when a field has the wrong type.
AssignmentRequest assignment_request_from(const boost::json::object& body);
// From a page's form: fields client_id, resource, mode, order, attempts_allowed, solutions,
// opens_at, due_at, group, and one "pupil" per chosen pupil.
AssignmentRequest assignment_request_from(
    const std::vector<std::pair<std::string, std::string>>& form);

}  // namespace imaginecole::learning
