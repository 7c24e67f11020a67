// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow's JSON API. Writes need the X-CSRF-Token header (checked by the
// Authenticator); the service decides who may do what and answers 404 alike for a resource
// that is absent and one the caller may not see.
#include <boost/json.hpp>

#include <algorithm>

#include "accounts/accounts.hpp"
#include "authoring/diff.hpp"
#include "authoring/route_support.hpp"
#include "authoring/routes.hpp"
#include "catalog/markdown.hpp"
#include "core/ids.hpp"
#include "web/i18n.hpp"

namespace imaginecole::authoring {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response json_answer(const json::value& value, int status = 200) {
  Response response = Response::json(json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

json::array problems_json(const Request& request,
                          const std::vector<catalog::MarkdownProblem>& problems) {
  const auto& messages = web::Messages::instance().catalogue(web::choose_language(request));
  json::array out;
  for (const auto& problem : problems) {
    const std::string_view key = catalog::problem_message_key(problem.kind);
    out.push_back(json::object{{"kind", key.substr(key.rfind("problem_") + 8)},
                               {"detail", problem.detail},
                               {"message", messages.with_detail(key, problem.detail)}});
  }
  return out;
}

Response problem_answer(const Request& request, const Problem& problem) {
  json::object fields;
  for (const auto& field : problem.fields) {
    fields[field.field] = message_of(request, field.message_key);
  }
  json::object body{{"error", message_of(request, problem.message_key)}};
  if (!fields.empty()) {
    body["fields"] = std::move(fields);
  }
  if (!problem.content.empty()) {
    body["content_problems"] = problems_json(request, problem.content);
  }
  return json_answer(body, status_of(problem.failure));
}

Response bad_request(const Request& request, std::string_view key) {
  return json_answer(json::object{{"error", message_of(request, key)}}, 400);
}

json::value optional_json(const std::optional<int>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}
json::value optional_json(const std::optional<std::string>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object workflow_json(const Workflow& w) {
  json::object out{{"id", w.resource_id},
                   {"country", w.country_code},
                   {"state", state_name(w.state)},
                   {"title", w.title},
                   {"class_id", optional_json(w.class_id)},
                   {"class_version", optional_json(w.class_version)},
                   {"current_version", w.current_version},
                   {"submitted_version", optional_json(w.submitted_version)},
                   {"published_version", optional_json(w.published_version)},
                   {"review_comment", optional_json(w.last_comment)},
                   {"created_by", w.created_by},
                   {"updated_at", w.updated_at},
                   {"edit_url", "/edit/resources/" + w.resource_id}};
  if (w.origin_resource_id) {
    out["origin"] = json::object{{"resource_id", *w.origin_resource_id},
                                 {"version", optional_json(w.origin_version)},
                                 {"country", optional_json(w.origin_country)},
                                 {"title", optional_json(w.origin_title)},
                                 {"licence", optional_json(w.origin_licence)}};
  } else {
    out["origin"] = nullptr;
  }
  return out;
}

// The JSON body as an object; nullopt when it is not one.
std::optional<json::object> body_object(const Request& request) {
  json::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

// Reads a string member; `bad` when present with another type.
std::string text_member(const json::object& body, std::string_view key, bool& bad,
                        std::string fallback = {}) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return fallback;
  }
  if (!value->is_string()) {
    bad = true;
    return fallback;
  }
  return std::string(value->as_string());
}

std::vector<std::string> list_member(const json::object& body, std::string_view key, bool& bad) {
  std::vector<std::string> out;
  const auto* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return out;
  }
  if (!value->is_array()) {
    bad = true;
    return out;
  }
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) {
      bad = true;
      return {};
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<int> int_member(const json::object& body, std::string_view key, bool& bad) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_int64() || value->as_int64() < 0 || value->as_int64() > 1'000'000) {
    bad = true;
    return std::nullopt;
  }
  return static_cast<int>(value->as_int64());
}

Content content_from(const json::object& body, bool& bad) {
  Content content;
  content.kind = text_member(body, "kind", bad, content.kind);
  content.title = text_member(body, "title", bad);
  content.summary = text_member(body, "summary", bad);
  content.body = text_member(body, "body", bad);
  content.language = text_member(body, "language", bad, content.language);
  content.audience = text_member(body, "audience", bad, content.audience);
  content.licence = text_member(body, "licence", bad, content.licence);
  content.authors = list_member(body, "authors", bad);
  content.subject_slugs = list_member(body, "subjects", bad);
  content.exam_codes = list_member(body, "exams", bad);
  content.duration_minutes = int_member(body, "duration_minutes", bad);
  content.node_id = text_member(body, "node_id", bad);
  return content;
}

Response answer(const Request& request, const Outcome<Workflow>& outcome, int status = 200) {
  if (!outcome) {
    return problem_answer(request, outcome.problem());
  }
  return json_answer(workflow_json(outcome.value()), status);
}

Response create_draft(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return bad_request(request, "authoring_error_json");
  }
  bool bad = false;
  NewDraft draft;
  draft.content = content_from(*body, bad);
  draft.country = text_member(*body, "country", bad);
  draft.class_id = text_member(*body, "class_id", bad);
  draft.comment = text_member(*body, "comment", bad);
  if (bad) {
    return bad_request(request, "authoring_error_json");
  }
  return answer(request, service.create(caller.actor, std::move(draft)), 201);
}

