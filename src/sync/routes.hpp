// SPDX-License-Identifier: AGPL-3.0-or-later
// The sync HTTP API of a hub: POST /api/v1/sync/pair (decision 0037) and POST
// /api/v1/sync/exchange (decision 0041).
#pragma once

#include <functional>

#include "accounts/login_throttle.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"
#include "sync/network_sync.hpp"
#include "sync/pairing.hpp"

namespace imaginecole::sync {

struct SyncRouteDeps {
  storage::Database& database;
  accounts::LoginThrottle& throttle;
  // This node's identity and public keys (the keys are created on first use).
  std::function<NodeSelf()> self;
  // Answers one network exchange from a school server (network_sync.hpp).
  // `batch_rows`: the most rows the answer may carry (the box asks for its own batch size).
  std::function<ExchangeAnswer(std::string_view sealed_request, std::size_t batch_rows)> exchange;
};

void register_sync_routes(http::Router& router, const SyncRouteDeps& deps);

}  // namespace imaginecole::sync
