// SPDX-License-Identifier: AGPL-3.0-or-later
// Request counters and a latency histogram, exposed in Prometheus text format. Other layers
// (the database) add their own lines through collectors.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace imaginecole::http {

class Router;

class Metrics {
 public:
  static constexpr std::array<double, 11> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0};

  // `route_patterns[i]` labels route i; one extra slot counts requests that matched no route.
  explicit Metrics(std::vector<std::string> route_patterns);

  void record(std::size_t route_index, int status, std::chrono::steady_clock::duration elapsed);
  std::size_t unmatched_index() const { return patterns_.size() - 1; }

  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void add_in_flight(int delta) { shard().in_flight.fetch_add(delta, std::memory_order_relaxed); }
  std::int64_t open_connections() const { return open_connections_.load(); }

  // A collector appends its own lines (with # HELP and # TYPE) to the exposition.
  void add_collector(std::function<void(std::string&)> collector);
  std::string render() const;

 private:
  // Counters are split in shards, one per thread (round robin), so that event loops on
  // different cores never write the same cache line; render() adds them up.
  static constexpr std::size_t kShards = 8;
  struct alignas(64) Shard {
    explicit Shard(std::size_t routes) : by_route(routes) {}
    std::vector<std::array<std::atomic<std::uint64_t>, 5>> by_route;  // 1xx..5xx per route
    std::array<std::atomic<std::uint64_t>, kBucketsSeconds.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
    std::atomic<std::int64_t> in_flight{0};
  };
  Shard& shard();

  std::vector<std::string> patterns_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::int64_t> open_connections_{0};
  std::vector<std::function<void(std::string&)>> collectors_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// Escapes a label value for the Prometheus text format.
std::string prometheus_label(std::string_view value);

}  // namespace imaginecole::http
