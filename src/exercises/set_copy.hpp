// SPDX-License-Identifier: AGPL-3.0-or-later
// An adapted exercise set gets its own questions: the origin's published questions are copied
// into the adapting country's bank as drafts (new ids, the origin noted as their source) and
// attached to the new set in the same order, so that the adapter can change them and the set
// keeps them when it is saved.
#pragma once

#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "exercises/question_store.hpp"

namespace imaginecole::exercises {

// `questions_json`: the origin's published questions (a JSON array). Returns how many were
// copied; a failure (message) when the JSON does not read or the set refuses them.
Result<std::size_t> copy_questions_into_set(QuestionStore& store, std::string_view questions_json,
                                            std::string_view origin_set, std::string_view set_id,
                                            std::string_view country, std::string_view created_by);

}  // namespace imaginecole::exercises
