// SPDX-License-Identifier: AGPL-3.0-or-later
// The editors' pages of the question bank (no JavaScript needed): the question form per type
// (/edit/questions/new, /edit/questions/{id}), the country's bank (/edit/questions) and the
// composition of an exercise set (/edit/resources/{id}/questions). Registered by
// register_exercise_routes.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::exercises {

class QuestionStore;

// /edit/questions, /edit/questions/new, /edit/questions/{id} (question_pages.cpp,
// bank_pages.cpp). Register before any other /edit/questions/{id} route.
void register_question_pages(http::Router& router, QuestionStore& store,
                             accounts::Accounts& accounts);
// /edit/resources/{id}/questions (set_pages.cpp).
void register_set_pages(http::Router& router, QuestionStore& store, accounts::Accounts& accounts);

// GET /edit/questions?country=CC&q=&page=N (bank_pages.cpp).
http::Response bank_page(QuestionStore& store, accounts::Accounts& accounts,
                         http::Request& request);

}  // namespace imaginecole::exercises
