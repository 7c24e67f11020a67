// SPDX-License-Identifier: AGPL-3.0-or-later
// Composing an exercise set without JavaScript: its questions in order, each with small forms
// to move it up or down or take it out, and a search of the country's bank with an "add"
// button per question. Same store calls and permission check as
// PUT /api/v1/resources/{id}/questions: content.edit in the set's country, 404 otherwise.
#include <algorithm>
#include <string>
#include <vector>

#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "exercises/page_support.hpp"
#include "exercises/pages.hpp"
#include "exercises/question_store.hpp"
#include "web/confirm_page.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

using http::Request;
using http::Response;

std::string label_of(const Question& q) {
  return q.name.empty() ? excerpt(q.prompt, 80) : q.name;
}

struct SetEditor {
  std::string id;
  std::string country;
  PageEditor editor;
};

SetEditor authorize_set(QuestionStore& store, accounts::Accounts& accounts,
                        const Request& request) {
  SetEditor out;
  out.id = request.path_param("id").value_or("");
  const auto country =
      core::is_valid_id(out.id) ? store.exercise_set_country(out.id) : std::optional<std::string>();
  out.country = country.value_or("");
  out.editor = authorize_page(accounts, request, out.country, true);
  if (!out.editor.refusal && !country) {
    out.editor.refusal =
        web::error_page(request, 404, page_message(request, "exercises_forms_error_no_set"));
  }
  return out;
}

Response set_page(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  SetEditor set = authorize_set(store, accounts, request);
  if (set.editor.refusal) {
    return *set.editor.refusal;
  }
  const std::string csrf = accounts::csrf_token_for(set.editor.who->session);
  const std::string search = request.query_param("q").value_or("").substr(0, 200);
  const std::string self = "/edit/resources/" + set.id + "/questions";
  const auto questions = store.questions_of_set(set.id);

  web::TemplateList members;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    web::TemplateData row;
    row.set("position", std::to_string(i + 1));
    row.set("id", q.id);
    row.set("name", label_of(q));
    row.set("type", page_message(request, "exercises_type_" + std::string(type_name(q.type))));
    row.set("edit_url", "/edit/questions/" + q.id + "?set=" + set.id);
    row.set("can_up", i > 0);
    row.set("can_down", i + 1 < questions.size());
    row.set("remove_url", self + "/remove?question=" + q.id);
    members.push_back(std::move(row));
  }

  web::TemplateList candidates;
  QuestionFilter filter{.country = set.country};
  filter.search = search;
  filter.limit = 20;
  for (const auto& stored : store.list(filter)) {
    const bool member = std::any_of(questions.begin(), questions.end(),
                                    [&](const Question& q) { return q.id == stored.question.id; });
    if (member) {
      continue;
    }
    web::TemplateData row;
    row.set("id", stored.question.id);
    row.set("name", label_of(stored.question));
    row.set("type", page_message(request,
                                 "exercises_type_" + std::string(type_name(stored.question.type))));
    row.set("url", "/edit/questions/" + stored.question.id + "?set=" + set.id);
    candidates.push_back(std::move(row));
  }

  web::TemplateData data;
  data.set("csrf", csrf);
  data.set("action", self);
  data.set("q", search);
  data.set("members", web::TemplateData(members));
  data.set("no_members", questions.empty());
  data.set("candidates", web::TemplateData(candidates));
  data.set("no_candidates", candidates.empty());
  data.set("country", set.country);
  data.set("resource_url", "/edit/resources/" + set.id);
  data.set("new_url", "/edit/questions/new?country=" + set.country + "&set=" + set.id);
  data.set("bank_url", "/edit/questions?country=" + set.country);
  if (request.query_param("added") || request.query_param("changed")) {
    data.set("notice", page_message(request, "exercises_forms_set_saved"));
  } else {
    data.set("notice", false);
  }
  return render_editor_page(request, page_message(request, "exercises_forms_set_title"),
                            "exercises/templates/set", std::move(data), 200,
                            page_message(request, "exercises_forms_bank_title"),
                            "/edit/questions?country=" + set.country);
}

