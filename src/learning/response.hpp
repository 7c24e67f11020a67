// SPDX-License-Identifier: AGPL-3.0-or-later
// The `response` a pupil's device sends with an attempt, one JSON shape per question type
// (documented in docs/api/openapi.yaml, #/components/schemas/Response):
//  - single_choice   {"choice": 0}             an index into the question's choices
//  - multiple_choice {"choices": [0, 2]}       indexes, each at most once
//  - true_false      {"truth": true}
//  - numeric         {"text": "9 ha"}          as typed: decimal comma and units are read
//  - short_text      {"text": "Niamey"}
//  - fill_blanks     {"blanks": ["Niger", …]}  one text per blank, in order
//  - matching        {"matches": ["…", …]}     the right-hand text chosen for each pair
//  - ordering        {"order": [2, 0, 1]}      indexes of the listed items, in the pupil's order
// Choices and items are indexed as GET /api/v1/resources/{id} lists them (ordering items come
// shuffled: exercises/pupil_view.hpp).
#pragma once

#include <boost/json/value.hpp>

#include "exercises/question.hpp"

namespace imaginecole::learning {

// The answer to grade. Throws InvalidInput with a message for people when the response does
// not have the question type's shape (a missing field, an index out of range, a text longer
// than kMaxResponseText).
exercises::Answer answer_from_response(const exercises::Question& question,
                                       const boost::json::value& response);

inline constexpr std::size_t kMaxResponseText = 4000;

}  // namespace imaginecole::learning
