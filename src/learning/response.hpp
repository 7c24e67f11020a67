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
//  - essay           {"text": "…"}             what the pupil wrote, at most kMaxEssayText
//                                              characters; recorded unmarked (a teacher marks it)
// Choices and items are indexed as GET /api/v1/resources/{id} lists them (ordering items come
// shuffled: exercises/pupil_view.hpp).
#pragma once

#include <boost/json/value.hpp>

#include "core/errors.hpp"
#include "exercises/question.hpp"

namespace imaginecole::learning {

// The answer to grade. Throws InvalidInput with a message for people when the response does
// not have the question type's shape (a missing field, an index out of range, a text longer
// than kMaxResponseText).
exercises::Answer answer_from_response(const exercises::Question& question,
                                       const boost::json::value& response);

inline constexpr std::size_t kMaxResponseText = 4000;
// An open answer is longer than a typed word; counted in characters (code points).
inline constexpr std::size_t kMaxEssayText = 10000;

// The response has the right shape but is more than the question takes (an open answer over
// kMaxEssayText): the API answers 422, as for any well-formed request it cannot accept.
struct ResponseTooLong : InvalidInput {
  using InvalidInput::InvalidInput;
};

}  // namespace imaginecole::learning