// "Retirer" a question from the set asks first, on its own page (web/confirm_page.hpp).
Response confirm_remove(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  SetEditor set = authorize_set(store, accounts, request);
  if (set.editor.refusal) {
    return *set.editor.refusal;
  }
  const std::string id = request.query_param("question").value_or("");
  const std::string self = "/edit/resources/" + set.id + "/questions";
  for (const auto& q : store.questions_of_set(set.id)) {
    if (q.id != id) {
      continue;
    }
    return web::confirmation_page(
        request, web::Confirmation{
                     .title = page_message(request, "safe_remove_question_title"),
                     .subject = label_of(q),
                     .explain = page_message(request, "safe_remove_question_explain"),
                     .action = self,
                     .fields = {{"question", q.id}, {"action", "remove"}},
                     .csrf_token = accounts::csrf_token_for(set.editor.who->session),
                     .cancel_url = self,
                     .breadcrumbs = {{page_message(request, "home_title"), "/"},
                                     {page_message(request, "exercises_forms_set_title"), self}}});
  }
  return web::error_page(request, 404, page_message(request, "exercises_forms_set_bad_request"));
}

Response set_post(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  SetEditor set = authorize_set(store, accounts, request);
  if (set.editor.refusal) {
    return *set.editor.refusal;
  }
  std::string action;
  std::string question;
  std::string search;
  std::string confirm;
  for (auto& [key, value] : http::parse_form(request.body)) {
    if (key == "confirm") {
      confirm = std::move(value);
    } else if (key == "action") {
      action = std::move(value);
    } else if (key == "question") {
      question = std::move(value);
    } else if (key == "q") {
      search = value.substr(0, 200);
    }
  }
  if (!core::is_valid_id(question)) {
    return web::error_page(request, 400, page_message(request, "exercises_forms_set_bad_request"));
  }
  std::vector<std::string> ids;
  for (const auto& q : store.questions_of_set(set.id)) {
    ids.push_back(q.id);
  }
  const auto at = std::find(ids.begin(), ids.end(), question);
  if (action == "add") {
    if (at == ids.end()) {
      ids.push_back(question);
    }
  } else if (at == ids.end()) {
    // Already gone (another editor, a second click): nothing to do.
    return Response::redirect("/edit/resources/" + set.id + "/questions", 303);
  } else if (action == "up" && at != ids.begin()) {
    std::iter_swap(at, at - 1);
  } else if (action == "down" && at + 1 != ids.end()) {
    std::iter_swap(at, at + 1);
  } else if (action == "remove" && !web::is_confirmed(confirm)) {
    // Only through the confirmation page: an old one-click form cannot skip the question.
    return web::error_page(request, 400, page_message(request, "safe_error_not_confirmed"));
  } else if (action == "remove") {
    ids.erase(at);
  } else if (action != "up" && action != "down") {
    return web::error_page(request, 400, page_message(request, "exercises_forms_set_bad_request"));
  }
  // Checks the country of an added question like the API does (an id of another country's
  // bank answers like an unknown one).
  const auto result = store.set_questions(set.id, ids);
  if (!result) {
    return web::error_page(request, 400, page_message(request, "exercises_forms_set_bad_request"));
  }
  return Response::redirect("/edit/resources/" + set.id + "/questions?changed=1" +
                                (search.empty() ? "" : "&q=" + url_encode(search)),
                            303);
}

}  // namespace

void register_set_pages(http::Router& router, QuestionStore& store, accounts::Accounts& accounts) {
  const http::RouteOptions edit{.access = std::string(kPagesEditAccess), .blocking = true};
  router.get(
      "/edit/resources/{id}/questions",
      [&store, &accounts](Request& request) { return set_page(store, accounts, request); }, edit);
  router.get(
      "/edit/resources/{id}/questions/remove",
      [&store, &accounts](Request& request) { return confirm_remove(store, accounts, request); },
      edit);
  router.post(
      "/edit/resources/{id}/questions",
      [&store, &accounts](Request& request) { return set_post(store, accounts, request); }, edit);
}

}  // namespace imaginecole::exercises
