// SPDX-License-Identifier: AGPL-3.0-or-later
// The sync capability's tables: all local (what this server knows of its peers is its own).
#pragma once

#include "storage/record_registry.hpp"

namespace imaginecole::sync {

void register_synced_tables(storage::RecordRegistry& registry);

}  // namespace imaginecole::sync
