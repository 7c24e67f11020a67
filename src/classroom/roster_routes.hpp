// SPDX-License-Identifier: AGPL-3.0-or-later
// The class-list import pages and API:
//  - GET/POST /classes/{id}/import: upload or paste a CSV, see the dry run row by row, confirm;
//  - POST /api/v1/classes/{id}/roster[?dry_run=1][&remove_absent=1]: the same with a text/csv
//    body, answering the plan as JSON.
// Who: pupils.manage at the class's scope (its teachers, the school's head, admins above).
// Anyone else gets the same 404 whether the class exists or not.
#pragma once

#include <string>

#include "accounts/accounts.hpp"
#include "http/router.hpp"

namespace imaginecole::classroom {

void register_roster_routes(http::Router& router, accounts::Accounts& accounts,
                            const std::string& node_id);

}  // namespace imaginecole::classroom
