// SPDX-License-Identifier: AGPL-3.0-or-later
// Checks a whole database against the synced-record layer's promise: every row of every synced
// table has a stamp and a change-log line carrying that stamp, and the line's scope is the one
// this file computes on its own (written apart from the registry, so that a wrong scope query
// in a capability's registration is caught). Used after demo seeding and after HTTP write tours.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::testing {

// One readable line per problem; empty when the database keeps the promise. Reads through
// `connection` (a read lease is enough).
std::vector<std::string> audit_change_log(storage::Connection& connection);

// Waits (up to 20 s) until every committed change-log line is readable through the feed: on
// PostgreSQL another test's transaction in the same cluster holds the feed back a moment.
// Fails the test when it does not happen.
void wait_until_feed_is_final(storage::Database& database);

}  // namespace imaginecole::testing
