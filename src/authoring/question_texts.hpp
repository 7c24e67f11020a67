// SPDX-License-Identifier: AGPL-3.0-or-later
// The publish check of an exercise set's questions: every text a pupil or a teacher reads in
// them (prompts, choices, hints, worked solutions, feedback, items, pairs, an essay's template
// and marking guide) goes through the same Markdown check as a lesson's body, so an image
// without a description or a formula that does not read keeps the set from pupils too.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/markdown.hpp"

namespace imaginecole::authoring {

// The problems of the questions held as JSON (Content::questions, exercises' stable form),
// each detail followed by " (question N)" (1-based). Unreadable JSON is one `unreadable`
// problem. At most 100 problems, as for one text.
std::vector<catalog::MarkdownProblem> question_problems(std::string_view questions_json);

}  // namespace imaginecole::authoring
