// SPDX-License-Identifier: AGPL-3.0-or-later
// What every synced record carries: which server (node) wrote it, when, its row version, and
// a line in the change log, written in the same transaction as the record itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::storage {

enum class ChangeOp { upsert, remove };

// Appends to the change log; call inside the transaction that wrote the record.
void record_change(Connection& connection, std::string_view entity, std::string_view entity_id,
                   std::int64_t row_version, ChangeOp op, std::string_view node_id);

// Gives every change-log line about `old_id` the id `new_id` instead: an erased pupil's
// account is replaced by an anonymous one under a new id, and the log must not keep the old.
void rename_in_change_log(Connection& connection, std::string_view old_id, std::string_view new_id);

// The id of the server that owns this database, created on first use. A school server and the
// national hub each have their own; several app servers sharing one PostgreSQL share one.
std::string node_id(Database& database);

// Highest change-log sequence number: a cheap "has anything changed?" for caches.
std::int64_t last_change_seq(Connection& connection);

}  // namespace imaginecole::storage
