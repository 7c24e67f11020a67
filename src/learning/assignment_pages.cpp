// SPDX-License-Identifier: AGPL-3.0-or-later
// The teacher's assignment pages, plain forms that work without JavaScript:
//  - GET  /classes/{id}/assignments[?q=&kind=&resource=]: the class's assignments and the form
//    to give a resource (picked among those placed at the class's level in its country, or
//    preselected by ?resource= from a resource's page);
//  - POST /classes/{id}/assignments: create -> 303 back with a notice;
//  - GET  /classes/{id}/assignments/{assignment}/edit, POST /classes/{id}/assignments/{a};
//  - GET  /classes/{id}/assignments/{a}/cancel (the question), POST … (confirm=yes);
//  - GET  /me/assignments: the pupil's own, big and simple.
#include <algorithm>

#include "accounts/csrf.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "learning/assignment_json.hpp"
#include "learning/teaching_routes.hpp"
#include "web/confirm_page.hpp"
#include "web/flash.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using accounts::Permission;
using http::Request;
using http::Response;
using Form = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kRead = "pupils.read";
constexpr std::string_view kManage = "pupils.manage";

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return text;
}

std::string class_url(const classroom::ClassView& view) {
  return "/classes/" + view.school_class.id;
}

web::Page base_page(const Request& request, const classroom::ClassView& view, std::string title) {
  web::Page page;
  page.title = title + " · " + view.school_class.name;
  page.breadcrumbs = {{teaching_message(request, "home_title"), "/"},
                      {teaching_message(request, "classroom_classes_title"), "/classes"},
                      {view.school_class.name, class_url(view)},
                      {std::move(title), ""}};
  page.data.set("class_id", view.school_class.id);
  page.data.set("class_name", view.school_class.name);
  page.data.set("school_name", view.school.name);
  page.data.set("css_url", teaching_css_url());
  return page;
}

void set_choice(web::TemplateData& data, std::string_view field, std::string_view value) {
  data.set(std::string(field) + "_" + std::string(value), true);
}

// The form's values: what the teacher typed, or the assignment's, or the defaults.
web::TemplateData form_data(const Request& request, const AssignmentRequest& wanted,
                            const std::vector<accounts::User>& pupils) {
  const std::string language = web::choose_language(request);
  web::TemplateData data;
  set_choice(data, "mode", wanted.rules.mode);
  set_choice(data, "order", wanted.rules.order);
  set_choice(data, "solutions", wanted.rules.solutions);
  data.set("attempts_allowed",
           std::to_string(std::max<std::int64_t>(0, wanted.rules.attempts_allowed)));
  data.set("opens_at", wanted.rules.opens_at.substr(0, 10));
  data.set("due_at", wanted.rules.due_at.value_or("").substr(0, 10));
  data.set("group", wanted.group_name);
  data.set("some", !wanted.pupil_ids.empty());
  web::TemplateList list;
  for (const auto& pupil : pupils) {
    web::TemplateData item;
    item.set("id", pupil.id);
    item.set("name", pupil.display_name);
    item.set("checked", std::find(wanted.pupil_ids.begin(), wanted.pupil_ids.end(), pupil.id) !=
                            wanted.pupil_ids.end());
    list.push_back(std::move(item));
  }
  data.set("pupils", web::TemplateData(list));
  (void)language;
  return data;
}

web::TemplateData assignment_item(const Request& request, const AssignmentView& shown,
                                  const std::string& csrf, bool may_manage) {
  const std::string language = web::choose_language(request);
  const Assignment& a = shown.assignment;
  web::TemplateData item;
  item.set("id", a.id);
  item.set("class_id", a.class_id);
  item.set("resource", a.resource_id);
  item.set("title", shown.title.empty() ? a.resource_id : shown.title);
  item.set("is_set", shown.kind == "exercise_set");
  item.set("kind", teaching_message(request, "teaching_kind_" + shown.kind));
  item.set("mode", teaching_message(request, "teaching_mode_" + a.rules.mode));
  item.set("opens_at", web::format_date(a.rules.opens_at, language));
  if (a.rules.due_at) {
    item.set("due_at", web::format_date(*a.rules.due_at, language));
  }
  item.set("group", a.pupil_ids.empty()
                        ? teaching_message(request, "teaching_whole_class")
                        : (a.group_name.empty() ? teaching_message(request, "teaching_some_pupils")
                                                : a.group_name) +
                              " (" + std::to_string(a.pupil_ids.size()) + ")");
  item.set("cancelled", a.cancelled);
  item.set("may_manage", may_manage && !a.cancelled);
  item.set("csrf_token", csrf);
  return item;
}

