// SPDX-License-Identifier: AGPL-3.0-or-later
// What a printed worksheet shows of a question: the parts a pupil answers on paper (choices,
// items to order, pairs to match, the prompt with its blanks as lines) and, on the answer
// key's page, the right answer in words. Markdown throughout (rendered with maths as MathML).
#pragma once

#include <string>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::learning {

struct PaperQuestion {
  std::string prompt;                // blanks replaced by a line to write on
  std::vector<std::string> choices;  // choices, items to order, or "left → …" pairs
  bool ticks = false;                // choices get a box to tick
  int answer_lines = 0;              // lines left to write the answer
  std::string answer;                // the answer key's text
  std::string solution;              // the worked solution, when the author wrote one
};

PaperQuestion paper_question(const exercises::Question& question);

}  // namespace imaginecole::learning
