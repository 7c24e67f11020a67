// SPDX-License-Identifier: AGPL-3.0-or-later
// An exercise set as a page of a ZIM file that checks answers in the page itself: the
// questions as a form, and the answer key embedded as JSON that a small script
// (assets/exercise.js) compares the pupil's answer with. Practice only: nothing is recorded,
// and a reader who opens the page's source sees the answers, like the key at the back of a
// textbook (decision 0034).
#pragma once

#include <string>
#include <vector>

#include "exercises/question.hpp"
#include "web/templates.hpp"

namespace imaginecole::zim {

// The data of zim/templates/exercise: "questions" (prompt, choices or a typed field, the
// answer in words) and "answer_key" (JSON, safe inside a <script> element).
web::TemplateData exercise_page_data(const std::string& title,
                                     const std::vector<exercises::Question>& questions);

// The answer key of one question as the script reads it: {"kind": "choice", "right": [1]},
// {"kind": "number", "values": [[12, 0.5]]}, {"kind": "text", "accepted": [...], "rules": …},
// or {"kind": "reveal"} for what the page cannot check (the pupil compares with the answer).
std::string answer_key_json(const exercises::Question& question);

}  // namespace imaginecole::zim
