// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/answer_key.hpp"

#include <algorithm>
#include <cstdio>

namespace imaginecole::learning {
namespace {

using exercises::QuestionType;

constexpr std::string_view kLine = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_";

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : std::string(separator)) + part;
  }
  return out;
}

std::string best_texts(const std::vector<exercises::TextAnswer>& answers) {
  std::vector<std::string> right;
  for (const auto& answer : answers) {
    if (answer.fraction >= 1 && answer.text != "*") {
      right.push_back(answer.text);
    }
  }
  return joined(right, " / ");
}

}  // namespace

PaperQuestion paper_question(const exercises::Question& question) {
  PaperQuestion paper;
  paper.prompt = question.prompt;
  paper.solution = question.solution;
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      std::vector<std::string> right;
      for (const auto& choice : question.choices) {
        paper.choices.push_back(choice.text);
        if (choice.fraction > 0) {
          right.push_back(choice.text);
        }
      }
      paper.ticks = true;
      paper.answer = joined(right, " ; ");
      break;
    }
    case QuestionType::true_false:
      paper.choices = {"Vrai", "Faux"};
      paper.ticks = true;
      paper.answer = question.truth ? "Vrai" : "Faux";
      break;
    case QuestionType::numeric: {
      paper.answer_lines = 1;
      if (!question.numbers.empty()) {
        const auto& best =
            *std::max_element(question.numbers.begin(), question.numbers.end(),
                              [](const auto& a, const auto& b) { return a.fraction < b.fraction; });
        paper.answer = number_text(best.value);
        if (!question.units.empty()) {
          paper.answer += " " + question.units.front().name;
        }
      }
      break;
    }
    case QuestionType::short_text:
      paper.answer_lines = 1;
      paper.answer = best_texts(question.texts);
      break;
    case QuestionType::fill_blanks: {
      std::vector<std::string> answers;
      for (std::size_t i = 0; i < question.blanks.size(); ++i) {
        const std::string marker = exercises::blank_marker(i + 1);
        if (const auto at = paper.prompt.find(marker); at != std::string::npos) {
          paper.prompt.replace(at, marker.size(), std::string(kLine));
        }
        answers.push_back(std::to_string(i + 1) + ". " + best_texts(question.blanks[i].answers));
      }
      paper.answer = joined(answers, " ; ");
      break;
    }
    case QuestionType::matching: {
      std::vector<std::string> rights;
      std::vector<std::string> pairs;
      for (const auto& pair : question.pairs) {
        rights.push_back(pair.right);
        pairs.push_back(pair.left + " → " + pair.right);
      }
      rights.insert(rights.end(), question.distractors.begin(), question.distractors.end());
      std::sort(rights.begin(), rights.end());
      for (const auto& pair : question.pairs) {
        paper.choices.push_back(pair.left + " → " + std::string(kLine));
      }
      paper.choices.push_back("(" + joined(rights, " · ") + ")");
      paper.answer = joined(pairs, " ; ");
      break;
    }
    case QuestionType::ordering: {
      paper.choices = question.items;
      std::sort(paper.choices.begin(), paper.choices.end());  // never the right order
      if (paper.choices == question.items && paper.choices.size() > 1) {
        std::reverse(paper.choices.begin(), paper.choices.end());
      }
      paper.answer_lines = 1;
      paper.answer = joined(question.items, " ; ");
      break;
    }
    case QuestionType::description:
      break;
    default:
      // Open answers and types added later: room to write, the author's solution as the key.
      paper.answer_lines = 5;
      break;
  }
  return paper;
}

}  // namespace imaginecole::learning
