// SPDX-License-Identifier: AGPL-3.0-or-later
// The pupil's exercise player at /r/{id}/exercise (public: anyone may practise):
//  - practice (the default): one question at a time, the verdict right after each answer,
//    until every question was answered right once or kMasteryStreak right in a row;
//  - quiz (?mode=quiz): the whole set as one form, a score and a review at the end.
// Plain HTML forms; static/player.js only spares a reload. A signed-in pupil's answers are
// recorded through Attempts::submit with a client UUID the page carries, so a form sent twice
// counts once; anyone else's are graded the same way and recorded nowhere.
#pragma once

#include "accounts/accounts.hpp"
#include "http/router.hpp"
#include "learning/assignments.hpp"
#include "learning/attempts.hpp"
#include "learning/player_rules.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

// A pupil's assigned set plays by its assignment's rules (Assignments::rules_for).
void register_player_routes(http::Router& router, storage::Database& database, Attempts& attempts,
                            Assignments& assignments, accounts::Accounts& accounts);

}  // namespace imaginecole::learning
