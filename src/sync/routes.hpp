// SPDX-License-Identifier: AGPL-3.0-or-later
// The sync HTTP API of a hub: POST /api/v1/sync/pair (decision 0037). Later steps (network
// sync) add their routes beside it.
#pragma once

#include <functional>

#include "accounts/login_throttle.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"
#include "sync/pairing.hpp"

namespace imaginecole::sync {

struct SyncRouteDeps {
  storage::Database& database;
  accounts::LoginThrottle& throttle;
  // This node's identity and public keys (the keys are created on first use).
  std::function<NodeSelf()> self;
};

void register_sync_routes(http::Router& router, const SyncRouteDeps& deps);

}  // namespace imaginecole::sync
