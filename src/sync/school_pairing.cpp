// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/school_pairing.hpp"

#include <boost/json.hpp>

#include <stdexcept>

#include "sync/hub_client.hpp"
#include "sync/pairing_codes.hpp"
#include "sync/peers.hpp"

namespace imaginecole::sync {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& object, std::string_view key) {
  const auto* found = object.if_contains(key);
  return found != nullptr && found->is_string() ? std::string(found->as_string()) : "";
}

}  // namespace

SchoolPairing pair_with_hub(const KeyPlace& keys, const NodeSelf& self, std::string_view hub_url,
                            std::string_view code) {
  const NodeKeys fresh = NodeKeys::generate();
  const std::string body =
      json::serialize(json::object{{"code", normalize_code(code)},
                                   {"node_id", self.node_id},
                                   {"epoch", self.epoch},
                                   {"sign_public_key", fresh.public_keys().sign_hex()},
                                   {"box_public_key", fresh.public_keys().box_hex()}});
  const HubAnswer answer = post_json_to_hub(hub_url, "/api/v1/sync/pair", body);
  boost::system::error_code failure;
  const json::value parsed = json::parse(answer.body, failure);
  if (failure || !parsed.is_object()) {
    throw std::runtime_error("the hub at " + std::string(hub_url) + " answered " +
                             std::to_string(answer.status) +
                             " without a sync answer: is it an "
                             "Imaginécole hub?");
  }
  const json::object& object = parsed.as_object();
  SchoolPairing result;
  if (answer.status != 200) {
    result.message = text_of(object, "message");
    if (text_of(object, "error") == "revoked") {
      // The box learns it from the refusal, and shows it (sync status) from now on.
      result.revoked = true;
      auto connection = keys.database.write();
      if (const auto hub = peers::hub(*connection)) {
        peers::mark_revoked(*connection, hub->node_id, result.message);
      }
    }
    return result;
  }
  const auto hub_keys =
      PublicKeys::from_hex(text_of(object, "sign_public_key"), text_of(object, "box_public_key"));
  Peer hub;
  hub.node_id = text_of(object, "hub_node");
  hub.epoch = text_of(object, "hub_epoch");
  hub.role = PeerRole::hub;
  hub.school_code = text_of(object, "school_code");
  hub.hub_url = std::string(hub_url);
  if (!hub_keys || hub.node_id.empty() || hub.epoch.empty() || hub.school_code.empty()) {
    throw std::runtime_error("the hub's pairing answer is incomplete");
  }
  hub.keys = *hub_keys;
  store_node_keys(keys, fresh);
  {
    auto connection = keys.database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    peers::save_paired(*connection, hub);
    transaction.commit();
  }
  result.paired = true;
  result.school_code = hub.school_code;
  result.hub_node = hub.node_id;
  result.hub_fingerprint = hub.keys.fingerprint();
  return result;
}

}  // namespace imaginecole::sync
