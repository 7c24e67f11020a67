// SPDX-License-Identifier: AGPL-3.0-or-later
// The skills part of the question editor: a <select multiple> of the country's units and
// topics grouped by level and subject (no JavaScript needed), the skills an import's category
// suggests with a one-click "add" (POST /edit/questions/{id}/skills), and saving the tags
// posted with the question form.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exercises/question_store.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "web/templates.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::exercises {

// The form's skills block: groups of options, the selected ones marked, and the suggestions
// for `category` (only for a saved question: `question_id` not empty). False (nothing shown)
// when the country's curriculum has no unit or topic.
web::TemplateData skills_field(QuestionStore& store, const http::Request& request,
                               const std::string& country, const std::string& question_id,
                               const std::vector<std::string>& selected,
                               const std::string& category);

// The skills posted with the question form; nullopt when the form did not show the field
// (then the question's tags are left alone).
std::optional<std::vector<std::string>> posted_skills(const http::Request& request);

// Keeps the posted skills that are units or topics of `country` and tags the question with
// them.
void save_posted_skills(QuestionStore& store, const std::string& country,
                        const std::string& question_id, const std::vector<std::string>& skills,
                        const std::string& tagged_by);

void register_question_skill_pages(http::Router& router, QuestionStore& store,
                                   accounts::Accounts& accounts);

}  // namespace imaginecole::exercises
