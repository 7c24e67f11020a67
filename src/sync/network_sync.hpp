// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole sync --hub URL`: a school server syncs with its hub over HTTP, both ways in one
// run (decision 0041). Each round trip is one exchange: the box POSTs one sealed batch of its
// changes (signed by the box, encrypted for the hub, like a USB bundle) to
// /api/v1/sync/exchange; the hub opens it with the same refusals as a bundle file (revoked,
// foreign, replayed, tampered), applies it, and answers with one sealed batch of its own
// changes for the school. Each batch's payload names how far its sender has read the other's
// feed: that is the acknowledgement, and the next batch each way starts there. A run cut at
// any point resumes from the last acknowledged batch; a batch sent twice is applied twice
// without effect (the engine is idempotent).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sync/bundle_files.hpp"

namespace imaginecole::sync {

inline constexpr std::string_view kExchangePath = "/api/v1/sync/exchange";
inline constexpr std::size_t kDefaultBatchRows = 500;

// One batch of engine rows, as collected for a peer.
struct Batch {
  std::string payload;
  bool more = false;  // the sender has more after this batch
  std::size_t rows = 0;
};

struct BatchApplied {
  std::string summary;
  bool more = false;  // the sender said it has more
  std::size_t rows = 0;
};

// What batches carry, made and applied by the sync engine (src/app wires it).
struct BatchSource {
  std::function<Batch(storage::Database&, const Peer& peer, std::size_t max_rows)> collect;
  // Throws std::runtime_error to refuse (nothing applied then).
  std::function<BatchApplied(storage::Database&, const Peer& peer, std::string_view payload)> apply;
};

// The hub's side of one exchange.
struct ExchangeAnswer {
  int status = 200;
  std::string content_type;  // application/octet-stream (a sealed batch) or application/json
  std::string body;
};
ExchangeAnswer answer_exchange(LocalNode& node, const BatchSource& source,
                               std::string_view sealed_request, std::size_t max_rows);

// The box's side: a whole run.
struct NetworkSyncOptions {
  std::string hub_url;
  std::string proxy;  // empty: straight to the hub
  std::size_t batch_rows = kDefaultBatchRows;
  std::chrono::seconds timeout{120};
  int max_rounds = 100000;
  // Called after each acknowledged round (progress for the operator).
  std::function<void(int turn, const Batch& up, const BatchApplied& down)> on_round;
};

struct NetworkSyncReport {
  int rounds = 0;
  std::size_t rows_up = 0;
  std::size_t rows_down = 0;
  std::uint64_t bytes_up = 0;
  std::uint64_t bytes_down = 0;
};

// The hub refused the run (revoked, foreign, replayed...), or its answer was refused here.
class SyncRefused : public std::runtime_error {
 public:
  SyncRefused(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// Runs exchanges until neither side has more. Throws SyncRefused (a refusal; a revocation is
// recorded first), std::runtime_error (the hub cannot be reached or the link was cut: run it
// again, it resumes), InvalidInput (not paired).
NetworkSyncReport run_network_sync(LocalNode& node, const BatchSource& source,
                                   const NetworkSyncOptions& options);

}  // namespace imaginecole::sync
