// SPDX-License-Identifier: AGPL-3.0-or-later
// Pairing a school server with its hub (decision 0037). The box sends the one-time code the
// hub admin gave, its node id, the epoch of its data and its new public keys; the hub checks
// the code, records the box as the school's server and answers with its own node id, epoch and
// public keys. From then on each side accepts from the other only what the other's key signs.
#pragma once

#include <string>

#include "accounts/login_throttle.hpp"
#include "storage/database.hpp"
#include "sync/node_keys.hpp"

namespace imaginecole::sync {

// Who this node is in sync: its records-layer identity and its public keys.
struct NodeSelf {
  std::string node_id;
  std::string epoch;
  PublicKeys keys;
};

struct PairRequest {
  std::string code;
  std::string node_id;
  std::string epoch;
  PublicKeys keys;
};

struct PairOutcome {
  int status = 200;
  std::string error;    // "wrong_code", "expired_code", "used_code", "revoked", "throttled"
  std::string message;  // for a person
  std::string school_code;
  int retry_after_seconds = 0;
};

// The hub's side. Refusals change nothing but the failure counter of the caller's address.
PairOutcome accept_pairing(storage::Database& database, accounts::LoginThrottle& throttle,
                           std::string_view caller_address, const PairRequest& request);

// The failures an address may make in the throttle's window before it must wait.
inline constexpr int kMaxPairingFailuresPerAddress = 10;

}  // namespace imaginecole::sync
