// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/peer_cursors.hpp"

#include "core/clock.hpp"

namespace imaginecole::sync {

std::optional<PeerCursors> peer_cursors(storage::Connection& connection,
                                        std::string_view peer_node) {
  const auto row = connection.query_one(
      "SELECT peer_epoch, read_cursor, acked_cursor FROM sync_peers WHERE peer_node = ?",
      {std::string(peer_node)});
  if (!row) {
    return std::nullopt;
  }
  return PeerCursors{
      .peer_epoch = row->text(0), .read_cursor = row->text(1), .acked_cursor = row->text(2)};
}

void save_read_cursor(storage::Connection& connection, std::string_view peer_node,
                      std::string_view peer_epoch, std::string_view read_cursor) {
  connection.execute(
      "INSERT INTO sync_peers (peer_node, peer_epoch, read_cursor, updated_at) VALUES (?, ?, ?, "
      "?) ON CONFLICT (peer_node) DO UPDATE SET peer_epoch = excluded.peer_epoch, read_cursor = "
      "excluded.read_cursor, updated_at = excluded.updated_at",
      {std::string(peer_node), std::string(peer_epoch), std::string(read_cursor),
       core::now_timestamp()});
}

void save_acked_cursor(storage::Connection& connection, std::string_view peer_node,
                       std::string_view acked_cursor) {
  connection.execute(
      "INSERT INTO sync_peers (peer_node, peer_epoch, acked_cursor, updated_at) VALUES (?, '', "
      "?, ?) ON CONFLICT (peer_node) DO UPDATE SET acked_cursor = excluded.acked_cursor, "
      "updated_at = excluded.updated_at",
      {std::string(peer_node), std::string(acked_cursor), core::now_timestamp()});
}

}  // namespace imaginecole::sync
