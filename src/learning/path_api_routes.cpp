// SPDX-License-Identifier: AGPL-3.0-or-later
#include <boost/json.hpp>

#include <charconv>

#include "http/server.hpp"
#include "learning/path_access.hpp"
#include "learning/path_routes.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response json_error(const Request& request, int status, std::string_view message) {
  Response response = http::default_error_response(request, status, message);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response json_answer(const json::value& body) {
  Response response = Response::json(json::serialize(body));
  // Progress and school paths are per person.
  response.set_header("Cache-Control", "no-store");
  return response;
}

json::object path_summary(const LearningPath& path) {
  return json::object{{"id", path.id},
                      {"title", path.title},
                      {"description", path.description},
                      {"country", path.country_code},
                      {"level", path.level_slug},
                      {"national", !path.school_id.has_value()},
                      {"steps", path.steps.size()},
                      {"updated_at", path.updated_at}};
}

Response list_paths(Paths& paths, accounts::Accounts& accounts, Request& request) {
  const std::string country = request.query_param("country").value_or("");
  const std::string level = request.query_param("level").value_or("");
  if (country.size() != 2 || level.empty() || level.size() > 60) {
    return json_error(request, 400,
                      "Give the country and the level: /api/v1/paths?country=SN&level=cm2");
  }
  const auto who = accounts.authenticator().signed_in(request);
  const std::optional<std::string> school = who ? who->user.school_id : std::nullopt;
  json::array out;
  for (const auto& path : paths.of_level(country, level, school)) {
    if (may_see_path(who ? &*who : nullptr, path)) {
      out.push_back(path_summary(path));
    }
  }
  return json_answer(json::object{{"paths", std::move(out)}});
}

// The path named in the URL, or the refusal (404 for one the caller may not see).
std::variant<LearningPath, Response> visible_path(Paths& paths, const accounts::SignedIn* who,
                                                  const Request& request) {
  auto path = paths.find(request.path_param("id").value_or(""));
  if (!path || !may_see_path(who, *path)) {
    return json_error(request, 404, "No learning path has this id.");
  }
  return std::move(*path);
}

Response get_path(Paths& paths, accounts::Accounts& accounts, Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  auto found = visible_path(paths, who ? &*who : nullptr, request);
  if (auto* refusal = std::get_if<Response>(&found)) {
    return std::move(*refusal);
  }
  const LearningPath& path = std::get<LearningPath>(found);
  const auto pupil = who ? pupil_of_user(accounts, who->user) : std::nullopt;
  json::array steps;
  int done = 0;
  for (const auto& step : paths.steps(path, pupil ? std::optional(pupil->id) : std::nullopt)) {
    json::object entry{{"number", step.number},
                       {"resource", step.resource_id},
                       {"kind", step.kind},
                       {"title", step.title},
                       {"questions", step.questions}};
    if (pupil) {
      entry["answered"] = step.answered;
      entry["done"] = step.done;
      done += step.done ? 1 : 0;
    }
    steps.push_back(std::move(entry));
  }
  json::object body = path_summary(path);
  body["steps"] = std::move(steps);
  if (pupil) {
    body["progress"] = json::object{{"done", done}, {"total", path.steps.size()}};
  } else {
    body["progress"] = nullptr;
  }
  return json_answer(body);
}

Response post_done(Paths& paths, accounts::Accounts& accounts, Request& request) {
  const accounts::AccessCheck access = accounts.authenticator().check(request, "account.self");
  if (!access.allowed()) {
    return json_error(request, access.status, access.message);
  }
  const auto pupil = pupil_of_user(accounts, access.signed_in->user);
  if (!pupil) {
    return json_error(request, 403, "Only pupils' progress is recorded.");
  }
  auto found = visible_path(paths, &*access.signed_in, request);
  if (auto* refusal = std::get_if<Response>(&found)) {
    return std::move(*refusal);
  }
  const std::string n_text = request.path_param("n").value_or("");
  int number = 0;
  const auto [end, error] = std::from_chars(n_text.data(), n_text.data() + n_text.size(), number);
  if (error != std::errc() || end != n_text.data() + n_text.size()) {
    return json_error(request, 404, "Steps are numbered from 1.");
  }
  boost::system::error_code parse_error;
  const json::value body = json::parse(request.body, parse_error);
  const auto* client_id =
      !parse_error && body.is_object() ? body.as_object().if_contains("client_id") : nullptr;
  if (client_id == nullptr || !client_id->is_string()) {
    return json_error(request, 400,
                      "The body must be {\"client_id\": \"<a UUID made by the client>\"}");
  }
  const StepDoneOutcome outcome = paths.mark_done(*pupil, std::get<LearningPath>(found), number,
                                                  std::string(client_id->as_string()));
  if (outcome.status != 200) {
    return json_error(request, outcome.status, outcome.error);
  }
  return json_answer(json::object{{"completion_id", outcome.completion.id},
                                  {"client_id", outcome.completion.client_id},
                                  {"step", number},
                                  {"done", true},
                                  {"recorded", outcome.recorded},
                                  {"completed_at", outcome.completion.completed_at}});
}

}  // namespace

void register_path_api_routes(http::Router& router, Paths& paths, accounts::Accounts& accounts) {
  router.get(
      "/api/v1/paths",
      [&paths, &accounts](Request& request) { return list_paths(paths, accounts, request); },
      http::RouteOptions{.access = "public", .blocking = true, .max_body_bytes = 1024});
  router.get(
      "/api/v1/paths/{id}",
      [&paths, &accounts](Request& request) { return get_path(paths, accounts, request); },
      http::RouteOptions{.access = "public", .blocking = true, .max_body_bytes = 1024});
  router.post(
      "/api/v1/paths/{id}/steps/{n}/done",
      [&paths, &accounts](Request& request) { return post_done(paths, accounts, request); },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 1024});
}

}  // namespace imaginecole::learning
