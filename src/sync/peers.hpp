// SPDX-License-Identifier: AGPL-3.0-or-later
// What this server knows of the servers it syncs with (table sync_peers): a hub knows each
// school server paired with it, a school server knows its hub. Each side keeps the other's
// public keys, the epoch of its data, when it was paired and revoked, and the sequence numbers
// of sealed bundles each way (decision 0037).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "sync/node_keys.hpp"
#include "sync/peer_role.hpp"

namespace imaginecole::sync {

struct Peer {
  std::string node_id;
  std::string epoch;
  PeerRole role = PeerRole::school;
  std::string school_code;
  std::string hub_url;  // a box's hub
  PublicKeys keys;
  std::string paired_at;
  std::string revoked_at;  // empty: trusted
  std::string revoked_reason;
  std::int64_t sent_sequence = 0;
  std::int64_t accepted_sequence = 0;
  std::string read_cursor;
  std::string acked_cursor;

  bool revoked() const { return !revoked_at.empty(); }
};

namespace peers {

std::optional<Peer> find(storage::Connection& connection, std::string_view node_id);
// The peer serving a school (the last paired, revoked or not).
std::optional<Peer> find_by_school(storage::Connection& connection, std::string_view school_code);
std::optional<Peer> hub(storage::Connection& connection);
std::vector<Peer> all(storage::Connection& connection);

// Records a pairing: the peer's keys and epoch, its role and school; clears a revocation and
// starts both sequences again (its keys are new).
void save_paired(storage::Connection& connection, const Peer& peer);
// Marks the peer revoked (a hub revoking a school; a box told by its hub).
void mark_revoked(storage::Connection& connection, std::string_view node_id,
                  std::string_view reason);
// The next sequence to seal for the peer (stored at once: a lost bundle leaves a gap, which the
// replay rule allows).
std::int64_t take_send_sequence(storage::Connection& connection, std::string_view node_id);
// After a bundle from the peer was applied: nothing at or below `sequence` is accepted again.
void record_accepted(storage::Connection& connection, std::string_view node_id,
                     std::int64_t sequence, std::string_view epoch);

// Network sync (decision 0041). A hub: the health a school server sent with its last sync.
void save_health(storage::Connection& connection, std::string_view node_id,
                 std::string_view health_json);
// A box: how its last run with the hub ended (empty error: it synced).
void record_sync_outcome(storage::Connection& connection, std::string_view node_id,
                         std::string_view error);

struct SchoolServerHealth {
  std::string school_code;
  std::string node_id;
  std::string revoked_at;
  std::string last_sync_at;
  std::string health_at;
  std::string health;  // JSON object text ("" before its first sync)
};
std::vector<SchoolServerHealth> school_servers_health(storage::Connection& connection);

}  // namespace peers
}  // namespace imaginecole::sync
