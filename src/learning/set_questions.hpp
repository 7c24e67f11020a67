// SPDX-License-Identifier: AGPL-3.0-or-later
// The graded questions of a published exercise set, as reports and worksheets read them (a
// description is not a question: nothing to answer). Empty for a lesson or an unknown id.
#pragma once

#include <string_view>
#include <vector>

#include "exercises/question.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

std::vector<exercises::Question> graded_questions(storage::Connection& connection,
                                                  std::string_view resource_id);
// Every question, descriptions included, in the set's order (worksheets print them all).
std::vector<exercises::Question> published_questions(storage::Connection& connection,
                                                     std::string_view resource_id);

}  // namespace imaginecole::learning
