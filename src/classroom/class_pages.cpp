// SPDX-License-Identifier: AGPL-3.0-or-later
// The teacher's pages, plain HTML forms that work without JavaScript on a phone:
//  - GET /classes: my classes;
//  - GET /classes/{id}: pupils (search by name), join code, pending requests, forms;
//  - POST /classes/{id}/pupils: one pupil or a pasted list of names -> the fresh cards;
//  - POST /classes/{id}/reset: a pupil's new password or pictures -> the fresh card;
//  - POST /classes/{id}/join-code, POST /classes/{id}/requests: open/close, approve/decline;
//  - GET /classes/{id}/cards: the printable cards of the whole class (no passwords).
// Reading needs pupils.read at the class's scope, changing pupils.manage; anything else
// answers like a class that does not exist.
#include "accounts/csrf.hpp"
#include "classroom/route_parts.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::classroom {
namespace {

using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kRead = "pupils.read";
constexpr std::string_view kManage = "pupils.manage";

struct Notice {
  int status = 200;
  std::string error;
  std::string notice;
  // What the teacher typed, kept when the form comes back with an error.
  Form form;
};

web::Page class_page_base(const Request& request, const ClassView& view) {
  web::Page page;
  page.title = view.school_class.name + " · " + view.school.code;
  page.breadcrumbs = {{message(request, "home_title"), "/"},
                      {message(request, "classroom_classes_title"), "/classes"},
                      {view.school_class.name, ""}};
  page.data.set("class_id", view.school_class.id);
  page.data.set("class_name", view.school_class.name);
  page.data.set("school_name", view.school.name);
  page.data.set("school_code", view.school.code);
  page.data.set("css_url", classroom_css_url());
  return page;
}

Response class_page(Classroom& classroom, const Request& request, const ClassAccess& access,
                    const Notice& notice = {}) {
  const ClassView& view = *access.view;
  web::Page page = class_page_base(request, view);
  page.template_name = "classroom/templates/class_page";
  page.status = notice.status;
  const std::string csrf = accounts::csrf_token_for(access.who->session);
  const std::string search = request.query_param("q").value_or("");
  const bool may_manage =
      accounts::is_allowed(access.who->principal(), Permission::pupils_manage, view.path());
  page.data.set("csrf_token", csrf);
  page.data.set("q", search.substr(0, 100));
  page.data.set("may_manage", may_manage);
  if (!notice.error.empty()) {
    page.data.set("error", notice.error);
  }
  if (!notice.notice.empty()) {
    page.data.set("notice", notice.notice);
  }
  for (const char* field : {"display_name", "username", "names"}) {
    page.data.set(std::string("form_") + field, form_value(notice.form, field).substr(0, 20000));
  }
  const auto rows = classroom.pupils(view, search);
  web::TemplateList pupils;
  for (const auto& row : rows) {
    web::TemplateData item;
    item.set("id", row.pupil.id);
    item.set("name", row.pupil.display_name);
    item.set("username", row.pupil.username);
    item.set("has_password", row.pupil.password_hash.has_value());
    item.set("has_pictures", row.pupil.picture_code_hash.has_value());
    item.set("csrf_token", csrf);
    item.set("class_id", view.school_class.id);
    item.set("may_manage", may_manage);
    pupils.push_back(std::move(item));
  }
  page.data.set("pupils", web::TemplateData(pupils));
  page.data.set("has_pupils", !rows.empty());
  page.data.set("pupil_count", std::to_string(rows.size()));
  if (view.school_class.join_code) {
    page.data.set("join_code", *view.school_class.join_code);
  }
  web::TemplateList requests;
  for (const auto& pending : classroom.store().pending_requests(view.school_class.id)) {
    web::TemplateData item;
    item.set("id", pending.id);
    item.set("name", pending.display_name);
    item.set("username", pending.username);
    item.set("taken", classroom.request_clashes(pending));
    item.set("created_at",
             web::format_date_time(pending.created_at, web::choose_language(request)));
    item.set("csrf_token", csrf);
    item.set("class_id", view.school_class.id);
    requests.push_back(std::move(item));
  }
  page.data.set("has_requests", !requests.empty());
  page.data.set("requests", web::TemplateData(requests));
  return no_store(web::render_page(request, page));
}

Response show_classes(Classroom& classroom, Request& request) {
  const ClassAccess access = route_access(classroom, request, kRead);
  if (access.refusal) {
    return *access.refusal;
  }
  web::TemplateList items;
  for (const auto& view : classroom.classes_for(access.who->principal())) {
    web::TemplateData item;
    item.set("id", view.school_class.id);
    item.set("name", view.school_class.name);
    item.set("school_name", view.school.name);
    item.set("school_code", view.school.code);
    items.push_back(std::move(item));
  }
  web::Page page;
  page.title = message(request, "classroom_classes_title");
  page.template_name = "classroom/templates/classes";
  page.breadcrumbs = {{message(request, "home_title"), "/"},
                      {message(request, "classroom_classes_title"), ""}};
  page.data.set("has_classes", !items.empty());
  page.data.set("classes", web::TemplateData(items));
  return no_store(web::render_page(request, page));
}

Response show_class(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  return class_page(classroom, request, access);
}

// Cards of `cards` (fresh: with the secrets just issued) or of the whole class.
Response cards_page(const Request& request, const ClassView& view,
                    const std::vector<IssuedCard>& cards, bool fresh) {
  web::Page page = class_page_base(request, view);
  page.title = message(request, "classroom_cards_title") + " · " + view.school_class.name;
  page.breadcrumbs.back().url = "/classes/" + view.school_class.id;
  page.breadcrumbs.push_back({message(request, "classroom_cards_title"), ""});
  page.template_name = "classroom/templates/cards";
  page.data.set("fresh", fresh);
  web::TemplateList items;
  for (const auto& card : cards) {
    web::TemplateData item;
    item.set("name", card.pupil.display_name);
    item.set("username", card.pupil.username);
    item.set("school_code", view.school.code);
    item.set("class_name", view.school_class.name);
    if (card.password) {
      item.set("password", *card.password);
    }
    item.set("has_password_hash", card.pupil.password_hash.has_value());
    if (card.picture_code) {
      item.set("pictures", web::TemplateData(code_pictures(request, *card.picture_code)));
      item.set("has_pictures", true);
    } else {
      item.set("has_pictures", false);
    }
    items.push_back(std::move(item));
  }
  page.data.set("cards", web::TemplateData(items));
  page.data.set("has_cards", !items.empty());
  return no_store(web::render_page(request, page));
}

Response show_cards(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  std::vector<IssuedCard> cards;
  for (auto& row : classroom.pupils(*access.view)) {
    cards.push_back(IssuedCard{
        .pupil = std::move(row.pupil), .password = std::nullopt, .picture_code = row.picture_code});
  }
  return cards_page(request, *access.view, cards, false);
}

// Signed in with pupils.manage at the class, and the form's CSRF token right.
struct FormAccess {
  ClassAccess access;
  Form form;
};

FormAccess form_access(Classroom& classroom, const Request& request) {
  FormAccess out{.access = class_access(classroom, request, kManage, Permission::pupils_manage),
                 .form = {}};
  if (out.access.refusal) {
    return out;
  }
  out.form = http::parse_form(request.body);
  return out;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.find_first_not_of(" \t") != std::string::npos) {
      out.push_back(std::move(line));
    }
    start = end + 1;
  }
  return out;
}

