// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/exam_answers.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "catalog/markdown.hpp"
#include "web/format.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using exercises::QuestionType;

std::string field_name(std::size_t index) {
  return "a" + std::to_string(index);
}

std::vector<std::string> values_of(const FormFields& form, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [key, value] : form) {
    if (key == name && !value.empty()) {
      out.push_back(value);
    }
  }
  return out;
}

std::optional<std::int64_t> index_of(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

web::TemplateData paper_question_data(const exercises::Question& question, std::size_t index,
                                      std::string_view true_label, std::string_view false_label) {
  web::TemplateData data;
  data.set("number", std::to_string(index + 1));
  data.set("field", field_name(index));
  data.set("prompt_html", catalog::markdown_to_html(question.prompt));
  web::TemplateList options;
  const bool choices = question.type == QuestionType::single_choice ||
                       question.type == QuestionType::multiple_choice;
  if (choices) {
    for (std::size_t i = 0; i < question.choices.size(); ++i) {
      web::TemplateData option;
      option.set("value", std::to_string(i));
      option.set("id", field_name(index) + "-" + std::to_string(i));
      option.set("label_html", catalog::markdown_to_html(question.choices[i].text));
      options.push_back(std::move(option));
    }
  } else if (question.type == QuestionType::true_false) {
    for (const auto& [value, label] :
         {std::pair{"true", true_label}, std::pair{"false", false_label}}) {
      web::TemplateData option;
      option.set("value", value);
      option.set("id", field_name(index) + "-" + value);
      option.set("label_html", std::string(label));
      options.push_back(std::move(option));
    }
  }
  data.set("options", web::TemplateData(options));
  data.set("input_type", question.type == QuestionType::multiple_choice ? "checkbox" : "radio");
  data.set("has_options", choices || question.type == QuestionType::true_false);
  data.set("typed",
           question.type == QuestionType::numeric || question.type == QuestionType::short_text);
  return data;
}

std::optional<json::value> paper_response_from_form(const exercises::Question& question,
                                                    std::size_t index, const FormFields& form) {
  const auto given = values_of(form, field_name(index));
  if (given.empty()) {
    return std::nullopt;
  }
  switch (question.type) {
    case QuestionType::single_choice:
      if (const auto choice = index_of(given.front())) {
        return json::value(json::object{{"choice", *choice}});
      }
      return std::nullopt;
    case QuestionType::multiple_choice: {
      json::array chosen;
      for (const auto& text : given) {
        if (const auto choice = index_of(text)) {
          chosen.push_back(*choice);
        }
      }
      return json::value(json::object{{"choices", std::move(chosen)}});
    }
    case QuestionType::true_false:
      return json::value(json::object{{"truth", given.front() == "true"}});
    default:
      return json::value(json::object{{"text", given.front()}});
  }
}

std::string right_answer_markdown(const exercises::Question& question, std::string_view true_label,
                                  std::string_view false_label) {
  std::string out;
  const auto add = [&out](const std::string& text) { out += (out.empty() ? "" : " ; ") + text; };
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice:
      for (const auto& choice : question.choices) {
        if (choice.fraction > 0) {
          add(choice.text);
        }
      }
      break;
    case QuestionType::true_false:
      out = question.truth ? true_label : false_label;
      break;
    case QuestionType::numeric:
      for (const auto& number : question.numbers) {
        if (number.fraction >= 1) {
          add(web::format_number(number.value, "fr", 6) +
              (question.units.empty() ? "" : " " + question.units.front().name));
          break;
        }
      }
      break;
    case QuestionType::short_text:
      for (const auto& text : question.texts) {
        if (text.fraction >= 1) {
          add(text.text);
          break;
        }
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace imaginecole::learning
