// SPDX-License-Identifier: AGPL-3.0-or-later
// Bundles carry the sync engine's payloads: collect -> sync::collect_outgoing from where the
// peer said it had read this server's feed, apply -> sync::apply_incoming, all or nothing.
#include "app/sync_payload.hpp"

#include <stdexcept>
#include <string>

#include "storage/change_feed.hpp"
#include "sync/engine.hpp"

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

}  // namespace

sync::BundlePayloadSource bundle_payload_source(Platform& platform) {
  sync::BundlePayloadSource source;
  source.collect = [&platform](storage::Database& database, const sync::Peer& peer) {
    const auto scope = scope_of(platform, peer);
    std::optional<storage::FeedCursor> since = storage::FeedCursor::parse(peer.acked_cursor);
    std::string payload;
    try {
      payload = sync::collect_outgoing(database, scope, since, kRowsPerBundle);
    } catch (const storage::StaleCursor&) {
      // The peer read this server in an earlier epoch (a restore since): send from the start.
      since.reset();
      payload = sync::collect_outgoing(database, scope, since, kRowsPerBundle);
    }
    return sync::OutgoingPayload{
        .payload = std::move(payload), .cursor_from = since ? since->text() : "", .cursor_to = ""};
  };
  source.apply = [&platform](storage::Database& database, const sync::Peer& peer,
                             std::string_view payload) -> std::string {
    const auto report = sync::apply_incoming(database, scope_of(platform, peer), payload);
    if (!report.applied) {
      throw std::runtime_error("the bundle was refused, nothing was changed: " + report.refused);
    }
    return summary_of(report);
  };
  return source;
}

}  // namespace imaginecole::app
