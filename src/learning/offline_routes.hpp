// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /api/v1/me/offline: what a pupil's phone keeps for reading and practice without a
// connection (decision 0036): the pupil's open assignments, the pages to keep for each, and for
// an exercise set its questions' ids and types (to send answers kept offline through
// POST /api/v1/attempts/batch) with, when it is practised rather than taken as a quiz, the
// answer key the page checks answers with. The server still grades every answer it receives.
#pragma once

#include "accounts/accounts.hpp"
#include "http/router.hpp"
#include "learning/assignments.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

void register_offline_routes(http::Router& router, storage::Database& database,
                             Assignments& assignments, accounts::Accounts& accounts);

}  // namespace imaginecole::learning
