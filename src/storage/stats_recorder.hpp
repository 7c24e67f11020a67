// SPDX-License-Identifier: AGPL-3.0-or-later
// Counters shared by one database's connections, read by /metrics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>

#include "storage/database.hpp"

namespace imaginecole::storage {

class StatsRecorder {
 public:
  void record_query(std::chrono::steady_clock::duration elapsed) {
    const auto micros = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
    queries_.fetch_add(1, std::memory_order_relaxed);
    micros_.fetch_add(micros, std::memory_order_relaxed);
    for (std::size_t i = 0; i < std::size(kQueryBucketsMicros); ++i) {
      if (micros <= kQueryBucketsMicros[i]) {
        buckets_[i].fetch_add(1, std::memory_order_relaxed);
        return;
      }
    }
  }
  void record_error() { errors_.fetch_add(1, std::memory_order_relaxed); }
  void record_busy_wait() { busy_.fetch_add(1, std::memory_order_relaxed); }
  void record_commit() { commits_.fetch_add(1, std::memory_order_release); }
  std::uint64_t commits() const { return commits_.load(std::memory_order_acquire); }

  // Buckets in the snapshot are cumulative, as Prometheus expects.
  DatabaseStats snapshot() const {
    DatabaseStats out;
    out.queries = queries_.load(std::memory_order_relaxed);
    out.errors = errors_.load(std::memory_order_relaxed);
    out.busy_waits = busy_.load(std::memory_order_relaxed);
    out.commits = commits_.load(std::memory_order_relaxed);
    out.query_micros_total = micros_.load(std::memory_order_relaxed);
    std::uint64_t running = 0;
    for (const auto& bucket : buckets_) {
      running += bucket.load(std::memory_order_relaxed);
      out.query_buckets.push_back(running);
    }
    return out;
  }

 private:
  std::atomic<std::uint64_t> queries_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> busy_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> micros_{0};
  std::array<std::atomic<std::uint64_t>, std::size(kQueryBucketsMicros)> buckets_{};
};

}  // namespace imaginecole::storage
