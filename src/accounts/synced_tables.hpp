// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's tables in the synced-record layer: which travel between servers, with
// which scope and conflict rule, and which stay on one server.
#pragma once

#include "storage/record_registry.hpp"

namespace imaginecole::accounts {

void register_synced_tables(storage::RecordRegistry& registry);

}  // namespace imaginecole::accounts
