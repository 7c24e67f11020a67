// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/offline_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "catalog/resource_queries.hpp"
#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "http/server.hpp"
#include "web/i18n.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using exercises::Question;
using exercises::QuestionType;
using http::Request;
using http::Response;

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

// The pages a phone keeps for every pupil: their space, their assignments and the page shown
// for anything not kept.
constexpr std::array<std::string_view, 3> kShellPages = {"/me", "/me/assignments", "/offline"};

// What the page needs to check an answer itself: credits of choices, the truth, accepted
// numbers and texts. Null for the types it leaves to the server (blanks, pairs, order, units,
// open answers): the phone keeps those answers and says the verdict comes back online.
json::value answer_key(const Question& question) {
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      json::array fractions;
      for (const auto& choice : question.choices) {
        fractions.emplace_back(choice.fraction);
      }
      return json::object{{"fractions", std::move(fractions)}};
    }
    case QuestionType::true_false:
      return json::object{{"truth", question.truth}};
    case QuestionType::numeric: {
      if (!question.units.empty()) {
        return nullptr;
      }
      json::array numbers;
      for (const auto& number : question.numbers) {
        numbers.push_back(json::object{{"value", number.value},
                                       {"tolerance", number.tolerance},
                                       {"fraction", number.fraction}});
      }
      return json::object{{"numbers", std::move(numbers)}};
    }
    case QuestionType::short_text: {
      json::array texts;
      for (const auto& text : question.texts) {
        texts.push_back(json::object{{"text", text.text}, {"fraction", text.fraction}});
      }
      return json::object{{"texts", std::move(texts)},
                          {"case_sensitive", question.rules.case_sensitive},
                          {"accent_sensitive", question.rules.accent_sensitive},
                          {"collapse_spaces", question.rules.collapse_spaces}};
    }
    default:
      return nullptr;
  }
}

// An exercise set's questions, in the set's order (the player's field names count from 0 in
// it); the key only when the pupil practises: a quiz's answers are graded by the server alone.
json::array set_questions(storage::Database& database, const std::string& resource_id,
                          bool with_key) {
  json::array out;
  std::optional<catalog::PublishedSet> set;
  {
    auto connection = database.read();
    set = catalog::published_set(*connection, resource_id);
  }
  if (!set) {
    return out;
  }
  for (const Question& question : exercises::questions_from_json(set->questions)) {
    json::object entry{{"id", question.id}, {"type", exercises::type_name(question.type)}};
    entry["key"] = with_key ? answer_key(question) : json::value(nullptr);
    out.push_back(std::move(entry));
  }
  return out;
}

Response offline_copy(storage::Database& database, Assignments& assignments,
                      accounts::Accounts& accounts, const Request& request) {
  const accounts::AccessCheck access = accounts.authenticator().check(request, "account.self");
  if (!access.allowed()) {
    return no_store(http::default_error_response(request, access.status, access.message));
  }
  const accounts::User& user = access.signed_in->user;
  if (user.kind != accounts::UserKind::pupil) {
    return no_store(http::default_error_response(
        request, 403, "Only pupils keep their assignments on their phone."));
  }
  json::array items;
  std::vector<std::string> seen;
  for (const auto& mine : assignments.of_pupil(user.id)) {
    const Assignment& assignment = mine.view.assignment;
    if (std::find(seen.begin(), seen.end(), assignment.resource_id) != seen.end()) {
      continue;  // the same resource given twice is kept once
    }
    seen.push_back(assignment.resource_id);
    const std::string base = "/r/" + assignment.resource_id;
    const bool is_set = mine.view.kind == "exercise_set";
    const bool practice = assignment.rules.mode == "practice";
    json::array pages{json::value(base)};
    json::object item{{"resource", assignment.resource_id},
                      {"title", mine.view.title},
                      {"kind", mine.view.kind},
                      {"mode", assignment.rules.mode}};
    if (is_set) {
      // The whole set on one page: practised offline question by question in the page.
      const std::string player = base + "/exercise?mode=quiz";
      pages.emplace_back(player);
      item["player"] = player;
      item["questions"] = set_questions(database, assignment.resource_id, practice);
    }
    item["pages"] = std::move(pages);
    items.push_back(std::move(item));
  }
  json::array shell;
  for (const auto page : kShellPages) {
    shell.emplace_back(page);
  }
  // The words the page shows beside an answer checked without a connection.
  const auto& messages = web::Messages::instance().catalogue(web::choose_language(request));
  json::object words;
  for (const std::string_view key : {"offline_right", "offline_wrong", "offline_saved"}) {
    words[key.substr(8)] = messages.get(std::string(key));
  }
  return no_store(Response::json(json::serialize(json::object{{"pupil", user.id},
                                                              {"pages", std::move(shell)},
                                                              {"words", std::move(words)},
                                                              {"items", std::move(items)}})));
}

}  // namespace

void register_offline_routes(http::Router& router, storage::Database& database,
                             Assignments& assignments, accounts::Accounts& accounts) {
  router.get(
      "/api/v1/me/offline",
      [&database, &assignments, &accounts](Request& request) {
        return offline_copy(database, assignments, accounts, request);
      },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 1024});
}

}  // namespace imaginecole::learning
