// SPDX-License-Identifier: AGPL-3.0-or-later
// The answer fields of one question in the player, and the response read back from them.
// Fields are named after the question's place in the set ("q3", "q3_b0" for a blank, "q3_m1"
// for a pair, "q3_o2" for the position of the item listed third) and show what the pupil gave
// when the page comes back after checking. Choices, pairs, items and blank options are
// Markdown with maths like prompts; a <select> cannot hold markup, so options that have some
// become radio buttons. Ordering items are listed as exercises/pupil_view.hpp lists them, so
// that the response has the API's shape (learning/response.hpp) and is graded the same way.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::learning {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Words of the fields, in the set's language when the interface speaks it.
struct FieldWords {
  std::string answer;    // "Ta réponse"
  std::string truth;     // "Vrai"
  std::string falsity;   // "Faux"
  std::string blank;     // "Trou"
  std::string position;  // "Position"
  std::string choose;    // "Choisir…"
  std::string unit;      // "Unité attendue :"
  std::string essay;     // "Réponse libre : ton enseignant la corrigera."
  std::string words;     // "mots environ"
};

struct RenderedQuestion {
  std::string prompt_html;  // with the blanks' fields in place
  std::string inputs_html;
};

// `given`: the fields of the submitted form (empty on a fresh page); `disabled` for a quiz's
// end screen, where answers are shown and no longer changed.
RenderedQuestion render_question(const exercises::Question& question, std::size_t index,
                                 const FieldWords& words, const FormFields& given, bool disabled);

// The response in the API's shape, or nullopt when nothing was answered (an ordering question
// counts as answered once every item has its own position).
std::optional<boost::json::value> response_from_form(const exercises::Question& question,
                                                     std::size_t index, const FormFields& form);

std::string field_value(const FormFields& form, std::string_view name);
std::string escape_html(std::string_view text);
// Markdown of a short text (a choice, an item) as inline HTML: no wrapping paragraph.
std::string inline_html(std::string_view markdown);

}  // namespace imaginecole::learning
