// SPDX-License-Identifier: AGPL-3.0-or-later
// A mock paper's form, question by question: the fields a question shows, the response a
// submitted form gives (the JSON shape of learning/response.hpp), and the right answer told
// to a pupil who missed it.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exercises/question.hpp"
#include "web/templates.hpp"

namespace imaginecole::learning {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// The template values of question `index` of a paper (its prompt and answer fields).
web::TemplateData paper_question_data(const exercises::Question& question, std::size_t index,
                                      std::string_view true_label, std::string_view false_label);

// The response the form gives for question `index`; nullopt when left unanswered.
std::optional<boost::json::value> paper_response_from_form(const exercises::Question& question,
                                                           std::size_t index,
                                                           const FormFields& form);

// The right answer as Markdown ("Dakar", "2500", "Vrai").
std::string right_answer_markdown(const exercises::Question& question, std::string_view true_label,
                                  std::string_view false_label);

}  // namespace imaginecole::learning
