// SPDX-License-Identifier: AGPL-3.0-or-later
// Who this server is: a node id that never changes, and an epoch that changes whenever its
// data may have gone back in time or been duplicated.
//
// A restored backup or a cloned SD card holds positions (change-log cursors) that peers have
// already acknowledged; writing new changes under those positions would make peers skip them.
// Every cursor names the epoch it was given in, and a new epoch makes peers read this server
// again from the start (sync is idempotent, so that costs time, never data).
//
// The epoch changes when the storage's fingerprint changes: for SQLite, the database file's
// identity (device and inode: a restored or copied file is a new file) and the machine's
// (machine-id, board serial number, network cards' addresses: a cloned card boots on other
// hardware); for PostgreSQL, the cluster and database identity (a dump restored elsewhere).
// `imaginecole node new-epoch` starts one by hand, e.g. after restoring a file in place.
#pragma once

#include <string>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct NodeIdentity {
  std::string node_id;
  std::string epoch;
  bool epoch_is_new = false;  // started by this call (first start, restore, copy)
};

// Creates the identity on first use; starts a new epoch when the fingerprint changed. Several
// app servers starting at once on one PostgreSQL agree on one epoch.
NodeIdentity load_node_identity(Database& database);

// Starts a new epoch whatever the fingerprint says; returns it.
std::string start_new_epoch(Database& database);

// What identifies this copy of the data (see above). Exposed for tests.
std::string storage_fingerprint(Connection& connection);

}  // namespace imaginecole::storage
