// SPDX-License-Identifier: AGPL-3.0-or-later
// A question as a pupil's device receives it: what is needed to answer, never the answers
// (no credit per choice, no accepted texts or numbers, no feedback, no worked solution).
// Ordering items are listed in a fixed shuffle derived from the question's id, so that the API,
// an offline copy and the grading of POST /api/v1/attempts agree without storing it; matching's
// right-hand texts (with the distractors) are listed in alphabetical order.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string_view>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::exercises {

// listed[i] is the index (in the right order) of the item listed i-th. Never the right order
// itself when there are two items or more.
std::vector<int> listed_item_order(const Question& question);

boost::json::object question_for_pupils(const Question& question);
// The published questions of a set (resources.questions) as pupils receive them.
boost::json::array questions_for_pupils(std::string_view questions_json);

}  // namespace imaginecole::exercises
