// SPDX-License-Identifier: AGPL-3.0-or-later
// Every capability's tables, gathered: the registry the synced-record layer builds its triggers
// from, and the check that no table of the schema is left undeclared.
#pragma once

#include "storage/database.hpp"
#include "storage/node_identity.hpp"
#include "storage/record_registry.hpp"

namespace imaginecole::app {

const storage::RecordRegistry& platform_record_registry();

// After migrating: this server's identity (a new epoch after a restore or copy), then the
// change triggers of every synced table. Every command that writes calls it before writing.
storage::NodeIdentity prepare_records(storage::Database& database);

}  // namespace imaginecole::app