Response assignments_page(Teaching& teaching, const Request& request, const TeacherAccess& access,
                          const AssignmentRequest& wanted, const std::string& error = {},
                          int status = 200) {
  const classroom::ClassView& view = *access.view;
  web::Page page = base_page(request, view, teaching_message(request, "teaching_assignments"));
  page.template_name = "learning/templates/assignments";
  page.status = status;
  const std::string csrf = accounts::csrf_token_for(access.who->session);
  const bool may_manage =
      accounts::is_allowed(access.who->principal(), Permission::pupils_manage, view.path());
  page.data.set("csrf_token", csrf);
  page.data.set("may_manage", may_manage);
  page.data.set("form_action", class_url(view) + "/assignments");
  if (!error.empty()) {
    page.data.set("error", error);
  }
  web::TemplateList items;
  for (const auto& shown : teaching.assignments.of_class(view, true)) {
    items.push_back(assignment_item(request, shown, csrf, may_manage));
  }
  page.data.set("has_assignments", !items.empty());
  page.data.set("assignments", web::TemplateData(items));
  if (may_manage) {
    // The resources to pick from: placed at the class's level in its country, by kind, with
    // a title containing ?q=; or the one a resource page sent.
    const std::string q = request.query_param("q").value_or("").substr(0, 100);
    const std::string kind = request.query_param("kind").value_or("exercise_set");
    const std::string chosen = request.query_param("resource").value_or(wanted.resource_id);
    page.data.set("q", q);
    page.data.set("kind_lesson", kind == "lesson");
    web::TemplateList resources;
    if (!chosen.empty()) {
      if (const auto resource = teaching.resources.find_published(chosen)) {
        web::TemplateData item;
        item.set("id", resource->id);
        item.set("title", resource->title);
        item.set("checked", true);
        resources.push_back(std::move(item));
      }
    }
    catalog::ResourceFilter filter{.country = view.school.country_code,
                                   .level = view.school_class.level_slug,
                                   .subject = {},
                                   .unit_id = {},
                                   .kind = kind == "lesson" ? "lesson" : "exercise_set",
                                   .language = {},
                                   .exam = {},
                                   .page = 1};
    const std::string needle = lower_ascii(q);
    for (int page_number = 1; page_number <= 5 && resources.size() < 30; ++page_number) {
      filter.page = page_number;
      const auto found = teaching.resources.list(filter);
      for (const auto& summary : found.results) {
        if (summary.id == chosen ||
            (!needle.empty() && lower_ascii(summary.title).find(needle) == std::string::npos)) {
          continue;
        }
        web::TemplateData item;
        item.set("id", summary.id);
        item.set("title", summary.title);
        item.set("checked", false);
        resources.push_back(std::move(item));
      }
      if (page_number >= found.page_count()) {
        break;
      }
    }
    page.data.set("has_resources", !resources.empty());
    page.data.set("resources", web::TemplateData(resources));
    web::TemplateData form =
        form_data(request, wanted,
                  teaching.classroom.accounts().users().pupils_in_class(view.school_class.id));
    form.set("client_id", core::is_valid_id(wanted.client_id) ? wanted.client_id : core::new_id());
    page.data.set("form", form);
  }
  return no_store(web::render_page(request, page));
}

AssignmentRequest default_request() {
  AssignmentRequest wanted;
  wanted.rules.opens_at = core::now_timestamp();
  return wanted;
}

Response show_assignments(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  return assignments_page(teaching, request, access, default_request());
}

Response create_assignment(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const Form form = http::parse_form(request.body);
  AssignmentRequest wanted = assignment_request_from(form);
  const auto outcome = teaching.assignments.create(*access.view, access.who->user.id, wanted);
  if (outcome.status >= 300) {
    return assignments_page(teaching, request, access, wanted, outcome.error, outcome.status);
  }
  return web::with_flash(
      no_store(Response::redirect(class_url(*access.view) + "/assignments", 303)), request,
      web::Flash::created);
}

Response edit_page(Teaching& teaching, const Request& request, const TeacherAccess& access,
                   const AssignmentView& shown, const AssignmentRequest& wanted,
                   const std::string& error = {}, int status = 200) {
  const classroom::ClassView& view = *access.view;
  web::Page page = base_page(request, view, teaching_message(request, "teaching_edit_title"));
  page.template_name = "learning/templates/assignments";
  page.data.set("editing", true);
  page.data.set("may_manage", true);
  page.data.set("form_action", class_url(view) + "/assignments/" + shown.assignment.id);
  page.status = status;
  page.data.set("csrf_token", accounts::csrf_token_for(access.who->session));
  page.data.set("assignment_id", shown.assignment.id);
  page.data.set("title", shown.title);
  if (!error.empty()) {
    page.data.set("error", error);
  }
  page.data.set(
      "form",
      form_data(request, wanted,
                teaching.classroom.accounts().users().pupils_in_class(view.school_class.id)));
  return no_store(web::render_page(request, page));
}

Response show_edit(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto shown = teaching.assignments.find_in_class(
      *access.view, request.path_param("assignment").value_or(""));
  if (!shown || shown->assignment.cancelled) {
    return no_store(
        web::error_page(request, 404, teaching_message(request, "teaching_no_assignment")));
  }
  AssignmentRequest wanted{.client_id = {},
                           .resource_id = shown->assignment.resource_id,
                           .group_name = shown->assignment.group_name,
                           .pupil_ids = shown->assignment.pupil_ids,
                           .rules = shown->assignment.rules};
  return edit_page(teaching, request, access, *shown, wanted);
}

