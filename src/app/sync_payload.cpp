// SPDX-License-Identifier: AGPL-3.0-or-later
// Until the sync engine is merged, a bundle carries the change-feed lines in the receiver's
// scope (what the engine will send) and an import refuses to apply them. The engine replaces
// both functions: collect -> sync::collect_outgoing, apply -> sync::apply_incoming.
#include "app/sync_payload.hpp"

#include <boost/json.hpp>

#include <stdexcept>

#include "storage/change_feed.hpp"

namespace imaginecole::app {

sync::BundlePayloadSource bundle_payload_source(Platform& platform) {
  sync::BundlePayloadSource source;
  source.collect = [&platform](storage::Database& database, const sync::Peer& peer) {
    storage::FeedFilter filter;
    if (peer.role == sync::PeerRole::school) {
      filter.school = peer.school_code;
    }
    auto connection = database.read();
    const auto page =
        storage::read_changes(*connection, platform.identity().epoch, std::nullopt, filter, 100000);
    boost::json::array lines;
    for (const auto& line : page.lines) {
      lines.push_back(boost::json::object{
          {"cursor", line.cursor.text()}, {"entity", line.entity}, {"id", line.id}});
    }
    return sync::OutgoingPayload{
        .payload = boost::json::serialize(boost::json::object{{"changes", std::move(lines)}}),
        .cursor_from = "",
        .cursor_to = page.next.text()};
  };
  source.apply = [](storage::Database&, const sync::Peer&, std::string_view) -> std::string {
    throw std::runtime_error(
        "the bundle is genuine and complete, but this build cannot apply it yet (the sync "
        "engine is not wired): nothing was changed");
  };
  return source;
}

}  // namespace imaginecole::app
