// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/question_texts.hpp"

#include <boost/json.hpp>

#include <array>
#include <string>

namespace imaginecole::authoring {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxProblems = 100;

// Members that are no reader's text: identifiers, the type, the bank's labels, media hashes.
// Read as JSON rather than through exercises/ so that authoring keeps working without it.
constexpr std::array<std::string_view, 5> kNotText{"id", "type", "name", "category", "media"};

bool is_text_member(std::string_view key) {
  for (const auto skipped : kNotText) {
    if (key == skipped) {
      return false;
    }
  }
  return true;
}

void check_value(const json::value& value, std::size_t question,
                 std::vector<catalog::MarkdownProblem>& out) {
  if (out.size() >= kMaxProblems) {
    return;
  }
  if (value.is_string()) {
    for (auto& problem : catalog::markdown_problems(value.as_string())) {
      if (out.size() >= kMaxProblems) {
        return;
      }
      problem.detail += " (question " + std::to_string(question) + ")";
      out.push_back(std::move(problem));
    }
  } else if (value.is_array()) {
    for (const auto& item : value.as_array()) {
      check_value(item, question, out);
    }
  } else if (value.is_object()) {
    for (const auto& member : value.as_object()) {
      if (is_text_member(member.key())) {
        check_value(member.value(), question, out);
      }
    }
  }
}

}  // namespace

std::vector<catalog::MarkdownProblem> question_problems(std::string_view questions_json) {
  std::vector<catalog::MarkdownProblem> out;
  boost::system::error_code error;
  const json::value questions = json::parse(questions_json, error);
  if (error || !questions.is_array()) {
    out.push_back(
        {.kind = catalog::MarkdownProblem::Kind::unreadable, .detail = "the questions of the set"});
    return out;
  }
  for (std::size_t i = 0; i < questions.as_array().size(); ++i) {
    check_value(questions.as_array()[i], i + 1, out);
  }
  return out;
}

}  // namespace imaginecole::authoring
