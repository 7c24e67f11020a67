// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/pupil_history.hpp"

#include <boost/json.hpp>

#include <map>

#include "catalog/resource_queries.hpp"
#include "learning/attempt_rows.hpp"
#include "learning/set_questions.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;

std::string readable(const json::value& value) {
  if (value.is_string()) {
    return std::string(value.as_string());
  }
  if (value.is_bool()) {
    return value.as_bool() ? "true" : "false";
  }
  if (value.is_int64()) {
    return std::to_string(value.as_int64() + 1);  // choices are numbered from 1 for people
  }
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value.as_array()) {
      out += (out.empty() ? "" : " · ") + readable(item);
    }
    return out;
  }
  return json::serialize(value);
}

}  // namespace

std::string readable_response(const std::string& response_json) {
  boost::system::error_code error;
  const json::value parsed = json::parse(response_json, error);
  if (error) {
    return response_json;
  }
  if (parsed.is_object() && parsed.as_object().size() == 1) {
    return readable(parsed.as_object().begin()->value());
  }
  return readable(parsed);
}

std::vector<HistoryEntry> pupil_history(storage::Database& database, std::string_view pupil_id) {
  auto connection = database.read();
  std::vector<HistoryEntry> out;
  std::vector<std::string> ids;
  std::map<std::string, std::pair<std::string, std::vector<exercises::Question>>> sets;
  for (auto& attempt : attempts_of_pupil(*connection, pupil_id, kHistoryPage)) {
    auto set = sets.find(attempt.resource_id);
    if (set == sets.end()) {
      set = sets.emplace(attempt.resource_id,
                         std::pair{
                             catalog::resource_title(*connection, attempt.resource_id).value_or(""),
                             published_questions(*connection, attempt.resource_id)})
                .first;
    }
    HistoryEntry entry{.attempt = std::move(attempt),
                       .resource_title = set->second.first,
                       .prompt = {},
                       .mark = {}};
    for (const auto& question : set->second.second) {
      if (question.id == entry.attempt.question_id) {
        entry.prompt = question.prompt;
      }
    }
    ids.push_back(entry.attempt.id);
    out.push_back(std::move(entry));
  }
  const auto marks = latest_marks(*connection, ids);
  for (auto& entry : out) {
    if (const auto found = marks.find(entry.attempt.id); found != marks.end()) {
      entry.mark = found->second;
    }
  }
  return out;
}

}  // namespace imaginecole::learning
