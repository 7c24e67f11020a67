// SPDX-License-Identifier: AGPL-3.0-or-later
// The class report as a page (the same ClassReport value as the API): a table pupils × items
// whose first column stays in view when it scrolls sideways on a phone, the most missed
// questions, who has not started; it prints as the class's results (print rules in
// site.css). And a pupil's history in the class: their answers, newest first.
#include "catalog/markdown.hpp"
#include "learning/class_report.hpp"
#include "learning/pupil_history.hpp"
#include "learning/teaching_routes.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kRead = "pupils.read";

std::string percent(double share, std::string_view language) {
  return web::format_number(share * 100, language, 0) + " %";
}

web::Page class_page(const Request& request, const classroom::ClassView& view, std::string title) {
  web::Page page;
  page.title = title + " · " + view.school_class.name;
  page.breadcrumbs = {{teaching_message(request, "home_title"), "/"},
                      {teaching_message(request, "classroom_classes_title"), "/classes"},
                      {view.school_class.name, "/classes/" + view.school_class.id},
                      {std::move(title), ""}};
  page.data.set("class_id", view.school_class.id);
  page.data.set("class_name", view.school_class.name);
  page.data.set("school_name", view.school.name);
  page.data.set("css_url", teaching_css_url());
  return page;
}

web::TemplateData cell_data(const Request& request, const ReportCell& cell, const ReportItem& item,
                            std::string_view language) {
  web::TemplateData data;
  data.set("item", item.view.title);
  data.set("assigned", cell.assigned);
  const std::string status(status_name(cell.progress.status));
  data.set("status", status);
  data.set("status_label", teaching_message(request, "teaching_status_" + status));
  data.set("started", cell.progress.answered > 0);
  data.set("best", percent(cell.progress.best_score, language));
  data.set("last", percent(cell.progress.last_score, language));
  data.set("attempts", std::to_string(cell.progress.attempts));
  data.set("waiting", cell.progress.waiting_for_mark);
  return data;
}

Response show_report(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string language = web::choose_language(request);
  const classroom::ClassView& view = *access.view;
  const ClassReport report =
      class_report(teaching.database, teaching.assignments, teaching.classroom.accounts(), view);
  web::Page page = class_page(request, view, teaching_message(request, "teaching_report"));
  page.template_name = "learning/templates/report";
  web::TemplateList items;
  for (const auto& item : report.items) {
    web::TemplateData data;
    data.set("title", item.view.title);
    if (item.view.assignment.rules.due_at) {
      data.set("due_at", web::format_date(*item.view.assignment.rules.due_at, language));
    }
    items.push_back(std::move(data));
  }
  web::TemplateList pupils;
  for (const auto& row : report.pupils) {
    web::TemplateData data;
    data.set("id", row.pupil.id);
    data.set("name", row.pupil.display_name);
    data.set("class_id", view.school_class.id);
    web::TemplateList cells;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      cells.push_back(cell_data(request, row.cells[i], report.items[i], language));
    }
    data.set("cells", web::TemplateData(cells));
    pupils.push_back(std::move(data));
  }
  web::TemplateList missed;
  for (const auto& question : report.most_missed) {
    web::TemplateData data;
    data.set("title", question.resource_title);
    data.set("prompt_html", catalog::markdown_to_html(question.prompt));
    data.set("share", percent(question.share_wrong, language));
    data.set("wrong", std::to_string(question.pupils_wrong));
    data.set("answered", std::to_string(question.pupils_answered));
    missed.push_back(std::move(data));
  }
  web::TemplateList not_started;
  for (const auto& pupil : report.not_started) {
    web::TemplateData data;
    data.set("name", pupil.display_name);
    not_started.push_back(std::move(data));
  }
  page.data.set("has_items", !items.empty());
  page.data.set("items", web::TemplateData(items));
  page.data.set("pupils", web::TemplateData(pupils));
  page.data.set("has_missed", !missed.empty());
  page.data.set("missed", web::TemplateData(missed));
  page.data.set("has_not_started", !not_started.empty());
  page.data.set("not_started", web::TemplateData(not_started));
  return no_store(web::render_page(request, page));
}

Response show_history(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  const classroom::ClassView& view = *access.view;
  const std::string pupil_id = request.path_param("pupil").value_or("");
  std::optional<accounts::User> pupil;
  for (auto& candidate :
       teaching.classroom.accounts().users().pupils_in_class(view.school_class.id)) {
    if (candidate.id == pupil_id) {
      pupil = std::move(candidate);
    }
  }
  if (!pupil) {
    return no_store(
        web::error_page(request, 404, teaching_message(request, "classroom_error_no_pupil")));
  }
  const std::string language = web::choose_language(request);
  web::Page page = class_page(request, view, pupil->display_name);
  page.template_name = "learning/templates/history";
  page.data.set("pupil_name", pupil->display_name);
  web::TemplateList entries;
  for (const auto& entry : pupil_history(teaching.database, pupil->id)) {
    web::TemplateData data;
    data.set("title", entry.resource_title);
    data.set("prompt_html", catalog::markdown_to_html(entry.prompt));
    data.set("response", readable_response(entry.attempt.response));
    data.set("when", web::format_date_time(entry.attempt.recorded_at, language));
    const bool essay = entry.attempt.question_type == "essay";
    const double score = entry.mark ? entry.mark->score : entry.attempt.score;
    data.set("waiting", essay && !entry.mark);
    data.set("correct", essay ? entry.mark && entry.mark->score >= 0.5 : entry.attempt.correct);
    data.set("score", percent(score, language));
    if (entry.mark && !entry.mark->comment.empty()) {
      data.set("comment", entry.mark->comment);
    }
    entries.push_back(std::move(data));
  }
  page.data.set("has_entries", !entries.empty());
  page.data.set("entries", web::TemplateData(entries));
  return no_store(web::render_page(request, page));
}

}  // namespace

void register_report_pages(http::Router& router, Teaching& teaching) {
  const http::RouteOptions read{.access = std::string(kRead), .blocking = true};
  router.get(
      "/classes/{id}/report",
      [&teaching](Request& request) { return show_report(teaching, request); }, read);
  router.get(
      "/classes/{id}/pupils/{pupil}/history",
      [&teaching](Request& request) { return show_history(teaching, request); }, read);
}

}  // namespace imaginecole::learning
