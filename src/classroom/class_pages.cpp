// SPDX-License-Identifier: AGPL-3.0-or-later
// The teacher's pages, plain HTML forms that work without JavaScript on a phone:
//  - GET /classes: my classes;
//  - GET /classes/{id}: pupils (search by name), join code, pending requests, forms;
//  - POST /classes/{id}/pupils: one pupil or a pasted list of names -> 303 to the fresh
//    cards; a name already in the class (or twice in the list) first asks "create anyway?";
//  - GET /classes/{id}/reset?pupil=…&what=…: what a reset does, with its "Confirmer" form;
//    POST /classes/{id}/reset (confirm=yes): a pupil's new password or pictures -> 303 to
//    the fresh card;
//  - GET /classes/{id}/cards/new: the cards just issued, once (classroom/issued_cards_stash);
//  - POST /classes/{id}/join-code, POST /classes/{id}/requests: open/close, approve/decline;
//  - GET /classes/{id}/cards: the printable cards of the whole class (no passwords).
// Every successful POST answers 303 (Post/Redirect/Get): reloading the page it leads to
// repeats nothing, and web/flash.hpp says once what was done.
// Reading needs pupils.read at the class's scope, changing pupils.manage; anything else
// answers like a class that does not exist.
#include <cctype>

#include "accounts/csrf.hpp"
#include "classroom/issued_cards_stash.hpp"
#include "classroom/route_parts.hpp"
#include "web/confirm_page.hpp"
#include "web/flash.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

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
  // Names already in the class (or repeated in the list): the form asks before creating.
  std::vector<std::string> duplicates;
};

// The class page again with an error, and what was typed when there is a form to refill.
Notice error_notice(int status, std::string error, Form form = {}) {
  return Notice{.status = status,
                .error = std::move(error),
                .notice = {},
                .form = std::move(form),
                .duplicates = {}};
}

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
  if (!notice.duplicates.empty()) {
    web::TemplateList names;
    for (const auto& name : notice.duplicates) {
      web::TemplateData item;
      item.set("name", name);
      names.push_back(std::move(item));
    }
    // The whole form again, hidden, with the answer to the question: "Créer quand même"
    // sends exactly what was typed, without JavaScript.
    web::TemplateList fields;
    for (const auto& [name, value] : notice.form) {
      if (name == "csrf_token" || name == "confirm_duplicate") {
        continue;
      }
      web::TemplateData item;
      item.set("name", name);
      item.set("value", value.substr(0, 20000));
      fields.push_back(std::move(item));
    }
    web::TemplateData warning;
    warning.set("names", web::TemplateData(names));
    warning.set("fields", web::TemplateData(fields));
    page.data.set("duplicate_warning", warning);
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
    item.set("url_id", http::percent_encode(row.pupil.id));
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

// The address pupils type to reach this server, as the teacher's browser reached it (a school
// server has no name of its own to configure); empty when the Host header is not a plain
// host name or address.
std::string site_address(const Request& request) {
  std::string host(request.header("host").value_or(""));
  if (host.empty() || host.size() > 255) {
    return {};
  }
  for (const char c : host) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
                         c == ':' || c == '[' || c == ']';
    if (!allowed) {
      return {};
    }
  }
  return host;
}

