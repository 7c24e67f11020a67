// SPDX-License-Identifier: AGPL-3.0-or-later
#include "zim/exercise_page.hpp"

#include <boost/json.hpp>

#include "catalog/markdown.hpp"
#include "learning/answer_key.hpp"

namespace imaginecole::zim {
namespace {

namespace json = boost::json;
using exercises::QuestionType;

json::object key_of(const exercises::Question& question) {
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      json::array right;
      for (std::size_t i = 0; i < question.choices.size(); ++i) {
        if (question.choices[i].fraction > 0) {
          right.push_back(static_cast<std::int64_t>(i));
        }
      }
      return {{"kind", "choice"}, {"right", std::move(right)}};
    }
    case QuestionType::true_false:
      // The page lists "Vrai" (0) then "Faux" (1).
      return {{"kind", "choice"}, {"right", json::array{question.truth ? 0 : 1}}};
    case QuestionType::numeric: {
      json::array values;
      for (const auto& number : question.numbers) {
        if (number.fraction >= 1) {
          values.push_back(json::array{number.value, number.tolerance});
        }
      }
      return {{"kind", "number"}, {"values", std::move(values)}};
    }
    case QuestionType::short_text: {
      json::array accepted;
      for (const auto& text : question.texts) {
        if (text.fraction >= 1 && text.text != exercises::kCatchAllAnswer) {
          accepted.push_back(json::value(text.text));
        }
      }
      return {{"kind", "text"},
              {"accepted", std::move(accepted)},
              {"case_sensitive", question.rules.case_sensitive},
              {"accent_sensitive", question.rules.accent_sensitive}};
    }
    default:
      return {{"kind", "reveal"}};
  }
}

// JSON inside <script>: "</" would end the element early, so it is written "<\/".
std::string script_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3) {
    text.replace(at, 2, "<\\/");
  }
  return text;
}

bool checkable(const exercises::Question& question) {
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice:
    case QuestionType::true_false:
    case QuestionType::numeric:
    case QuestionType::short_text:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string answer_key_json(const exercises::Question& question) {
  return json::serialize(key_of(question));
}

web::TemplateData exercise_page_data(const std::string& title,
                                     const std::vector<exercises::Question>& questions) {
  web::TemplateList items;
  json::array keys;
  int index = 0;
  for (const auto& question : questions) {
    if (question.type == QuestionType::description) {
      continue;
    }
    const learning::PaperQuestion paper = learning::paper_question(question);
    web::TemplateData item;
    item.set("index", std::to_string(index));
    item.set("number", std::to_string(index + 1));
    item.set("prompt_html", catalog::markdown_to_html(paper.prompt));
    const bool choices = question.type == QuestionType::single_choice ||
                         question.type == QuestionType::multiple_choice ||
                         question.type == QuestionType::true_false;
    if (choices) {
      web::TemplateList options;
      const std::vector<std::string> texts = question.type == QuestionType::true_false
                                                 ? std::vector<std::string>{"Vrai", "Faux"}
                                                 : paper.choices;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        web::TemplateData option;
        option.set("value", std::to_string(i));
        option.set("input_type",
                   question.type == QuestionType::multiple_choice ? "checkbox" : "radio");
        option.set("text_html", catalog::markdown_to_html(texts[i]));
        options.push_back(std::move(option));
      }
      item.set("has_choices", true);
      item.set("choices", web::TemplateData(options));
    } else if (checkable(question)) {
      item.set("typed", true);
    }
    item.set("checkable", checkable(question));
    if (!paper.answer.empty()) {
      item.set("answer_html", catalog::markdown_to_html(paper.answer));
    }
    if (!paper.solution.empty()) {
      item.set("solution_html", catalog::markdown_to_html(paper.solution));
    }
    items.push_back(std::move(item));
    keys.push_back(key_of(question));
    ++index;
  }
  web::TemplateData data;
  data.set("title", title);
  data.set("questions", web::TemplateData(items));
  data.set("answer_key", script_safe(json::serialize(keys)));
  return data;
}

}  // namespace imaginecole::zim
