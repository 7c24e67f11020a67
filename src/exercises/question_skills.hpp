// SPDX-License-Identifier: AGPL-3.0-or-later
// The skills a question is tagged with (question_skills, a synced table): units or topics of
// its country's curriculum. Every function runs on the caller's connection; writes belong in
// the caller's write transaction.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::exercises {

std::vector<std::string> skills_of_question(storage::Connection& connection,
                                            std::string_view question_id);
// For those of `question_ids` that have tags, their skill ids.
std::map<std::string, std::vector<std::string>> skills_of_questions(
    storage::Connection& connection, const std::vector<std::string>& question_ids);
// Replaces the question's tags with `skill_ids` (already checked against its country).
void set_question_skills(storage::Connection& connection, std::string_view question_id,
                         const std::vector<std::string>& skill_ids, std::string_view tagged_by,
                         std::string_view node_id);

}  // namespace imaginecole::exercises
