// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/workflow.hpp"

#include <boost/json.hpp>

#include <array>

#include "catalog/resource.hpp"
#include "catalog/route_helpers.hpp"
#include "core/errors.hpp"

namespace imaginecole::authoring {
namespace {

namespace json = boost::json;

constexpr std::array<std::pair<State, std::string_view>, 4> kStates = {{
    {State::draft, "draft"},
    {State::in_review, "in_review"},
    {State::published, "published"},
    {State::unpublished, "unpublished"},
}};

json::array strings_json(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) {
    out.emplace_back(item);
  }
  return out;
}

std::string string_of(const json::object& object, std::string_view key, std::string fallback) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string())
                                                : std::move(fallback);
}

std::vector<std::string> strings_of(const json::object& object, std::string_view key) {
  std::vector<std::string> out;
  const auto* value = object.if_contains(key);
  if (value != nullptr && value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      }
    }
  }
  return out;
}

bool valid_language(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 12) {
    return false;
  }
  for (const char c : tag) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
      return false;
    }
  }
  return true;
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view state_name(State state) {
  for (const auto& [value, name] : kStates) {
    if (value == state) {
      return name;
    }
  }
  IMAGINECOLE_ASSERT(false);
  return "";
}

std::optional<State> parse_state(std::string_view text) {
  for (const auto& [value, name] : kStates) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

std::string content_to_json(const Content& content) {
  json::object out{{"kind", content.kind},
                   {"title", content.title},
                   {"summary", content.summary},
                   {"body", content.body},
                   {"language", content.language},
                   {"audience", content.audience},
                   {"licence", content.licence},
                   {"authors", strings_json(content.authors)},
                   {"subject_slugs", strings_json(content.subject_slugs)},
                   {"exam_codes", strings_json(content.exam_codes)},
                   {"node_id", content.node_id}};
  if (content.duration_minutes) {
    out["duration_minutes"] = *content.duration_minutes;
  }
  if (content.questions) {
    json::error_code ec;
    json::value questions = json::parse(*content.questions, ec);
    out["questions"] = ec ? json::value(json::array{}) : std::move(questions);
  }
  return json::serialize(out);
}

Content content_from_json(std::string_view text) {
  json::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) {
    throw InvalidInput("a version's snapshot must be a JSON object");
  }
  const json::object& object = value.as_object();
  Content content;
  content.kind = string_of(object, "kind", content.kind);
  content.title = string_of(object, "title", "");
  content.summary = string_of(object, "summary", "");
  content.body = string_of(object, "body", "");
  content.language = string_of(object, "language", content.language);
  content.audience = string_of(object, "audience", content.audience);
  content.licence = string_of(object, "licence", content.licence);
  content.authors = strings_of(object, "authors");
  content.subject_slugs = strings_of(object, "subject_slugs");
  content.exam_codes = strings_of(object, "exam_codes");
  content.node_id = string_of(object, "node_id", "");
  if (const auto* minutes = object.if_contains("duration_minutes");
      minutes != nullptr && minutes->is_int64()) {
    content.duration_minutes = static_cast<int>(minutes->as_int64());
  }
  if (const auto* questions = object.if_contains("questions");
      questions != nullptr && questions->is_array()) {
    content.questions = json::serialize(*questions);
  }
  return content;
}

std::vector<FieldProblem> validate(const Content& content) {
  std::vector<FieldProblem> out;
  if (blank(content.title)) {
    out.push_back({"title", "authoring_error_title_missing"});
  } else if (content.title.size() > kMaxTitleBytes) {
    out.push_back({"title", "authoring_error_title_long"});
  }
  if (content.summary.size() > kMaxSummaryBytes) {
    out.push_back({"summary", "authoring_error_summary_long"});
  }
  if (content.body.size() > kMaxBodyBytes) {
    out.push_back({"body", "authoring_error_body_long"});
  }
  if (!catalog::is_resource_kind(content.kind)) {
    out.push_back({"kind", "authoring_error_kind"});
  }
  if (!catalog::is_licence(content.licence)) {
    out.push_back({"licence", "authoring_error_licence"});
  }
  if (!catalog::is_audience(content.audience)) {
    out.push_back({"audience", "authoring_error_audience"});
  }
  if (!valid_language(content.language)) {
    out.push_back({"language", "authoring_error_language"});
  }
  if (content.duration_minutes &&
      (*content.duration_minutes < 0 || *content.duration_minutes > 1000)) {
    out.push_back({"duration_minutes", "authoring_error_duration"});
  }
  return out;
}

AdaptRule adapt_rule(std::string_view licence) {
  if (!catalog::licence_allows_adaptation(licence)) {
    return AdaptRule::refused;
  }
  if (licence.find("-SA") != std::string_view::npos ||
      licence.find("-NC") != std::string_view::npos) {
    return AdaptRule::same_licence;
  }
  return AdaptRule::free;
}

}  // namespace imaginecole::authoring
