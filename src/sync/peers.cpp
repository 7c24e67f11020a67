// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/peers.hpp"

#include "core/clock.hpp"

namespace imaginecole::sync {
namespace {

constexpr const char* kColumns =
    "SELECT peer_node, peer_epoch, role, school_code, hub_url, sign_public_key, box_public_key, "
    "paired_at, revoked_at, revoked_reason, sent_sequence, accepted_sequence, read_cursor, "
    "acked_cursor FROM sync_peers ";

Peer peer_of(const storage::Row& row) {
  Peer peer;
  peer.node_id = row.text(0);
  peer.epoch = row.text(1);
  peer.role = row.text(2) == "hub" ? PeerRole::hub : PeerRole::school;
  peer.school_code = row.text(3);
  peer.hub_url = row.text(4);
  if (auto keys = PublicKeys::from_hex(row.text(5), row.text(6))) {
    peer.keys = *keys;
  }
  peer.paired_at = row.text(7);
  peer.revoked_at = row.text(8);
  peer.revoked_reason = row.text(9);
  peer.sent_sequence = row.integer(10);
  peer.accepted_sequence = row.integer(11);
  peer.read_cursor = row.text(12);
  peer.acked_cursor = row.text(13);
  return peer;
}

std::optional<Peer> first(const storage::QueryResult& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return peer_of(result.front());
}

}  // namespace

std::string_view role_name(PeerRole role) {
  return role == PeerRole::hub ? "hub" : "school";
}

namespace peers {

std::optional<Peer> find(storage::Connection& connection, std::string_view node_id) {
  return first(
      connection.query(std::string(kColumns) + "WHERE peer_node = ?", {std::string(node_id)}));
}

std::optional<Peer> find_by_school(storage::Connection& connection, std::string_view school_code) {
  return first(connection.query(std::string(kColumns) + "WHERE role = 'school' AND school_code = ? "
                                                        "ORDER BY paired_at DESC LIMIT 1",
                                {std::string(school_code)}));
}

std::optional<Peer> hub(storage::Connection& connection) {
  return first(connection.query(std::string(kColumns) +
                                "WHERE role = 'hub' ORDER BY paired_at DESC LIMIT 1"));
}

std::vector<Peer> all(storage::Connection& connection) {
  std::vector<Peer> out;
  for (const auto& row :
       connection.query(std::string(kColumns) + "WHERE role <> '' ORDER BY school_code, paired_at")
           .rows) {
    out.push_back(peer_of(row));
  }
  return out;
}

void save_paired(storage::Connection& connection, const Peer& peer) {
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO sync_peers (peer_node, peer_epoch, updated_at, role, school_code, hub_url, "
      "sign_public_key, box_public_key, paired_at, revoked_at, revoked_reason, sent_sequence, "
      "accepted_sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 0, 0) "
      "ON CONFLICT (peer_node) DO UPDATE SET peer_epoch = excluded.peer_epoch, "
      "updated_at = excluded.updated_at, role = excluded.role, school_code = "
      "excluded.school_code, hub_url = excluded.hub_url, sign_public_key = "
      "excluded.sign_public_key, box_public_key = excluded.box_public_key, paired_at = "
      "excluded.paired_at, revoked_at = '', revoked_reason = '', sent_sequence = 0, "
      "accepted_sequence = 0",
      {peer.node_id, peer.epoch, now, std::string(role_name(peer.role)), peer.school_code,
       peer.hub_url, peer.keys.sign_hex(), peer.keys.box_hex(), now});
}

void mark_revoked(storage::Connection& connection, std::string_view node_id,
                  std::string_view reason) {
  const std::string now = core::now_timestamp();
  connection.execute(
      "UPDATE sync_peers SET revoked_at = ?, revoked_reason = ?, updated_at = ? "
      "WHERE peer_node = ? AND revoked_at = ''",
      {now, std::string(reason), now, std::string(node_id)});
}

std::int64_t take_send_sequence(storage::Connection& connection, std::string_view node_id) {
  connection.execute("UPDATE sync_peers SET sent_sequence = sent_sequence + 1 WHERE peer_node = ?",
                     {std::string(node_id)});
  const auto row = connection.query_one("SELECT sent_sequence FROM sync_peers WHERE peer_node = ?",
                                        {std::string(node_id)});
  return row ? row->integer(0) : 0;
}

void record_accepted(storage::Connection& connection, std::string_view node_id,
                     std::int64_t sequence, std::string_view epoch) {
  connection.execute(
      "UPDATE sync_peers SET accepted_sequence = ?, peer_epoch = ?, updated_at = ? "
      "WHERE peer_node = ? AND accepted_sequence < ?",
      {sequence, std::string(epoch), core::now_timestamp(), std::string(node_id), sequence});
}

void save_health(storage::Connection& connection, std::string_view node_id,
                 std::string_view health_json) {
  const std::string now = core::now_timestamp();
  connection.execute(
      "UPDATE sync_peers SET health = ?, health_at = ?, last_sync_at = ? WHERE peer_node = ?",
      {std::string(health_json), now, now, std::string(node_id)});
}

void record_sync_outcome(storage::Connection& connection, std::string_view node_id,
                         std::string_view error) {
  const std::string now = core::now_timestamp();
  if (error.empty()) {
    connection.execute(
        "UPDATE sync_peers SET last_sync_at = ?, last_error = '' WHERE peer_node = ?",
        {now, std::string(node_id)});
  } else {
    connection.execute("UPDATE sync_peers SET last_error = ? WHERE peer_node = ?",
                       {now + " " + std::string(error), std::string(node_id)});
  }
}

std::vector<SchoolServerHealth> school_servers_health(storage::Connection& connection) {
  std::vector<SchoolServerHealth> out;
  for (const auto& row :
       connection
           .query("SELECT school_code, peer_node, revoked_at, last_sync_at, health_at, health "
                  "FROM sync_peers WHERE role = 'school' ORDER BY school_code")
           .rows) {
    out.push_back(SchoolServerHealth{.school_code = row.text(0),
                                     .node_id = row.text(1),
                                     .revoked_at = row.text(2),
                                     .last_sync_at = row.text(3),
                                     .health_at = row.text(4),
                                     .health = row.text(5)});
  }
  return out;
}

}  // namespace peers
}  // namespace imaginecole::sync
