// SPDX-License-Identifier: AGPL-3.0-or-later
// What the synced-record layer offers capabilities beyond its triggers (change_triggers.hpp):
// sticky erasure and this server's identity.
#pragma once

#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::storage {

// Records that `entity_id` of `entity` was erased: from now on a copy of it (an old backup, a
// school box that was offline) can never be inserted again. Call in the erasing transaction,
// before deleting the row (its tombstone follows from the delete).
void mark_erased(Connection& connection, std::string_view entity, std::string_view entity_id);

// Gives every change-log line about `old_id` the id `new_id` instead: an erased pupil's
// account is replaced by an anonymous one under a new id, and the log must not keep the old
// one's history. The tombstone the delete writes afterwards keeps the old id, so that peers
// drop their copy.
void rename_in_change_log(Connection& connection, std::string_view old_id, std::string_view new_id);

// The id of the server that owns this database (see node_identity.hpp), created on first use.
std::string node_id(Database& database);

}  // namespace imaginecole::storage