Response add_pupils(Classroom& classroom, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto secret = parse_secret_kind(form_value(form, "secret"));
  if (!secret) {
    return class_page(classroom, request, access,
                      {.status = 400,
                       .error = message(request, "classroom_error_secret_kind"),
                       .notice = {},
                       .form = form});
  }
  std::vector<NewPupil> pupils;
  const std::string names = form_value(form, "names");
  if (form_value(form, "mode") == "bulk") {
    for (auto& name : lines_of(names)) {
      pupils.push_back(NewPupil{.display_name = std::move(name)});
    }
  } else {
    pupils.push_back(NewPupil{.display_name = form_value(form, "display_name"),
                              .username = form_value(form, "username"),
                              .password = form_value(form, "password"),
                              .picture_code = form_value(form, "picture_code")});
  }
  auto outcome = classroom.create_pupils(*access.view, pupils, *secret, access.actor(request));
  if (!outcome) {
    return class_page(classroom, request, access,
                      {.status = outcome.problem().status,
                       .error = describe(request, outcome.problem()),
                       .notice = {},
                       .form = form});
  }
  Response response = cards_page(request, *access.view, outcome.value(), true);
  response.status = 201;
  return response;
}

Response reset_pupil(Classroom& classroom, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string what_text = form_value(form, "what");
  const auto what = what_text == "password"   ? std::optional(SecretKind::password)
                    : what_text == "pictures" ? std::optional(SecretKind::pictures)
                                              : std::nullopt;
  if (!what) {
    return class_page(classroom, request, access,
                      {.status = 400,
                       .error = message(request, "classroom_error_reset_what"),
                       .notice = {},
                       .form = {}});
  }
  auto outcome = classroom.reset(*access.view, form_value(form, "pupil"), *what,
                                 form_value(form, "secret"), access.actor(request));
  if (!outcome) {
    return class_page(classroom, request, access,
                      {.status = outcome.problem().status,
                       .error = describe(request, outcome.problem()),
                       .notice = {},
                       .form = {}});
  }
  return cards_page(request, *access.view, {outcome.value()}, true);
}