Response save_draft(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return bad_request(request, "authoring_error_json");
  }
  bool bad = false;
  Content content = content_from(*body, bad);
  const std::string comment = text_member(*body, "comment", bad);
  const auto base = int_member(*body, "base_version", bad);
  if (bad) {
    return bad_request(request, "authoring_error_json");
  }
  return answer(request, service.save(caller.actor, request.path_param("id").value_or(""),
                                      std::move(content), comment, base));
}

enum class Step { submit, send_back, publish, unpublish, share };

Response step(AuthoringService& service, accounts::Accounts& accounts, Request& request,
              Step which) {
  const bool writer = which == Step::submit || which == Step::share;
  auto caller = authenticate(accounts, request, writer ? "account.self" : "content.review");
  if (caller.refusal) {
    return *caller.refusal;
  }
  std::string comment;
  if (!request.body.empty()) {
    const auto body = body_object(request);
    bool bad = !body.has_value();
    if (body) {
      comment = text_member(*body, "comment", bad);
    }
    if (bad) {
      return bad_request(request, "authoring_error_json");
    }
  }
  const std::string id = request.path_param("id").value_or("");
  switch (which) {
    case Step::submit:
      return answer(request, service.submit(caller.actor, id, comment));
    case Step::send_back:
      return answer(request, service.send_back(caller.actor, id, comment));
    case Step::publish:
      return answer(request, service.publish(caller.actor, id, comment));
    case Step::unpublish:
      return answer(request, service.unpublish(caller.actor, id, comment));
    case Step::share:
      return answer(request, service.share_with_class(caller.actor, id, comment));
  }
  return bad_request(request, "authoring_error_json");
}

// The editor's live preview: the HTML pupils would see and what to fix, for a text that is
// not saved. For people who write resources (an editor, a reviewer or a class's teacher).
Response preview(accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const auto& who = caller.actor.principal;
  const bool writes = std::any_of(who.grants.begin(), who.grants.end(), [](const auto& grant) {
    using accounts::Permission;
    return accounts::role_grants_permission(grant.role, Permission::content_edit) ||
           accounts::role_grants_permission(grant.role, Permission::content_review) ||
           accounts::role_grants_permission(grant.role, Permission::content_class);
  });
  if (!writes) {
    return json_answer(json::object{{"error", message_of(request, "authoring_error_not_editor")}},
                       403);
  }
  const auto body = body_object(request);
  bool bad = !body.has_value();
  const std::string markdown = body ? text_member(*body, "body", bad) : std::string();
  if (bad) {
    return bad_request(request, "authoring_error_json");
  }
  if (markdown.size() > kMaxBodyBytes) {
    return bad_request(request, "authoring_error_body_long");
  }
  return json_answer(
      json::object{{"html", catalog::markdown_to_html(markdown)},
                   {"problems", problems_json(request, catalog::markdown_problems(markdown))}});
}

Response adapt(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "content.edit");
  if (caller.refusal) {
    return *caller.refusal;
  }
  std::string country;
  if (!request.body.empty()) {
    const auto body = body_object(request);
    bool bad = !body.has_value();
    if (body) {
      country = text_member(*body, "country", bad);
    }
    if (bad) {
      return bad_request(request, "authoring_error_json");
    }
  }
  return answer(request,
                service.adapt(caller.actor, request.path_param("id").value_or(""), country), 201);
}

