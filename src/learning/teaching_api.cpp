// SPDX-License-Identifier: AGPL-3.0-or-later
// The teaching API (learning/teaching_routes.hpp lists the routes). Writes carry the CSRF
// header (checked at the door); an assignment's creation is idempotent by its client_id.
#include <boost/json.hpp>

#include <cmath>

#include "core/errors.hpp"
#include "learning/assignment_json.hpp"
#include "learning/class_report.hpp"
#include "learning/teaching_routes.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kRead = "pupils.read";
constexpr std::string_view kManage = "pupils.manage";

Response json_answer(const json::value& body, int status = 200) {
  return no_store(Response::json(json::serialize(body), status));
}

Response json_error(const Request& request, int status, std::string_view message) {
  return no_store(web::error_page(request, status, message));
}

json::object body_object(const Request& request) {
  boost::system::error_code error;
  json::value body = json::parse(request.body, error);
  if (error || !body.is_object()) {
    throw InvalidInput("the body must be a JSON object");
  }
  return std::move(body.as_object());
}

Response outcome_answer(const Request& request, const AssignmentOutcome& outcome,
                        Assignments& assignments, const classroom::ClassView& view) {
  if (outcome.status >= 300) {
    return json_error(request, outcome.status, outcome.error);
  }
  auto shown = assignments.find_in_class(view, outcome.assignment.id);
  return json_answer(assignment_json(shown ? *shown : AssignmentView{outcome.assignment, {}, {}}),
                     outcome.status);
}

Response post_assignment(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  AssignmentRequest wanted;
  try {
    wanted = assignment_request_from(body_object(request));
  } catch (const InvalidInput& error) {
    return json_error(request, 400, error.what());
  }
  const auto outcome =
      teaching.assignments.create(*access.view, access.who->user.id, std::move(wanted));
  return outcome_answer(request, outcome, teaching.assignments, *access.view);
}

Response change_assignment(Teaching& teaching, Request& request, bool cancel) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string id = request.path_param("assignment").value_or("");
  if (cancel) {
    return outcome_answer(request, teaching.assignments.cancel(*access.view, id),
                          teaching.assignments, *access.view);
  }
  AssignmentRequest wanted;
  try {
    wanted = assignment_request_from(body_object(request));
  } catch (const InvalidInput& error) {
    return json_error(request, 400, error.what());
  }
  return outcome_answer(request, teaching.assignments.update(*access.view, id, std::move(wanted)),
                        teaching.assignments, *access.view);
}

Response list_assignments(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  const bool with_cancelled = request.query_param("cancelled").value_or("") == "1";
  json::array list;
  for (const auto& view : teaching.assignments.of_class(*access.view, with_cancelled)) {
    list.push_back(assignment_json(view));
  }
  return json_answer(json::object{{"assignments", std::move(list)}});
}

Response my_assignments(Teaching& teaching, Request& request) {
  const auto access = signed_in_access(teaching, request, "account.self");
  if (access.refusal) {
    return *access.refusal;
  }
  json::array list;
  for (const auto& mine : teaching.assignments.of_pupil(access.who->user.id)) {
    list.push_back(pupil_assignment_json(mine));
  }
  return json_answer(json::object{{"assignments", std::move(list)}});
}

Response report(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  const ClassReport built = class_report(teaching.database, teaching.assignments,
                                         teaching.classroom.accounts(), *access.view);
  json::object body = report_json(built);
  body["class"] = json::object{{"id", access.view->school_class.id},
                               {"name", access.view->school_class.name},
                               {"school", access.view->school.name}};
  return json_answer(body);
}

Response mark(Teaching& teaching, Request& request) {
  const auto access = signed_in_access(teaching, request, kManage);
  if (access.refusal) {
    return *access.refusal;
  }
  double score = -1;
  std::string comment;
  try {
    const json::object body = body_object(request);
    const auto* value = body.if_contains("score");
    if (value == nullptr || !(value->is_double() || value->is_int64())) {
      throw InvalidInput("\"score\" is required: a number from 0 to 1");
    }
    score = value->is_double() ? value->as_double() : static_cast<double>(value->as_int64());
    if (const auto* text = body.if_contains("comment"); text != nullptr && !text->is_null()) {
      if (!text->is_string()) {
        throw InvalidInput("\"comment\" must be a text");
      }
      comment = std::string(text->as_string());
    }
  } catch (const InvalidInput& error) {
    return json_error(request, 400, error.what());
  }
  const auto outcome = teaching.marking.mark(
      access.who->principal(), request.path_param("id").value_or(""), score, std::move(comment));
  if (outcome.status != 200) {
    return json_error(request, outcome.status, outcome.error);
  }
  return json_answer(mark_json(outcome.mark));
}

}  // namespace

void register_teaching_api(http::Router& router, Teaching& teaching) {
  const http::RouteOptions read{.access = std::string(kRead), .blocking = true};
  const http::RouteOptions write{
      .access = std::string(kManage), .blocking = true, .max_body_bytes = 16 * 1024};
  router.get(
      "/api/v1/classes/{id}/assignments",
      [&teaching](Request& request) { return list_assignments(teaching, request); }, read);
  router.post(
      "/api/v1/classes/{id}/assignments",
      [&teaching](Request& request) { return post_assignment(teaching, request); }, write);
  router.post(
      "/api/v1/classes/{id}/assignments/{assignment}",
      [&teaching](Request& request) { return change_assignment(teaching, request, false); }, write);
  router.post(
      "/api/v1/classes/{id}/assignments/{assignment}/cancel",
      [&teaching](Request& request) { return change_assignment(teaching, request, true); }, write);
  router.get(
      "/api/v1/classes/{id}/report",
      [&teaching](Request& request) { return report(teaching, request); }, read);
  router.post(
      "/api/v1/attempts/{id}/mark",
      [&teaching](Request& request) { return mark(teaching, request); }, write);
  router.get(
      "/api/v1/me/assignments",
      [&teaching](Request& request) { return my_assignments(teaching, request); },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 1024});
}

}  // namespace imaginecole::learning
