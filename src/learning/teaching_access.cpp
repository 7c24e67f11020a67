// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/teaching_routes.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {

using http::Request;
using http::Response;

std::string teaching_message(const Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string teaching_css_url() {
  return web::asset_url("teaching.css");
}

TeacherAccess signed_in_access(Teaching& teaching, const Request& request,
                               std::string_view access) {
  TeacherAccess out;
  accounts::AccessCheck check =
      teaching.classroom.accounts().authenticator().check(request, access);
  if (check.allowed()) {
    out.who = std::move(check.signed_in);
    return out;
  }
  if (check.status == 401 && !request.is_api()) {
    const std::string next = request.method == http::Method::get ? request.target : "/classes";
    out.refusal = no_store(Response::redirect("/signin?next=" + http::percent_encode(next), 303));
    return out;
  }
  out.refusal = no_store(web::error_page(request, check.status, check.message));
  return out;
}

TeacherAccess teacher_access(Teaching& teaching, const Request& request, std::string_view access,
                             accounts::Permission permission) {
  TeacherAccess out = signed_in_access(teaching, request, access);
  if (out.refusal) {
    return out;
  }
  out.view = teaching.classroom.class_for(out.who->principal(), permission,
                                          request.path_param("id").value_or(""));
  if (!out.view) {
    out.refusal = no_store(
        web::error_page(request, 404, teaching_message(request, "classroom_error_no_class")));
  }
  return out;
}

void register_teaching_routes(http::Router& router, Teaching& teaching) {
  register_teaching_api(router, teaching);
  register_assignment_pages(router, teaching);
  register_report_pages(router, teaching);
  register_marking_pages(router, teaching);
  register_worksheet_pages(router, teaching);
}

}  // namespace imaginecole::learning