Response versions(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const std::string id = request.path_param("id").value_or("");
  const auto history = service.history(caller.actor, id);
  if (!history) {
    return problem_answer(request, history.problem());
  }
  json::array items;
  for (const auto& version : history.value()) {
    items.push_back(json::object{{"number", version.number},
                                 {"author_id", version.author_id},
                                 {"comment", version.comment},
                                 {"created_at", version.created_at}});
  }
  json::array transitions;
  for (const auto& t : service.store().transitions(id)) {
    transitions.push_back(json::object{{"version", t.version_number},
                                       {"actor_id", t.actor_id},
                                       {"from", t.from_state},
                                       {"to", t.to_state},
                                       {"comment", t.comment},
                                       {"at", t.created_at}});
  }
  return json_answer(json::object{{"resource_id", id},
                                  {"versions", std::move(items)},
                                  {"transitions", std::move(transitions)}});
}

std::optional<int> version_param(const Request& request, std::string_view name) {
  const auto text = request.query_param(name);
  if (!text || text->empty() || text->size() > 7) {
    return std::nullopt;
  }
  int out = 0;
  for (const char c : *text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    out = out * 10 + (c - '0');
  }
  return out;
}

Response diff(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const auto from = version_param(request, "from");
  const auto to = version_param(request, "to");
  if (!from || !to) {
    return bad_request(request, "authoring_error_versions");
  }
  const auto pair =
      service.compare(caller.actor, request.path_param("id").value_or(""), *from, *to);
  if (!pair) {
    return problem_answer(request, pair.problem());
  }
  json::array fields;
  for (const auto& field : diff_contents(pair->first.content, pair->second.content)) {
    json::object item{{"field", field.field}, {"before", field.before}, {"after", field.after}};
    if (!field.lines.empty()) {
      json::array lines;
      for (const auto& line : field.lines) {
        const char* op = line.op == DiffLine::Op::same    ? " "
                         : line.op == DiffLine::Op::added ? "+"
                                                          : "-";
        lines.push_back(json::object{{"op", op}, {"text", line.text}});
      }
      item["lines"] = std::move(lines);
    }
    fields.push_back(std::move(item));
  }
  return json_answer(json::object{{"from", *from}, {"to", *to}, {"changes", std::move(fields)}});
}

}  // namespace

void register_authoring_api(http::Router& router, AuthoringService& service,
                            accounts::Accounts& accounts) {
  const http::RouteOptions writing{
      .access = "account.self", .blocking = true, .max_body_bytes = kMaxRequestBytes};
  const http::RouteOptions stepping{
      .access = "account.self", .blocking = true, .max_body_bytes = 16 * 1024};
  const http::RouteOptions reviewing{
      .access = "content.review", .blocking = true, .max_body_bytes = 16 * 1024};
  const http::RouteOptions reading{.access = "account.self", .blocking = true};
  router.post(
      "/api/v1/drafts", [&](Request& request) { return create_draft(service, accounts, request); },
      writing);
  router.add(
      http::Method::put, "/api/v1/resources/{id}/draft",
      [&](Request& request) { return save_draft(service, accounts, request); }, writing);
  router.post(
      "/api/v1/resources/{id}/submit",
      [&](Request& request) { return step(service, accounts, request, Step::submit); }, stepping);
  router.post(
      "/api/v1/resources/{id}/send-back",
      [&](Request& request) { return step(service, accounts, request, Step::send_back); },
      reviewing);
  router.post(
      "/api/v1/resources/{id}/publish",
      [&](Request& request) { return step(service, accounts, request, Step::publish); }, reviewing);
  router.post(
      "/api/v1/resources/{id}/unpublish",
      [&](Request& request) { return step(service, accounts, request, Step::unpublish); },
      reviewing);
  router.post(
      "/api/v1/resources/{id}/share",
      [&](Request& request) { return step(service, accounts, request, Step::share); }, stepping);
  router.post(
      "/api/v1/preview", [&](Request& request) { return preview(accounts, request); }, writing);
  router.post(
      "/api/v1/resources/{id}/adapt",
      [&](Request& request) { return adapt(service, accounts, request); },
      http::RouteOptions{.access = "content.edit", .blocking = true, .max_body_bytes = 4096});
  router.get(
      "/api/v1/resources/{id}/versions",
      [&](Request& request) { return versions(service, accounts, request); }, reading);
  router.get(
      "/api/v1/resources/{id}/diff",
      [&](Request& request) { return diff(service, accounts, request); }, reading);
}

}  // namespace imaginecole::authoring
