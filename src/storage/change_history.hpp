// SPDX-License-Identifier: AGPL-3.0-or-later
// Reads of the change log (owned by storage) for the writers that still number their own
// versions from it. Goes away with the synced-record layer, which sets versions itself.
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::storage {

// How many change-log lines `entity`/`entity_id` already has, on the caller's connection.
std::int64_t changes_recorded(Connection& connection, std::string_view entity,
                              std::string_view entity_id);

}  // namespace imaginecole::storage
