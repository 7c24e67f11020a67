// SPDX-License-Identifier: AGPL-3.0-or-later
// "Has the content changed?" answered cheaply for caches. The answer is the content version,
// which every write of a content table bumps in its own transaction (sign-ins, sessions and
// learning records do not, so they never empty a cache);
// it is read again after any write committed by this process, and otherwise at most every
// `max_staleness`, so that writes by another process (a CLI import, another app server on the
// same PostgreSQL) show within that delay. With a staleness of zero, every call asks.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "storage/database.hpp"

namespace imaginecole::storage {

class ChangeWatcher {
 public:
  ChangeWatcher(Database& database, std::chrono::milliseconds max_staleness)
      : database_(database), max_staleness_(max_staleness) {}

  std::int64_t version();
  std::chrono::milliseconds max_staleness() const { return max_staleness_; }

 private:
  Database& database_;
  std::chrono::milliseconds max_staleness_;
  std::mutex refresh_mutex_;
  std::atomic<std::int64_t> version_{-1};
  std::atomic<std::uint64_t> seen_commits_{0};
  std::atomic<std::int64_t> checked_at_ns_{0};
};

}  // namespace imaginecole::storage
