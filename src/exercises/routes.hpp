// SPDX-License-Identifier: AGPL-3.0-or-later
// The question bank over HTTP: the editors' JSON API and pages (import with its report, a
// question's form) and the pupils' player of a published exercise set.
#pragma once

#include "http/router.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::exercises {

class QuestionStore;

void register_exercise_routes(http::Router& router, QuestionStore& store,
                              accounts::Accounts& accounts);

}  // namespace imaginecole::exercises
