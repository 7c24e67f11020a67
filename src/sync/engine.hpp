// SPDX-License-Identifier: AGPL-3.0-or-later
// The sync engine: which synced rows a peer may receive, packed as a payload, and applying a
// peer's payload here. It knows nothing of transport or trust: the payload it makes is sealed
// (signed, encrypted) and carried by others (network, USB bundle), and given back to
// apply_incoming once opened. See decision 0038.
//
// A payload is gzip of JSON lines: a header line (format version, sender node and epoch, the
// cursor it ends at, the school's health when a box sends it, the media hashes its rows name)
// and one line per row (its entity, key, stamp, origin and columns) or per delete. Applying is
// one transaction: a payload that is malformed, or holds one row the sender may not send, is
// refused whole and changes nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/change_feed.hpp"
#include "storage/database.hpp"
#include "sync/peer_role.hpp"

namespace imaginecole::sync {

inline constexpr int kPayloadVersion = 1;

// Who the peer is and what it may receive and send.
struct PeerScope {
  std::string node_id;  // the peer's node id (storage::node_id on its side)
  PeerRole role = PeerRole::school;
  std::string country;  // the school's country ("SN"); a national hub's country
  std::string school;   // the school's code ("DKR001"); empty for a hub
  // The levels (curriculum slugs: "cm2") and subjects ("mathematiques") whose resources go
  // down to the school; empty: all of its country.
  std::vector<std::string> levels;
  std::vector<std::string> subjects;
};

// Why a payload was refused, for people (operators, the box's health page).
struct ApplyReport {
  bool applied = false;
  std::string refused;  // empty when applied
  std::int64_t rows_inserted = 0;
  std::int64_t rows_updated = 0;
  std::int64_t rows_deleted = 0;
  std::int64_t rows_unchanged = 0;  // already here, or older than what is here
  std::int64_t rows_erased = 0;     // skipped: the record was erased here (it stays erased)
  std::string sender_node;
  std::string sender_epoch;
  std::string next_cursor;  // where the sender's feed was read up to: keep it to ask from there
  bool more = false;        // the sender had more to send than fitted in this payload
  std::vector<std::string> media_hashes;  // the files the rows name, small renditions first
  std::string health;  // a box's health (JSON object text) when a box sent the payload
};

// The rows changed since `since` (nullopt: from the start) that `peer` may receive, at most
// about `limit` of them, with the cursor to ask from next time. Throws storage::StaleCursor
// when `since` belongs to another epoch of this server (the peer must start again).
std::string collect_outgoing(storage::Database& database, const PeerScope& peer,
                             const std::optional<storage::FeedCursor>& since, std::size_t limit);

// Applies a payload from `from`, all or nothing. Idempotent: applying it twice changes
// nothing the second time. On success the sender's cursor is kept in sync_peers.read_cursor.
ApplyReport apply_incoming(storage::Database& database, const PeerScope& from,
                           std::string_view payload);

// The health a school server sends its hub with each batch (JSON object text: version,
// counts, clock, last sync and last error, pending change-log lines, free disk, data size), as
// it is now; "" when this server is not paired with a hub. The box's own health page shows it.
std::string box_health_now(storage::Database& database);
// pending_up is counted up to this bound (a box further behind has at least that many).
inline constexpr std::int64_t kPendingUpBound = 10000;

// The media files this server's rows name and its media folder lacks, small renditions
// first (a box shows thumbnails and low-bitrate videos before originals).
std::vector<std::string> missing_media_hashes(storage::Database& database,
                                              const std::string& media_dir);

}  // namespace imaginecole::sync
