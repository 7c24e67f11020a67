// SPDX-License-Identifier: AGPL-3.0-or-later
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "http/server.hpp"
#include "learning/routes.hpp"
#include "web/i18n.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response json_error(const Request& request, int status, std::string_view message) {
  return no_store(http::default_error_response(request, status, message));
}

Response json_answer(const json::value& body) {
  return no_store(Response::json(json::serialize(body)));
}

// The signed-in pupil, or the answer that refuses the caller.
std::variant<Pupil, Response> pupil_of(accounts::Accounts& accounts, const Request& request) {
  const accounts::AccessCheck access = accounts.authenticator().check(request, "account.self");
  if (!access.allowed()) {
    return json_error(request, access.status, access.message);
  }
  const accounts::User& user = access.signed_in->user;
  if (user.kind != accounts::UserKind::pupil || !user.school_id) {
    return json_error(request, 403,
                      "Only pupils' answers are recorded. Staff can try an exercise set on its "
                      "page without recording anything.");
  }
  const auto school = accounts.schools().school_by_id(*user.school_id);
  if (!school) {
    return json_error(request, 403, "This pupil's school no longer exists.");
  }
  return Pupil{.id = user.id, .school_id = user.school_id, .country_code = school->country_code};
}

std::string string_field(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    throw InvalidInput("\"" + std::string(name) + "\" is required and must be a text");
  }
  return {value->as_string().begin(), value->as_string().end()};
}

Submission submission_from(const json::value& value) {
  if (!value.is_object()) {
    throw InvalidInput("an attempt must be a JSON object");
  }
  const json::object& object = value.as_object();
  Submission submission;
  submission.client_id = string_field(object, "client_id");
  submission.question_id = string_field(object, "question");
  submission.resource_id = string_field(object, "resource");
  const auto* response = object.if_contains("response");
  if (response == nullptr) {
    throw InvalidInput("\"response\" is required");
  }
  submission.response = *response;
  if (const auto* duration = object.if_contains("duration_ms"); duration && !duration->is_null()) {
    if (!duration->is_int64() || duration->as_int64() < 0 || duration->as_int64() > 86'400'000) {
      throw InvalidInput("\"duration_ms\" must be a whole number of milliseconds up to a day");
    }
    submission.duration_ms = duration->as_int64();
  }
  if (const auto* at = object.if_contains("answered_at"); at && !at->is_null()) {
    submission.answered_at = string_field(object, "answered_at");
  }
  return submission;
}

json::value parse_body(const Request& request) {
  boost::system::error_code error;
  json::value body = json::parse(request.body, error);
  if (error) {
    throw InvalidInput("the body must be JSON: " + error.message());
  }
  return body;
}

json::object attempt_json(const Attempt& attempt) {
  json::array feedback;
  for (const auto& line : attempt.feedback) {
    feedback.emplace_back(line);
  }
  return json::object{{"attempt_id", attempt.id},
                      {"client_id", attempt.client_id},
                      {"question", attempt.question_id},
                      {"resource", attempt.resource_id},
                      {"version", attempt.version_id.empty() ? json::value(nullptr)
                                                             : json::value(attempt.version_id)},
                      {"correct", attempt.correct},
                      {"score", attempt.score},
                      {"feedback", std::move(feedback)},
                      // An open answer waits for a teacher's mark; its score is 0 until then.
                      {"status", attempt.question_type == "essay" ? "awaiting_mark" : "graded"},
                      {"recorded_at", attempt.recorded_at}};
}

Response post_attempt(Attempts& attempts, accounts::Accounts& accounts, Request& request) {
  auto who = pupil_of(accounts, request);
  if (auto* refusal = std::get_if<Response>(&who)) {
    return std::move(*refusal);
  }
  Submission submission;
  try {
    submission = submission_from(parse_body(request));
  } catch (const InvalidInput& error) {
    return json_error(request, 400, error.what());
  }
  const auto outcomes = attempts.submit(std::get<Pupil>(who), {submission});
  const Outcome& outcome = outcomes.front();
  if (outcome.status != 200) {
    return json_error(request, outcome.status, outcome.error);
  }
  return json_answer(attempt_json(outcome.attempt));
}