Response save_edit(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string id = request.path_param("assignment").value_or("");
  const auto shown = teaching.assignments.find_in_class(*access.view, id);
  if (!shown || shown->assignment.cancelled) {
    return no_store(
        web::error_page(request, 404, teaching_message(request, "teaching_no_assignment")));
  }
  AssignmentRequest wanted = assignment_request_from(http::parse_form(request.body));
  const auto outcome = teaching.assignments.update(*access.view, id, wanted);
  if (outcome.status >= 300) {
    return edit_page(teaching, request, access, *shown, wanted, outcome.error, outcome.status);
  }
  return web::with_flash(
      no_store(Response::redirect(class_url(*access.view) + "/assignments", 303)), request,
      web::Flash::saved);
}

Response ask_cancel(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto shown = teaching.assignments.find_in_class(
      *access.view, request.path_param("assignment").value_or(""));
  if (!shown || shown->assignment.cancelled) {
    return no_store(
        web::error_page(request, 404, teaching_message(request, "teaching_no_assignment")));
  }
  const std::string list_url = class_url(*access.view) + "/assignments";
  return no_store(web::confirmation_page(
      request,
      web::Confirmation{
          .title = teaching_message(request, "teaching_cancel_title"),
          .subject = shown->title,
          .explain = teaching_message(request, "teaching_cancel_explain"),
          .action = list_url + "/" + shown->assignment.id + "/cancel",
          .fields = {},
          .csrf_token = accounts::csrf_token_for(access.who->session),
          .cancel_url = list_url,
          .breadcrumbs = {{teaching_message(request, "classroom_classes_title"), "/classes"},
                          {access.view->school_class.name, class_url(*access.view)},
                          {teaching_message(request, "teaching_assignments"), list_url},
                          {teaching_message(request, "teaching_cancel_title"), ""}}}));
}

Response do_cancel(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const Form form = http::parse_form(request.body);
  if (!web::is_confirmed(form_value(form, "confirm"))) {
    return no_store(
        web::error_page(request, 400, teaching_message(request, "safe_error_not_confirmed")));
  }
  const auto outcome =
      teaching.assignments.cancel(*access.view, request.path_param("assignment").value_or(""));
  if (outcome.status >= 300) {
    return no_store(web::error_page(request, outcome.status, outcome.error));
  }
  return web::with_flash(
      no_store(Response::redirect(class_url(*access.view) + "/assignments", 303)), request,
      web::Flash::removed);
}

Response my_assignments_page(Teaching& teaching, Request& request) {
  const auto access = signed_in_access(teaching, request, "account.self");
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string language = web::choose_language(request);
  web::TemplateList items;
  for (const auto& mine : teaching.assignments.of_pupil(access.who->user.id)) {
    const Assignment& a = mine.view.assignment;
    web::TemplateData item;
    item.set("title", mine.view.title);
    item.set("url", "/r/" + a.resource_id);
    item.set("class_name", mine.class_name);
    if (a.rules.due_at) {
      item.set("due_at", web::format_date(*a.rules.due_at, language));
    }
    const std::string status(status_name(mine.progress.status));
    item.set("status", status);
    item.set("status_label", teaching_message(request, "teaching_status_" + status));
    item.set("is_" + status, true);
    item.set("quiz", a.rules.mode == "quiz");
    items.push_back(std::move(item));
  }
  web::Page page;
  page.title = teaching_message(request, "teaching_my_assignments");
  page.template_name = "learning/templates/my_assignments";
  page.data.set("css_url", teaching_css_url());
  page.breadcrumbs = {{teaching_message(request, "home_title"), "/"}, {page.title, ""}};
  page.data.set("has_assignments", !items.empty());
  page.data.set("assignments", web::TemplateData(items));
  return no_store(web::render_page(request, page));
}

}  // namespace

void register_assignment_pages(http::Router& router, Teaching& teaching) {
  const http::RouteOptions read{.access = std::string(kRead), .blocking = true};
  const http::RouteOptions manage{
      .access = std::string(kManage), .blocking = true, .max_body_bytes = 64 * 1024};
  router.get(
      "/classes/{id}/assignments",
      [&teaching](Request& request) { return show_assignments(teaching, request); }, read);
  router.post(
      "/classes/{id}/assignments",
      [&teaching](Request& request) { return create_assignment(teaching, request); }, manage);
  router.get(
      "/classes/{id}/assignments/{assignment}/edit",
      [&teaching](Request& request) { return show_edit(teaching, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true});
  router.post(
      "/classes/{id}/assignments/{assignment}",
      [&teaching](Request& request) { return save_edit(teaching, request); }, manage);
  router.get(
      "/classes/{id}/assignments/{assignment}/cancel",
      [&teaching](Request& request) { return ask_cancel(teaching, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true});
  router.post(
      "/classes/{id}/assignments/{assignment}/cancel",
      [&teaching](Request& request) { return do_cancel(teaching, request); }, manage);
  router.get(
      "/me/assignments",
      [&teaching](Request& request) { return my_assignments_page(teaching, request); },
      http::RouteOptions{.access = "account.self", .blocking = true});
}

}  // namespace imaginecole::learning
