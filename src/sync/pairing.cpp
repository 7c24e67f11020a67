// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/pairing.hpp"

#include "sync/pairing_codes.hpp"
#include "sync/peers.hpp"

namespace imaginecole::sync {
namespace {

PairOutcome refusal(int status, std::string error, std::string message) {
  return PairOutcome{.status = status,
                     .error = std::move(error),
                     .message = std::move(message),
                     .school_code = {},
                     .retry_after_seconds = 0};
}

}  // namespace

PairOutcome accept_pairing(storage::Database& database, accounts::LoginThrottle& throttle,
                           std::string_view caller_address, const PairRequest& request) {
  if (const auto wait = throttle.retry_after(accounts::AttemptKind::pairing_code, caller_address,
                                             kMaxPairingFailuresPerAddress)) {
    PairOutcome outcome = refusal(
        429, "throttled", "Too many wrong pairing codes from this address. Try again later.");
    outcome.retry_after_seconds = static_cast<int>(wait->count());
    return outcome;
  }
  PairOutcome outcome;
  bool failed_code = false;
  {
    auto connection = database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const RedeemedCode code = check_pairing_code(*connection, request.code);
    if (code.check == CodeCheck::unknown) {
      failed_code = true;
      outcome = refusal(403, "wrong_code",
                        "This pairing code is wrong. Check it with the hub administrator.");
    } else if (code.check == CodeCheck::expired) {
      failed_code = true;
      outcome = refusal(403, "expired_code",
                        "This pairing code has expired. Ask the hub administrator for a new one.");
    } else if (code.check == CodeCheck::used) {
      failed_code = true;
      outcome = refusal(403, "used_code",
                        "This pairing code was already used. Ask the hub administrator for a new "
                        "one.");
    } else if (const auto known = peers::find(*connection, request.node_id);
               known && known->revoked()) {
      // A revoked box stays revoked: a code meant for its replacement does not bring it back
      // (and is not used up by it).
      outcome = refusal(403, "revoked",
                        "This school server was revoked by the hub on " + known->revoked_at +
                            ". It can no longer pair or sync; set up a new server.");
    } else {
      // One server per school: a new box for the school replaces (and revokes) the one before.
      if (const auto previous = peers::find_by_school(*connection, code.school_code);
          previous && previous->node_id != request.node_id && !previous->revoked()) {
        peers::mark_revoked(*connection, previous->node_id,
                            "replaced by server " + request.node_id);
      }
      Peer peer;
      peer.node_id = request.node_id;
      peer.epoch = request.epoch;
      peer.role = PeerRole::school;
      peer.school_code = code.school_code;
      peer.keys = request.keys;
      peers::save_paired(*connection, peer);
      use_pairing_code(*connection, request.code, request.node_id);
      transaction.commit();
      outcome.school_code = code.school_code;
    }
  }
  if (failed_code) {
    throttle.record_failure({{accounts::AttemptKind::pairing_code, std::string(caller_address)}});
  }
  return outcome;
}

}  // namespace imaginecole::sync
