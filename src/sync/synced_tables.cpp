// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/synced_tables.hpp"

namespace imaginecole::sync {

void register_synced_tables(storage::RecordRegistry& registry) {
  const auto local = [&](std::string name, std::string why) {
    registry.add_local({.name = std::move(name), .owner = "sync", .why = std::move(why)});
  };
  local("sync_peers",
        "each peer's keys, pairing and revocation, bundle sequences, and how far each side read "
        "the other's feed");
  local("sync_pairing_codes", "a hub's one-time pairing codes, hashed; never leave the hub");
}

}  // namespace imaginecole::sync
