// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/pupil_view.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace imaginecole::exercises {
namespace {

namespace json = boost::json;

// FNV-1a: a stable seed on every platform and build (std::hash is neither).
std::uint64_t seed_of(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return hash;
}

json::array strings(const std::vector<std::string>& texts) {
  json::array out;
  for (const auto& text : texts) {
    out.emplace_back(text);
  }
  return out;
}

}  // namespace

std::vector<int> listed_item_order(const Question& question) {
  std::vector<int> order(question.items.size());
  std::iota(order.begin(), order.end(), 0);
  // Fisher–Yates with xorshift64 from the id: the same listing wherever it is computed.
  std::uint64_t state = seed_of(question.id) | 1U;
  for (std::size_t i = order.size(); i > 1; --i) {
    state ^= state << 13U;
    state ^= state >> 7U;
    state ^= state << 17U;
    std::swap(order[i - 1], order[state % i]);
  }
  if (order.size() > 1 && std::is_sorted(order.begin(), order.end())) {
    std::rotate(order.begin(), order.begin() + 1, order.end());
  }
  return order;
}

json::object question_for_pupils(const Question& question) {
  json::object out{{"id", question.id},
                   {"type", type_name(question.type)},
                   {"prompt", question.prompt},
                   {"hints", strings(question.hints)}};
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      json::array choices;
      for (const auto& choice : question.choices) {
        choices.emplace_back(choice.text);
      }
      out["choices"] = std::move(choices);
      break;
    }
    case QuestionType::numeric: {
      json::array units;
      for (const auto& unit : question.units) {
        units.emplace_back(unit.name);
      }
      out["units"] = std::move(units);
      break;
    }
    case QuestionType::fill_blanks: {
      json::array blanks;
      for (const auto& blank : question.blanks) {
        blanks.push_back(json::object{{"options", strings(blank.options)}});
      }
      out["blanks"] = std::move(blanks);
      break;
    }
    case QuestionType::matching: {
      std::vector<std::string> lefts;
      std::vector<std::string> rights = question.distractors;
      for (const auto& pair : question.pairs) {
        lefts.push_back(pair.left);
        rights.push_back(pair.right);
      }
      std::sort(rights.begin(), rights.end());
      rights.erase(std::unique(rights.begin(), rights.end()), rights.end());
      out["lefts"] = strings(lefts);
      out["rights"] = strings(rights);
      break;
    }
    case QuestionType::ordering: {
      json::array items;
      for (const int index : listed_item_order(question)) {
        items.emplace_back(question.items[static_cast<std::size_t>(index)]);
      }
      out["items"] = std::move(items);
      break;
    }
    case QuestionType::essay:
      // The marking guide is for teachers: never sent to pupils.
      out["response_template"] = question.response_template;
      out["expected_words"] = question.expected_words;
      break;
    case QuestionType::true_false:
    case QuestionType::short_text:
    case QuestionType::description:
      break;
  }
  return out;
}

json::array questions_for_pupils(std::string_view questions_json) {
  json::array out;
  for (const auto& question : questions_from_json(questions_json)) {
    out.push_back(question_for_pupils(question));
  }
  return out;
}

}  // namespace imaginecole::exercises