// Cards of `cards` (fresh: with the secrets just issued) or of the whole class.
Response cards_page(const Request& request, const ClassView& view,
                    const std::vector<IssuedCard>& cards, bool fresh, bool already_shown = false) {
  web::Page page = class_page_base(request, view);
  page.title = message(request, "classroom_cards_title") + " · " + view.school_class.name;
  page.breadcrumbs.back().url = "/classes/" + view.school_class.id;
  page.breadcrumbs.push_back({message(request, "classroom_cards_title"), ""});
  page.template_name = "classroom/templates/cards";
  page.data.set("fresh", fresh);
  page.data.set("already_shown", already_shown);
  const std::string site = site_address(request);
  web::TemplateList items;
  for (const auto& card : cards) {
    web::TemplateData item;
    item.set("name", card.pupil.display_name);
    item.set("username", card.pupil.username);
    item.set("school_code", view.school.code);
    item.set("class_name", view.school_class.name);
    if (!site.empty()) {
      item.set("site", site);
      item.set("pictures_address", site + "/signin/pictures");
    }
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

std::vector<IssuedCard> class_cards(Classroom& classroom, const ClassView& view) {
  std::vector<IssuedCard> cards;
  for (auto& row : classroom.pupils(view)) {
    cards.push_back(IssuedCard{
        .pupil = std::move(row.pupil), .password = std::nullopt, .picture_code = row.picture_code});
  }
  return cards;
}

Response show_cards(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  return cards_page(request, *access.view, class_cards(classroom, *access.view), false);
}

// The cards a POST of this session just issued, once. Reloaded, printed again later or
// opened by someone else: the class's cards without passwords, saying why.
Response show_new_cards(Classroom& classroom, IssuedCardsStash& stash, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  if (auto fresh = stash.take(access.who->session.id, access.view->school_class.id)) {
    return cards_page(request, *access.view, *fresh, true);
  }
  return cards_page(request, *access.view, class_cards(classroom, *access.view), false, true);
}

Response redirect_to_new_cards(const Request& request, const ClassView& view, web::Flash flash) {
  return no_store(web::with_flash(
      Response::redirect("/classes/" + view.school_class.id + "/cards/new", 303), request, flash));
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

// A name as people compare them: spaces collapsed, ASCII letters in lower case ("Awa  Diop"
// and "awa diop" are the same child; accented letters are kept as typed).
std::string comparable_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

// The new names that are already a pupil of the class, or given twice in the list.
std::vector<std::string> duplicate_names(Classroom& classroom, const ClassView& view,
                                         const std::vector<NewPupil>& pupils) {
  std::set<std::string> known;
  for (const auto& row : classroom.pupils(view)) {
    known.insert(comparable_name(row.pupil.display_name));
  }
  std::vector<std::string> out;
  std::set<std::string> reported;
  for (const auto& pupil : pupils) {
    const std::string name = comparable_name(pupil.display_name);
    if (name.empty()) {
      continue;
    }
    if (!known.insert(name).second && reported.insert(name).second) {
      out.push_back(pupil.display_name);
    }
  }
  return out;
}

Response add_pupils(Classroom& classroom, IssuedCardsStash& stash, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto secret = parse_secret_kind(form_value(form, "secret"));
  if (!secret) {
    return class_page(classroom, request, access,
                      error_notice(400, message(request, "classroom_error_secret_kind"), form));
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
  if (form_value(form, "confirm_duplicate") != "yes") {
    auto duplicates = duplicate_names(classroom, *access.view, pupils);
    if (!duplicates.empty()) {
      return class_page(classroom, request, access,
                        {.status = 409,
                         .error = {},
                         .notice = {},
                         .form = form,
                         .duplicates = std::move(duplicates)});
    }
  }
  auto outcome = classroom.create_pupils(*access.view, pupils, *secret, access.actor(request));
  if (!outcome) {
    return class_page(
        classroom, request, access,
        error_notice(outcome.problem().status, describe(request, outcome.problem()), form));
  }
  stash.put(access.who->session.id, access.view->school_class.id, std::move(outcome.value()));
  return redirect_to_new_cards(request, *access.view, web::Flash::pupils_created);
}

std::optional<SecretKind> reset_kind(std::string_view what) {
  return what == "password"   ? std::optional(SecretKind::password)
         : what == "pictures" ? std::optional(SecretKind::pictures)
                              : std::nullopt;
}

// What a reset does, on its own page, before it is done: the old secret stops working and
// the pupil's sessions end. A plain form: no JavaScript needed.
Response show_reset_confirmation(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string what_text = request.query_param("what").value_or("");
  const std::string pupil_id = request.query_param("pupil").value_or("");
  if (!reset_kind(what_text)) {
    return class_page(classroom, request, access,
                      error_notice(400, message(request, "classroom_error_reset_what")));
  }
  std::optional<PupilRow> pupil;
  for (auto& row : classroom.pupils(*access.view)) {
    if (row.pupil.id == pupil_id) {
      pupil = std::move(row);
      break;
    }
  }
  if (!pupil) {
    return class_page(classroom, request, access,
                      error_notice(404, message(request, "classroom_error_no_pupil")));
  }
  const bool password = what_text == "password";
  const ClassView& view = *access.view;
  const std::string class_url = "/classes/" + view.school_class.id;
  return no_store(web::confirmation_page(
      request,
      web::Confirmation{.title = message(request, password ? "safe_reset_password_title"
                                                           : "safe_reset_pictures_title"),
                        .subject = pupil->pupil.display_name + " (" + pupil->pupil.username + ")",
                        .explain = message(request, password ? "safe_reset_password_explain"
                                                             : "safe_reset_pictures_explain"),
                        .action = class_url + "/reset",
                        .fields = {{"pupil", pupil->pupil.id}, {"what", what_text}},
                        .csrf_token = accounts::csrf_token_for(access.who->session),
                        .cancel_url = class_url,
                        .breadcrumbs = {{message(request, "home_title"), "/"},
                                        {message(request, "classroom_classes_title"), "/classes"},
                                        {view.school_class.name, class_url}}}));
}

Response reset_pupil(Classroom& classroom, IssuedCardsStash& stash, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto what = reset_kind(form_value(form, "what"));
  if (!what) {
    return class_page(classroom, request, access,
                      error_notice(400, message(request, "classroom_error_reset_what")));
  }
  // Only through the confirmation page: an old one-click form (or a forged one with our
  // token) must not reset a card the teacher did not mean to.
  if (!web::is_confirmed(form_value(form, "confirm"))) {
    return class_page(classroom, request, access,
                      error_notice(400, message(request, "safe_error_not_confirmed")));
  }
  auto outcome = classroom.reset(*access.view, form_value(form, "pupil"), *what,
                                 form_value(form, "secret"), access.actor(request));
  if (!outcome) {
    return class_page(classroom, request, access,
                      error_notice(outcome.problem().status, describe(request, outcome.problem())));
  }
  stash.put(access.who->session.id, access.view->school_class.id, {std::move(outcome.value())});
  return redirect_to_new_cards(request, *access.view, web::Flash::secret_reset);
}

// Closing the join code, or replacing it with a new one, stops the old code working for
// children who are about to type it: asked first, on its own page. Opening a first code is not.
Response show_join_code_confirmation(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const ClassView& view = *access.view;
  const std::string action = request.query_param("action").value_or("");
  const std::string class_url = "/classes/" + view.school_class.id;
  if ((action != "open" && action != "close") || !view.school_class.join_code) {
    return no_store(Response::redirect(class_url + "#join", 303));
  }
  const bool closing = action == "close";
  return no_store(web::confirmation_page(
      request,
      web::Confirmation{
          .title = message(request, closing ? "safe_join_close_title" : "safe_join_renew_title"),
          .subject = *view.school_class.join_code,
          .explain =
              message(request, closing ? "safe_join_close_explain" : "safe_join_renew_explain"),
          .action = class_url + "/join-code",
          .fields = {{"action", action}},
          .csrf_token = accounts::csrf_token_for(access.who->session),
          .cancel_url = class_url + "#join",
          .breadcrumbs = {{message(request, "home_title"), "/"},
                          {message(request, "classroom_classes_title"), "/classes"},
                          {view.school_class.name, class_url}}}));
}

Response change_join_code(Classroom& classroom, Request& request) {
  auto [access, form] = form_access(classroom, request);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string action = form_value(form, "action");
  // Only through the confirmation page when an open code would stop working.
  const bool replaces_a_code = action == "close" || access.view->school_class.join_code;
  if (replaces_a_code && !web::is_confirmed(form_value(form, "confirm"))) {
    return class_page(classroom, request, access,
                      error_notice(400, message(request, "safe_error_not_confirmed")));
  }
  if (action == "open") {
    classroom.open_join_code(*access.view, access.actor(request));
  } else if (action == "close") {
    classroom.close_join_code(*access.view, access.actor(request));
  } else {
    return web::error_page(request, 400, message(request, "classroom_error_action"));
  }
  return no_store(
      web::with_flash(Response::redirect("/classes/" + access.view->school_class.id + "#join", 303),
                      request, web::Flash::join_code_changed));
}

// "Refuser" a join request asks first, on its own page: the request is gone afterwards and
// the child has to ask again.
Response show_decline_confirmation(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const ClassView& view = *access.view;
  const std::string id = request.query_param("request").value_or("");
  std::optional<JoinRequest> pending;
  for (auto& candidate : classroom.store().pending_requests(view.school_class.id)) {
    if (candidate.id == id) {
      pending = std::move(candidate);
      break;
    }
  }
  if (!pending) {
    return class_page(classroom, request, access,
                      error_notice(404, message(request, "classroom_error_no_request")));
  }
  const std::string class_url = "/classes/" + view.school_class.id;
  return no_store(web::confirmation_page(
      request,
      web::Confirmation{.title = message(request, "safe_decline_title"),
                        .subject = pending->display_name + " (" + pending->username + ")",
                        .explain = message(request, "safe_decline_explain"),
                        .action = class_url + "/requests",
                        .fields = {{"request", pending->id}, {"action", "decline"}},
                        .csrf_token = accounts::csrf_token_for(access.who->session),
                        .cancel_url = class_url + "#requests",
                        .breadcrumbs = {{message(request, "home_title"), "/"},
                                        {message(request, "classroom_classes_title"), "/classes"},
                                        {view.school_class.name, class_url}}}));
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
  } else if (action == "decline" && !web::is_confirmed(form_value(form, "confirm"))) {
    // Only through the confirmation page: an old one-click form cannot skip the question.
    failed = Problem{.status = 400, .key = "safe_error_not_confirmed", .detail = {}};
  } else if (action == "decline") {
    auto outcome = classroom.decline(*access.view, id, access.actor(request));
    if (!outcome) {
      failed = outcome.problem();
    }
  } else {
    failed = Problem{.status = 400, .key = "classroom_error_action", .detail = {}};
  }
  if (failed) {
    return class_page(classroom, request, access,
                      error_notice(failed->status, describe(request, *failed)));
  }
  return no_store(web::with_flash(
      Response::redirect("/classes/" + access.view->school_class.id + "#requests", 303), request,
      web::Flash::request_decided));
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
  // Shared by the routes' handlers, which may outlive this call.
  auto stash = std::make_shared<IssuedCardsStash>();
  router.get(
      "/classes/{id}/cards/new",
      [&classroom, stash](Request& request) { return show_new_cards(classroom, *stash, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true});
  router.post(
      "/classes/{id}/pupils",
      [&classroom, stash](Request& request) { return add_pupils(classroom, *stash, request); },
      manage);
  router.get(
      "/classes/{id}/reset",
      [&classroom](Request& request) { return show_reset_confirmation(classroom, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true, .log_query = false});
  router.post(
      "/classes/{id}/reset",
      [&classroom, stash](Request& request) { return reset_pupil(classroom, *stash, request); },
      manage);
  router.get(
      "/classes/{id}/join-code",
      [&classroom](Request& request) { return show_join_code_confirmation(classroom, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true, .log_query = false});
  router.post(
      "/classes/{id}/join-code",
      [&classroom](Request& request) { return change_join_code(classroom, request); }, manage);
  router.get(
      "/classes/{id}/requests/decline",
      [&classroom](Request& request) { return show_decline_confirmation(classroom, request); },
      http::RouteOptions{.access = std::string(kManage), .blocking = true});
  router.post(
      "/classes/{id}/requests",
      [&classroom](Request& request) { return decide_request(classroom, request); }, manage);
}

}  // namespace imaginecole::classroom
