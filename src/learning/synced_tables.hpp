// SPDX-License-Identifier: AGPL-3.0-or-later
// The learning records this capability owns, for the records layer (storage/record_registry).
#pragma once

#include "storage/record_registry.hpp"

namespace imaginecole::learning {

void register_synced_tables(storage::RecordRegistry& registry);

}  // namespace imaginecole::learning
