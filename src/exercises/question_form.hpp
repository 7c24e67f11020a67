// SPDX-License-Identifier: AGPL-3.0-or-later
// A question as the fields of a plain HTML form, and back. The form is a flat map of field
// names to texts (what a browser posts): common fields (type, name, category, prompt, hints one
// per line, solution, general_feedback) and numbered rows per type (choice0_text,
// choice0_credit, number0_value, pair0_left, item0...). Credits are typed as percentages.
// parse_question_form never throws: every problem is reported against the field it concerns
// (a message key of the exercises_forms_ catalogue, plus a detail for people when useful), so
// the page can show the form again with what was posted.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::exercises {

using FormValues = std::map<std::string, std::string, std::less<>>;

// Rows a list of the form may have (choices, numbers, units, texts, blanks, pairs, items).
inline constexpr std::size_t kMaxFormRows = 40;
// Empty rows shown after the filled ones, to add choices/pairs/items without JavaScript.
inline constexpr std::size_t kEmptyFormRows = 3;
// Longest texts accepted, in bytes.
inline constexpr std::size_t kMaxFormLongText = 20000;  // prompt, solution
inline constexpr std::size_t kMaxFormShortText = 2000;  // a choice, a feedback, a hint...

struct FormProblem {
  std::string field;        // the input's name ("choice2_credit") or a group ("choices")
  std::string message_key;  // exercises_forms_error_...
  std::string detail;       // optional, shown after the message (e.g. the validator's text)
  bool operator==(const FormProblem&) const = default;
};

struct ParsedQuestionForm {
  Question question;
  std::vector<FormProblem> problems;
  bool ok() const { return problems.empty(); }
};

// The fields that show `question` (its id and media are not form fields).
FormValues form_values(const Question& question);

// Reads the posted fields into a question (empty rows ignored), checks every field and then
// the whole question with validate(). Pure; never throws.
ParsedQuestionForm parse_question_form(const FormValues& form);

// The name of row `index` of list `prefix`: row_field("choice", 2, "text") == "choice2_text";
// with an empty part, "item2".
std::string row_field(std::string_view prefix, std::size_t index, std::string_view part = {});

// How many rows of `prefix` the form holds (one past the last row with any non-empty part).
std::size_t used_rows(const FormValues& form, std::string_view prefix,
                      const std::vector<std::string_view>& parts);

// The field parts of each row list, for rendering and parsing.
const std::vector<std::string_view>& row_parts(std::string_view prefix);

}  // namespace imaginecole::exercises
