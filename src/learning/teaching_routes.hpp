// SPDX-License-Identifier: AGPL-3.0-or-later
// The teacher's side of learning: assignments, the class report, a pupil's history, marking of
// open answers, printable worksheets; and the pupil's list of assignments.
//  - API: GET|POST /api/v1/classes/{id}/assignments, POST …/assignments/{assignment} (change),
//    POST …/assignments/{assignment}/cancel, GET /api/v1/classes/{id}/report,
//    POST /api/v1/attempts/{id}/mark, GET /api/v1/me/assignments;
//  - pages: /classes/{id}/assignments (list and form), …/{assignment}/edit and /cancel,
//    /classes/{id}/report, /classes/{id}/pupils/{pupil}/history, /classes/{id}/marking,
//    /classes/{id}/worksheets/{resource}, /me/assignments.
// Reading needs pupils.read at the class, changing pupils.manage; another class answers 404
// like a missing one (classroom::Classroom::class_for).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/resource_store.hpp"
#include "classroom/classroom.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "learning/assignments.hpp"
#include "learning/marking.hpp"

namespace imaginecole::learning {

struct Teaching {
  storage::Database& database;
  classroom::Classroom& classroom;
  Assignments& assignments;
  Marking& marking;
  catalog::ResourceStore& resources;
};

void register_teaching_routes(http::Router& router, Teaching& teaching);

// --- shared by the teaching routes' files ---------------------------------------------------

// Signed in, allowed to call the route, and holding `permission` at the class of the {id}
// path parameter; else the refusal (a page redirects to /signin when signed out).
struct TeacherAccess {
  accounts::Caller who;
  std::optional<classroom::ClassView> view;
  std::optional<http::Response> refusal;
};
TeacherAccess teacher_access(Teaching& teaching, const http::Request& request,
                             std::string_view access, accounts::Permission permission);
// Only signed in and allowed to call the route.
TeacherAccess signed_in_access(Teaching& teaching, const http::Request& request,
                               std::string_view access);

std::string teaching_message(const http::Request& request, std::string_view key);
http::Response no_store(http::Response response);
// The teaching pages' own stylesheet (web/static/teaching.css), with its print rules.
std::string teaching_css_url();

void register_teaching_api(http::Router& router, Teaching& teaching);
void register_assignment_pages(http::Router& router, Teaching& teaching);
void register_report_pages(http::Router& router, Teaching& teaching);
void register_marking_pages(http::Router& router, Teaching& teaching);
void register_worksheet_pages(http::Router& router, Teaching& teaching);

}  // namespace imaginecole::learning
