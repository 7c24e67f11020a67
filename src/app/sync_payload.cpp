// SPDX-License-Identifier: AGPL-3.0-or-later
// Bundles carry the sync engine's payloads: collect -> sync::collect_outgoing from where the
// peer said it had read this server's feed, apply -> sync::apply_incoming, all or nothing.
#include "app/sync_payload.hpp"

#include <stdexcept>
#include <string>

#include "storage/change_feed.hpp"
#include "sync/engine.hpp"
#include "sync/engine_payload.hpp"

namespace imaginecole::app {
namespace {

// A bundle holds its payload in memory: bound the rows of one bundle (a larger backlog goes
// in the next bundle, from where the peer acknowledges having read).
constexpr std::size_t kRowsPerBundle = 200000;

// The engine's view of a paired peer: the school the link serves, and its country.
sync::PeerScope scope_of(Platform& platform, const sync::Peer& peer) {
  sync::PeerScope scope{.node_id = peer.node_id,
                        .role = peer.role,
                        .country = {},
                        .school = peer.school_code,
                        .levels = {},
                        .subjects = {}};
  if (const auto school = platform.accounts().schools().school_by_code(peer.school_code)) {
    scope.country = school->country_code;
  }
  return scope;
}

std::string summary_of(const sync::ApplyReport& report) {
  return "applied: " + std::to_string(report.rows_inserted) + " inserted, " +
         std::to_string(report.rows_updated) + " updated, " + std::to_string(report.rows_deleted) +
         " deleted, " + std::to_string(report.rows_unchanged) + " already here, " +
         std::to_string(report.rows_erased) + " erased here" +
         (report.more ? "; the sender has more to send" : "");
}

// The rows collected for `peer` after where it said it had read this server's feed (from the
// start when that position belongs to another epoch of this server).
std::string collect_for(Platform& platform, storage::Database& database, const sync::Peer& peer,
                        std::size_t max_rows, std::string& cursor_from) {
  const auto scope = scope_of(platform, peer);
  std::optional<storage::FeedCursor> since = storage::FeedCursor::parse(peer.acked_cursor);
  std::string payload;
  try {
    payload = sync::collect_outgoing(database, scope, since, max_rows);
  } catch (const storage::StaleCursor&) {
    since.reset();
    payload = sync::collect_outgoing(database, scope, since, max_rows);
  }
  cursor_from = since ? since->text() : "";
  return payload;
}

// Applies a peer's payload; a box's health, when it sent one, is kept for the hub's admins.
sync::ApplyReport apply_from(Platform& platform, storage::Database& database,
                             const sync::Peer& peer, std::string_view payload) {
  auto report = sync::apply_incoming(database, scope_of(platform, peer), payload);
  if (!report.applied) {
    throw std::runtime_error("the bundle was refused, nothing was changed: " + report.refused);
  }
  if (peer.role == sync::PeerRole::school && !report.health.empty()) {
    auto connection = database.write();
    sync::peers::save_health(*connection, peer.node_id, report.health);
  }
  return report;
}

std::size_t rows_in(const sync::ApplyReport& report) {
  return static_cast<std::size_t>(report.rows_inserted + report.rows_updated + report.rows_deleted +
                                  report.rows_unchanged + report.rows_erased);
}

}  // namespace

sync::BatchSource network_batch_source(Platform& platform) {
  sync::BatchSource source;
  source.collect = [&platform](storage::Database& database, const sync::Peer& peer,
                               std::size_t max_rows) {
    std::string cursor_from;
    sync::Batch batch{.payload = collect_for(platform, database, peer, max_rows, cursor_from)};
    // The header says whether more follows; the rows are counted for the operator.
    if (const auto decoded = sync::decode_payload(batch.payload)) {
      batch.more = decoded.value().header.more;
      batch.rows = decoded.value().rows.size();
    }
    return batch;
  };
  source.apply = [&platform](storage::Database& database, const sync::Peer& peer,
                             std::string_view payload) {
    const auto report = apply_from(platform, database, peer, payload);
    return sync::BatchApplied{
        .summary = summary_of(report), .more = report.more, .rows = rows_in(report)};
  };
  return source;
}

sync::BundlePayloadSource bundle_payload_source(Platform& platform) {
  sync::BundlePayloadSource source;
  source.collect = [&platform](storage::Database& database, const sync::Peer& peer) {
    std::string cursor_from;
    std::string payload = collect_for(platform, database, peer, kRowsPerBundle, cursor_from);
    return sync::OutgoingPayload{
        .payload = std::move(payload), .cursor_from = std::move(cursor_from), .cursor_to = ""};
  };
  source.apply = [&platform](storage::Database& database, const sync::Peer& peer,
                             std::string_view payload) -> std::string {
    return summary_of(apply_from(platform, database, peer, payload));
  };
  return source;
}

sync::ExchangeAnswer answer_sync_exchange(Platform& platform, std::string_view sealed_request,
                                          std::size_t batch_rows) {
  sync::LocalNode node{.database = platform.database(),
                       .self = {},
                       .keys = sync::load_node_keys(platform.sync_key_place())};
  node.self = sync::NodeSelf{.node_id = platform.identity().node_id,
                             .epoch = platform.identity().epoch,
                             .keys = node.keys.public_keys()};
  return sync::answer_exchange(node, network_batch_source(platform), sealed_request, batch_rows);
}

}  // namespace imaginecole::app
