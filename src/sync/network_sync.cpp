// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/network_sync.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "sync/hub_client.hpp"

namespace imaginecole::sync {
namespace {

namespace json = boost::json;

constexpr std::string_view kSealed = "application/octet-stream";
// A batch of a few hundred rows is far below this; a hub's first batch of a large catalogue
// row (a long resource body) still fits.
constexpr std::size_t kMaxAnswerBytes = 64 * 1024 * 1024;

ExchangeAnswer json_answer(int status, std::string_view code, const std::string& message) {
  return ExchangeAnswer{
      .status = status,
      .content_type = "application/json",
      .body = json::serialize(json::object{{"error", code}, {"message", message}})};
}

int status_of(Refusal refusal) {
  switch (refusal) {
    case Refusal::not_a_bundle:
    case Refusal::wrong_format:
    case Refusal::truncated:
    case Refusal::tampered:
    case Refusal::missing_part:
      return 400;
    case Refusal::replayed:
      return 409;
    case Refusal::foreign:
    case Refusal::unknown_sender:
    case Refusal::revoked:
    case Refusal::epoch_changed:
      return 403;
  }
  return 400;
}

BundleHeader header_for(const LocalNode& node, const Peer& receiver, std::string kind) {
  BundleHeader header;
  header.kind = std::move(kind);
  header.bundle_id = core::new_id();
  header.sender = node.self.node_id;
  header.receiver = receiver.node_id;
  header.sender_epoch = node.self.epoch;
  header.created_at = core::now_timestamp();
  auto connection = node.database.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  header.sequence = peers::take_send_sequence(*connection, receiver.node_id);
  transaction.commit();
  return header;
}

std::optional<Peer> find_peer(storage::Database& database, std::string_view node_id) {
  auto connection = database.read();
  return peers::find(*connection, node_id);
}

void record_accepted(storage::Database& database, const BundleHeader& header) {
  auto connection = database.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  peers::record_accepted(*connection, header.sender, header.sequence, header.sender_epoch);
  transaction.commit();
}

// The hub tells a revoked box so, signed: a forged answer cannot revoke a box.
ExchangeAnswer revocation_notice(LocalNode& node, std::string_view sealed_request) {
  const auto header = peek_header(sealed_request);
  const auto peer = header ? find_peer(node.database, header->sender) : std::nullopt;
  if (!peer) {
    return json_answer(403, "revoked", "this school server was revoked by the hub");
  }
  const std::string message =
      "This school server was revoked by the hub on " + peer->revoked_at +
      (peer->revoked_reason.empty() ? "" : " (" + peer->revoked_reason + ")") + ".";
  return ExchangeAnswer{
      .status = 403,
      .content_type = std::string(kSealed),
      .body = seal_bundle(message, header_for(node, *peer, "revoked"), node.keys, peer->keys)};
}

}  // namespace

ExchangeAnswer answer_exchange(LocalNode& node, const BatchSource& source,
                               std::string_view sealed_request, std::size_t max_rows) {
  const PeerLookup lookup = [&node](const std::string& id) { return find_peer(node.database, id); };
  OpenOutcome opened = open_bundle(sealed_request, node.self.node_id, node.keys, lookup);
  if (!opened) {
    if (opened.refusal == Refusal::revoked) {
      return revocation_notice(node, sealed_request);
    }
    return json_answer(status_of(opened.refusal), refusal_name(opened.refusal), opened.message);
  }
  const BundleHeader& header = opened.bundle->header;
  const auto sender = lookup(header.sender);
  if (!sender || sender->role != PeerRole::school) {
    return json_answer(403, "foreign", "only a paired school server syncs with this hub");
  }
  if (header.kind != "data" || header.parts != 1) {
    return json_answer(400, "wrong_format",
                       "an exchange carries one data batch (kind '" + header.kind + "')");
  }
  // Applied first, recorded after: a crash between the two lets the same batch in again, and
  // the engine applies it twice without harm.
  try {
    source.apply(node.database, *sender, opened.bundle->payload);
  } catch (const std::runtime_error& refused) {
    return json_answer(422, "refused", refused.what());
  }
  record_accepted(node.database, header);
  // The batch's acknowledgement moved this hub's position in the box's reading: collect from
  // there (the peer is read again).
  const auto receiver = lookup(header.sender);
  Batch down = source.collect(node.database, *receiver, max_rows);
  return ExchangeAnswer{.status = 200,
                        .content_type = std::string(kSealed),
                        .body = seal_bundle(down.payload, header_for(node, *receiver, "data"),
                                            node.keys, receiver->keys)};
}

namespace {

std::string message_of(const HubAnswer& answer) {
  boost::system::error_code failure;
  const json::value value = json::parse(answer.body, failure);
  if (!failure && value.is_object()) {
    const auto& object = value.as_object();
    if (const auto* message = object.if_contains("message"); message && message->is_string()) {
      return std::string(message->as_string());
    }
  }
  return "HTTP " + std::to_string(answer.status) + " " + answer.body.substr(0, 200);
}

std::string code_of(const HubAnswer& answer) {
  boost::system::error_code failure;
  const json::value value = json::parse(answer.body, failure);
  if (!failure && value.is_object()) {
    if (const auto* code = value.as_object().if_contains("error"); code && code->is_string()) {
      return std::string(code->as_string());
    }
  }
  return "http_" + std::to_string(answer.status);
}

Peer the_hub(storage::Database& database) {
  auto connection = database.read();
  auto hub = peers::hub(*connection);
  if (!hub) {
    throw InvalidInput(
        "this server is not paired with a hub: run `imaginecole sync pair --hub URL --code "
        "CODE` first");
  }
  return *hub;
}

}  // namespace

NetworkSyncReport run_network_sync(LocalNode& node, const BatchSource& source,
                                   const NetworkSyncOptions& options) {
  NetworkSyncReport report;
  const PeerLookup lookup = [&node](const std::string& id) { return find_peer(node.database, id); };
  const HubCallOptions call{.content_type = std::string(kSealed),
                            .proxy = options.proxy,
                            .timeout = options.timeout,
                            .max_answer_bytes = kMaxAnswerBytes};
  for (int turn = 1; turn <= options.max_rounds; ++turn) {
    const Peer hub = the_hub(node.database);
    if (hub.revoked()) {
      throw SyncRefused("revoked", "this school server was revoked by its hub on " +
                                       hub.revoked_at + " (" + hub.revoked_reason +
                                       "): it can no longer sync; ask the hub's administrator");
    }
    const Batch up = source.collect(node.database, hub, options.batch_rows);
    const std::string sealed =
        seal_bundle(up.payload, header_for(node, hub, "data"), node.keys, hub.keys);
    const HubAnswer answer = post_to_hub(
        options.hub_url,
        std::string(kExchangePath) + "?batch_rows=" + std::to_string(options.batch_rows), sealed,
        call);
    report.bytes_up += sealed.size();
    report.bytes_down += answer.body.size();
    const bool sealed_answer = answer.content_type.starts_with(kSealed);
    if (answer.status == 403 && sealed_answer) {
      OpenOutcome notice = open_bundle(answer.body, node.self.node_id, node.keys, lookup);
      if (notice && notice.bundle->header.kind == "revoked") {
        auto connection = node.database.write();
        storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
        peers::mark_revoked(*connection, hub.node_id, notice.bundle->payload);
        peers::record_accepted(*connection, hub.node_id, notice.bundle->header.sequence,
                               notice.bundle->header.sender_epoch);
        transaction.commit();
        throw SyncRefused("revoked", notice.bundle->payload +
                                         " This server can no longer sync; ask the hub's "
                                         "administrator.");
      }
    }
    if (answer.status != 200 || !sealed_answer) {
      throw SyncRefused(code_of(answer), "the hub refused the sync (" + code_of(answer) +
                                             "): " + message_of(answer));
    }
    OpenOutcome opened = open_bundle(answer.body, node.self.node_id, node.keys, lookup);
    if (!opened) {
      throw SyncRefused(std::string(refusal_name(opened.refusal)),
                        "the hub's answer was refused (" +
                            std::string(refusal_name(opened.refusal)) + "): " + opened.message);
    }
    if (opened.bundle->header.kind != "data") {
      throw SyncRefused("wrong_format",
                        "the hub answered a batch of kind '" + opened.bundle->header.kind + "'");
    }
    BatchApplied down;
    try {
      down = source.apply(node.database, hub, opened.bundle->payload);
    } catch (const std::runtime_error& refused) {
      throw SyncRefused("refused",
                        std::string("the hub's batch was refused here: ") + refused.what());
    }
    record_accepted(node.database, opened.bundle->header);
    report.rounds = turn;
    report.rows_up += up.rows;
    report.rows_down += down.rows;
    if (options.on_round) {
      options.on_round(turn, up, down);
    }
    // A turn that brought rows down ends with one more: its answer carries no rows, but the
    // request tells the hub how far this box read (else the next run would start before it).
    if (!up.more && !down.more && down.rows == 0) {
      break;
    }
  }
  return report;
}

}  // namespace imaginecole::sync
