// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/response.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/errors.hpp"
#include "exercises/pupil_view.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using exercises::Question;
using exercises::QuestionType;

const json::value& field(const json::object& response, std::string_view name,
                         std::string_view type) {
  const auto* value = response.if_contains(name);
  if (value == nullptr) {
    throw InvalidInput("a " + std::string(type) + " response needs \"" + std::string(name) + "\"");
  }
  return *value;
}

int index_in(const json::value& value, std::size_t size, std::string_view what) {
  if (!value.is_int64() || value.as_int64() < 0 ||
      static_cast<std::size_t>(value.as_int64()) >= size) {
    throw InvalidInput(std::string(what) + " must be an index from 0 to " +
                       std::to_string(size == 0 ? 0 : size - 1));
  }
  return static_cast<int>(value.as_int64());
}

std::string text_of(const json::value& value, std::string_view what) {
  if (!value.is_string()) {
    throw InvalidInput(std::string(what) + " must be a text");
  }
  const json::string& text = value.as_string();
  if (text.size() > kMaxResponseText) {
    throw InvalidInput(std::string(what) + " is longer than " + std::to_string(kMaxResponseText) +
                       " bytes");
  }
  return {text.begin(), text.end()};
}

// Characters as people count them (UTF-8 code points), not bytes: an Arabic answer is not
// cut at half the length of a French one.
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// `expected` entries, one per `unit` (0: any number of them).
const json::array& array_of(const json::value& value, std::size_t expected, std::string_view what,
                            std::string_view unit = {}) {
  if (!value.is_array()) {
    throw InvalidInput(std::string(what) + " must be an array");
  }
  const json::array& items = value.as_array();
  if (expected != 0 && items.size() != expected) {
    throw InvalidInput(std::string(what) + " must have " + std::to_string(expected) +
                       " entries, one per " + std::string(unit));
  }
  return items;
}

}  // namespace

exercises::Answer answer_from_response(const Question& question, const json::value& response) {
  const std::string type(exercises::type_name(question.type));
  if (!response.is_object()) {
    throw InvalidInput("\"response\" must be an object; for a " + type +
                       " question see the Response schema of the API");
  }
  const json::object& object = response.as_object();
  exercises::Answer answer;
  switch (question.type) {
    case QuestionType::single_choice:
      answer.selected = {
          index_in(field(object, "choice", type), question.choices.size(), "\"choice\"")};
      break;
    case QuestionType::multiple_choice: {
      const json::value& choices = field(object, "choices", type);
      std::set<int> seen;
      for (const auto& choice : array_of(choices, 0, "\"choices\"")) {
        const int index = index_in(choice, question.choices.size(), "each of \"choices\"");
        if (!seen.insert(index).second) {
          throw InvalidInput("\"choices\" names choice " + std::to_string(index) + " twice");
        }
        answer.selected.push_back(index);
      }
      break;
    }
    case QuestionType::true_false: {
      const json::value& truth = field(object, "truth", type);
      if (!truth.is_bool()) {
        throw InvalidInput("\"truth\" must be true or false");
      }
      answer.truth = truth.as_bool();
      break;
    }
    case QuestionType::numeric:
    case QuestionType::short_text:
      answer.text = text_of(field(object, "text", type), "\"text\"");
      break;
    case QuestionType::fill_blanks:
      for (const auto& blank :
           array_of(field(object, "blanks", type), question.blanks.size(), "\"blanks\"", "blank")) {
        answer.blanks.push_back(text_of(blank, "each of \"blanks\""));
      }
      break;
    case QuestionType::matching:
      for (const auto& match :
           array_of(field(object, "matches", type), question.pairs.size(), "\"matches\"", "pair")) {
        answer.matches.push_back(text_of(match, "each of \"matches\""));
      }
      break;
    case QuestionType::ordering: {
      // The indexes are those of the listing pupils receive (exercises/pupil_view.hpp).
      const std::vector<int> listed = exercises::listed_item_order(question);
      std::vector<bool> used(question.items.size(), false);
      for (const auto& item :
           array_of(field(object, "order", type), question.items.size(), "\"order\"", "item")) {
        const int index = index_in(item, question.items.size(), "each of \"order\"");
        if (used[static_cast<std::size_t>(index)]) {
          throw InvalidInput("\"order\" names item " + std::to_string(index) + " twice");
        }
        used[static_cast<std::size_t>(index)] = true;
        answer.order.push_back(listed[static_cast<std::size_t>(index)]);
      }
      break;
    }
    case QuestionType::description:
      throw InvalidInput("this question is a text to read: it takes no answer");
    case QuestionType::essay: {
      const json::value& text = field(object, "text", type);
      if (!text.is_string()) {
        throw InvalidInput("\"text\" must be a text");
      }
      const std::size_t length = code_points(text.as_string());
      if (length > kMaxEssayText) {
        throw ResponseTooLong("the answer has " + std::to_string(length) +
                              " characters: an open answer may have at most " +
                              std::to_string(kMaxEssayText));
      }
      answer.text.assign(text.as_string().begin(), text.as_string().end());
      break;
    }
  }
  return answer;
}

}  // namespace imaginecole::learning