Response post_batch(Attempts& attempts, accounts::Accounts& accounts, Request& request) {
  auto who = pupil_of(accounts, request);
  if (auto* refusal = std::get_if<Response>(&who)) {
    return std::move(*refusal);
  }
  // Each attempt is judged alone: one broken entry does not lose the others of the queue.
  std::vector<Submission> submissions;
  std::vector<std::optional<std::string>> broken;
  try {
    const json::value body = parse_body(request);
    const auto* list = body.is_object() ? body.as_object().if_contains("attempts") : nullptr;
    if (list == nullptr || !list->is_array()) {
      throw InvalidInput("the body must be {\"attempts\": [ … ]}");
    }
    if (list->as_array().size() > kMaxBatch) {
      throw InvalidInput("a batch holds at most " + std::to_string(kMaxBatch) +
                         " attempts; send the rest in another batch");
    }
    for (const auto& entry : list->as_array()) {
      try {
        submissions.push_back(submission_from(entry));
        broken.emplace_back();
      } catch (const InvalidInput& error) {
        submissions.emplace_back();  // an empty client_id: refused below, kept in order
        broken.emplace_back(error.what());
      }
    }
  } catch (const InvalidInput& error) {
    return json_error(request, 400, error.what());
  }
  std::vector<Submission> valid;
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    if (!broken[i]) {
      valid.push_back(submissions[i]);
    }
  }
  const auto outcomes = attempts.submit(std::get<Pupil>(who), valid);
  json::array results;
  std::size_t next = 0;
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    json::object result;
    if (broken[i]) {
      result = {{"status", 400}, {"error", *broken[i]}};
    } else {
      const Outcome& outcome = outcomes[next++];
      if (outcome.status == 200) {
        result = attempt_json(outcome.attempt);
        result["status"] = 200;
      } else {
        result = {{"client_id", submissions[i].client_id},
                  {"status", outcome.status},
                  {"error", outcome.error}};
      }
    }
    results.push_back(std::move(result));
  }
  return json_answer(json::object{{"results", std::move(results)}});
}

Response get_progress(Attempts& attempts, accounts::Accounts& accounts, Request& request) {
  auto who = pupil_of(accounts, request);
  if (auto* refusal = std::get_if<Response>(&who)) {
    return std::move(*refusal);
  }
  const Pupil& pupil = std::get<Pupil>(who);
  json::array sets;
  std::int64_t total = 0;
  for (const auto& set : attempts.progress(pupil.id)) {
    total += set.attempts;
    sets.push_back(json::object{{"resource", set.resource_id},
                                {"attempts", set.attempts},
                                {"questions_answered", set.questions_answered},
                                {"questions_correct", set.questions_correct},
                                {"last_at", set.last_at}});
  }
  json::array mastery;
  for (const auto& entry :
       attempts.mastery().of_pupil(pupil.id, pupil.country_code, web::choose_language(request))) {
    mastery.push_back(
        json::object{{"skill", entry.skill.id},
                     {"name", entry.skill.name},
                     {"level", mastery_level_name(entry.level)},
                     {"subject", entry.skill.subject.empty() ? json::value(nullptr)
                                                             : json::value(entry.skill.subject)}});
  }
  return json_answer(json::object{
      {"attempts", total}, {"exercise_sets", std::move(sets)}, {"mastery", std::move(mastery)}});
}

}  // namespace

void register_learning_routes(http::Router& router, Attempts& attempts,
                              accounts::Accounts& accounts) {
  router.post(
      "/api/v1/attempts",
      [&attempts, &accounts](Request& request) {
        return post_attempt(attempts, accounts, request);
      },
      // An open answer holds up to 10,000 characters: 40 KB of UTF-8 at worst, more once
      // JSON escapes them (\u0627 is six bytes for one Arabic letter).
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 96 * 1024});
  router.post(
      "/api/v1/attempts/batch",
      [&attempts, &accounts](Request& request) { return post_batch(attempts, accounts, request); },
      http::RouteOptions{
          .access = "account.self", .blocking = true, .max_body_bytes = 1024 * 1024});
  router.get(
      "/api/v1/me/progress",
      [&attempts, &accounts](Request& request) {
        return get_progress(attempts, accounts, request);
      },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 1024});
}

}  // namespace imaginecole::learning
