// SPDX-License-Identifier: AGPL-3.0-or-later
// How far this server read each peer's feed, and how far each peer says it read this one's
// (the sync_peers table's cursors; a cursor names the epoch it was given in, decision 0018).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::sync {

// sync_peers: how far this server read a peer's feed (and in which of its epochs).
struct PeerCursors {
  std::string peer_epoch;
  std::string read_cursor;
  std::string acked_cursor;
};
std::optional<PeerCursors> peer_cursors(storage::Connection& connection,
                                        std::string_view peer_node);
void save_read_cursor(storage::Connection& connection, std::string_view peer_node,
                      std::string_view peer_epoch, std::string_view read_cursor);
void save_acked_cursor(storage::Connection& connection, std::string_view peer_node,
                       std::string_view acked_cursor);

}  // namespace imaginecole::sync
