// SPDX-License-Identifier: AGPL-3.0-or-later
// The change feed: "what changed since this cursor", for sync, exports and operators.
//
// A cursor is "<epoch>.<tx>.<seq>". On SQLite tx is 0 and seq is commit order. On PostgreSQL a
// sequence number is taken at insert, not at commit, so seq alone would let a reader pass a
// line whose transaction commits later; the feed therefore orders lines by (writing
// transaction id, seq) and reads only lines of transactions older than every transaction still
// running (the snapshot's xmin). A reader at cursor X never later finds a committed line below
// X. See decision 0018.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::storage {

struct FeedCursor {
  std::string epoch;
  std::int64_t tx = 0;
  std::int64_t seq = 0;

  static std::optional<FeedCursor> parse(std::string_view text);
  std::string text() const;
};

// A cursor this server cannot continue from: another epoch (a restore or a copy since), or a
// position compaction has dropped. The reader must read again from the start.
class StaleCursor : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FeedLine {
  FeedCursor cursor;
  std::string entity;
  std::string id;
  std::string op;  // "upsert" or "delete"
  std::int64_t hlc = 0;
  std::string origin_node;
  std::optional<std::string> country;
  std::optional<std::string> school;
};

struct FeedFilter {
  std::optional<std::string> country;  // lines for this country (its schools' included)
  std::optional<std::string> school;   // lines for this school code
};

struct FeedPage {
  std::vector<FeedLine> lines;
  FeedCursor next;  // give it back to read on; equal to `since` when nothing is new
};

// Reads up to `limit` lines after `since` (nullopt: from the start). Throws StaleCursor.
FeedPage read_changes(Connection& connection, std::string_view epoch,
                      const std::optional<FeedCursor>& since, const FeedFilter& filter,
                      std::size_t limit);

struct CompactionReport {
  std::int64_t superseded_dropped = 0;
  std::int64_t tombstones_dropped = 0;
};

// Drops every line superseded by a later line of the same row and scope (a reader at any
// cursor still meets the later one), and tombstones older than `tombstone_days`; a cursor
// from before the oldest dropped tombstone is then stale (its reader must start again).
CompactionReport compact_changes(Database& database, int tombstone_days);

// True when every committed line is readable: no transaction older than the newest line is
// still running (always true on SQLite). On PostgreSQL a long transaction anywhere in the
// cluster holds the feed back until it ends (set idle_in_transaction_session_timeout).
bool changes_are_final(Connection& connection);

// The counter page caches watch: it moves only when content (not sign-ins) changed.
std::int64_t content_version(Connection& connection);

}  // namespace imaginecole::storage