Response change_join_code(Classroom& classroom, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string action = form_value(form, "action");
  if (action == "open") {
    classroom.open_join_code(*access.view, access.actor(request));
  } else if (action == "close") {
    classroom.close_join_code(*access.view, access.actor(request));
  } else {
    return web::error_page(request, 400, message(request, "classroom_error_action"));
  }
  return no_store(Response::redirect("/classes/" + access.view->school_class.id + "#join", 303));
}

Response decide_request(Classroom& classroom, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string action = form_value(form, "action");
  const std::string id = form_value(form, "request");
  std::optional<Problem> failed;
  if (action == "approve") {
    auto outcome = classroom.approve(*access.view, id, access.actor(request));
    if (!outcome) {
      failed = outcome.problem();
    }
  } else if (action == "decline") {
    auto outcome = classroom.decline(*access.view, id, access.actor(request));
    if (!outcome) {
      failed = outcome.problem();
    }
  } else {
    failed = Problem{.status = 400, .key = "classroom_error_action", .detail = {}};
  }
  if (failed) {
    return class_page(
        classroom, request, access,
        {.status = failed->status, .error = describe(request, *failed), .notice = {}, .form = {}});
  }
  return no_store(
      Response::redirect("/classes/" + access.view->school_class.id + "#requests", 303));
}

}  // namespace

void register_class_pages(http::Router& router, Classroom& classroom) {
  // Blocking: they may record activity on the session (a write). A pupil search (?q=) names
  // a child: kept out of the access log.
  const http::RouteOptions read{.access = std::string(kRead), .blocking = true, .log_query = false};
  const http::RouteOptions manage{
      .access = std::string(kManage), .blocking = true, .max_body_bytes = 256 * 1024};
  router.get(
      "/classes", [&classroom](Request& request) { return show_classes(classroom, request); },
      read);
  router.get(
      "/classes/{id}", [&classroom](Request& request) { return show_class(classroom, request); },
      read);
  router.get(
      "/classes/{id}/cards",
      [&classroom](Request& request) { return show_cards(classroom, request); }, read);
  router.post(
      "/classes/{id}/pupils",
      [&classroom](Request& request) { return add_pupils(classroom, request); }, manage);
  router.post(
      "/classes/{id}/reset",
      [&classroom](Request& request) { return reset_pupil(classroom, request); }, manage);
  router.post(
      "/classes/{id}/join-code",
      [&classroom](Request& request) { return change_join_code(classroom, request); }, manage);
  router.post(
      "/classes/{id}/requests",
      [&classroom](Request& request) { return decide_request(classroom, request); }, manage);
}

}  // namespace imaginecole::classroom
