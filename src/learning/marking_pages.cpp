// SPDX-License-Identifier: AGPL-3.0-or-later
// Marking open answers on a page: GET /classes/{id}/marking lists the class's essays waiting
// for a mark, each with the pupil's text and a form (score out of 10, comment); POST
// /classes/{id}/marking/{attempt} records the mark and comes back (303) with a notice.
#include <charconv>

#include "accounts/csrf.hpp"
#include "catalog/markdown.hpp"
#include "learning/pupil_history.hpp"
#include "learning/teaching_routes.hpp"
#include "web/flash.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kManage = "pupils.manage";

Response marking_page(Teaching& teaching, const Request& request, const TeacherAccess& access,
                      const std::string& error = {}, int status = 200) {
  const classroom::ClassView& view = *access.view;
  const std::string language = web::choose_language(request);
  const std::string csrf = accounts::csrf_token_for(access.who->session);
  web::Page page;
  const std::string title = teaching_message(request, "teaching_marking");
  page.title = title + " · " + view.school_class.name;
  page.template_name = "learning/templates/marking";
  page.data.set("css_url", teaching_css_url());
  page.status = status;
  page.breadcrumbs = {{teaching_message(request, "home_title"), "/"},
                      {teaching_message(request, "classroom_classes_title"), "/classes"},
                      {view.school_class.name, "/classes/" + view.school_class.id},
                      {title, ""}};
  page.data.set("class_id", view.school_class.id);
  page.data.set("class_name", view.school_class.name);
  if (!error.empty()) {
    page.data.set("error", error);
  }
  web::TemplateList essays;
  for (const auto& waiting : teaching.marking.waiting(view)) {
    web::TemplateData item;
    item.set("id", waiting.attempt.id);
    item.set("class_id", view.school_class.id);
    item.set("csrf_token", csrf);
    item.set("pupil", waiting.pupil_name);
    item.set("when", web::format_date_time(waiting.attempt.recorded_at, language));
    item.set("prompt_html", catalog::markdown_to_html(waiting.prompt));
    item.set("text", readable_response(waiting.attempt.response));
    essays.push_back(std::move(item));
  }
  page.data.set("has_essays", !essays.empty());
  page.data.set("essays", web::TemplateData(essays));
  return no_store(web::render_page(request, page));
}

Response show_marking(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  return marking_page(teaching, request, access);
}

Response save_mark(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  std::string points;
  std::string comment;
  for (const auto& [name, value] : http::parse_form(request.body)) {
    if (name == "points") {
      points = value;
    } else if (name == "comment") {
      comment = value;
    }
  }
  // Out of 10 on the page, as teachers mark; 0..1 in the records.
  double out_of_ten = -1;
  for (char& c : points) {
    c = c == ',' ? '.' : c;
  }
  const auto [end, error] =
      std::from_chars(points.data(), points.data() + points.size(), out_of_ten);
  if (error != std::errc() || end != points.data() + points.size() || out_of_ten < 0 ||
      out_of_ten > 10) {
    return marking_page(teaching, request, access,
                        teaching_message(request, "teaching_mark_points_error"), 400);
  }
  const auto outcome =
      teaching.marking.mark(access.who->principal(), request.path_param("attempt").value_or(""),
                            out_of_ten / 10, std::move(comment));
  if (outcome.status != 200) {
    return marking_page(teaching, request, access, outcome.error, outcome.status);
  }
  return web::with_flash(
      no_store(Response::redirect("/classes/" + access.view->school_class.id + "/marking", 303)),
      request, web::Flash::saved);
}

}  // namespace

void register_marking_pages(http::Router& router, Teaching& teaching) {
  router.get(
      "/classes/{id}/marking",
      [&teaching](Request& request) { return show_marking(teaching, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true});
  router.post(
      "/classes/{id}/marking/{attempt}",
      [&teaching](Request& request) { return save_mark(teaching, request); },
      http::RouteOptions{
          .access = std::string(kManage), .blocking = true, .max_body_bytes = 16 * 1024});
}

}  // namespace imaginecole::learning
