// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace imaginecole::http {

Metrics::Metrics(std::vector<std::string> route_patterns) : patterns_(std::move(route_patterns)) {
  patterns_.emplace_back("unmatched");
  for (std::size_t i = 0; i < kShards; ++i) {
    shards_.push_back(std::make_unique<Shard>(patterns_.size()));
  }
}

Metrics::Shard& Metrics::shard() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t index = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return *shards_[index];
}

void Metrics::record(std::size_t route_index, int status,
                     std::chrono::steady_clock::duration elapsed) {
  if (route_index >= patterns_.size()) {
    route_index = unmatched_index();
  }
  Shard& counters = shard();
  const int klass = std::clamp(status / 100, 1, 5) - 1;
  counters.by_route[route_index][static_cast<std::size_t>(klass)].fetch_add(
      1, std::memory_order_relaxed);
  const auto micros = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
  counters.count.fetch_add(1, std::memory_order_relaxed);
  counters.sum_micros.fetch_add(micros, std::memory_order_relaxed);
  const double seconds = static_cast<double>(micros) / 1e6;
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      counters.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
}

void Metrics::add_collector(std::function<void(std::string&)> collector) {
  collectors_.push_back(std::move(collector));
}

std::string prometheus_label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  out +=
      "# HELP imaginecole_http_requests_total HTTP requests answered, by route and status "
      "class.\n# TYPE imaginecole_http_requests_total counter\n";
  static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  for (std::size_t r = 0; r < patterns_.size(); ++r) {
    for (std::size_t c = 0; c < 5; ++c) {
      std::uint64_t value = 0;
      for (const auto& counters : shards_) {
        value += counters->by_route[r][c].load(std::memory_order_relaxed);
      }
      if (value == 0) {
        continue;
      }
      out += "imaginecole_http_requests_total{route=\"" + prometheus_label(patterns_[r]) +
             "\",code=\"" + kClasses[c] + "\"} " + std::to_string(value) + "\n";
    }
  }
  out +=
      "# HELP imaginecole_http_request_duration_seconds Time from a complete request to its "
      "response.\n# TYPE imaginecole_http_request_duration_seconds histogram\n";
  std::uint64_t running = 0;
  char label[32];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    for (const auto& counters : shards_) {
      running += counters->buckets[i].load(std::memory_order_relaxed);
    }
    std::snprintf(label, sizeof label, "%g", kBucketsSeconds[i]);
    out += "imaginecole_http_request_duration_seconds_bucket{le=\"" + std::string(label) + "\"} " +
           std::to_string(running) + "\n";
  }
  std::uint64_t count = 0;
  std::uint64_t sum_micros = 0;
  std::int64_t in_flight = 0;
  for (const auto& counters : shards_) {
    count += counters->count.load(std::memory_order_relaxed);
    sum_micros += counters->sum_micros.load(std::memory_order_relaxed);
    in_flight += counters->in_flight.load(std::memory_order_relaxed);
  }
  out += "imaginecole_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count) +
         "\n";
  std::snprintf(label, sizeof label, "%.6f", static_cast<double>(sum_micros) / 1e6);
  out += "imaginecole_http_request_duration_seconds_sum " + std::string(label) + "\n";
  out += "imaginecole_http_request_duration_seconds_count " + std::to_string(count) + "\n";
  out +=
      "# HELP imaginecole_http_open_connections Client connections open now.\n"
      "# TYPE imaginecole_http_open_connections gauge\n"
      "imaginecole_http_open_connections " +
      std::to_string(open_connections_.load()) + "\n";
  out +=
      "# HELP imaginecole_http_requests_in_flight Requests being handled now.\n"
      "# TYPE imaginecole_http_requests_in_flight gauge\n"
      "imaginecole_http_requests_in_flight " +
      std::to_string(in_flight) + "\n";
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  out +=
      "# HELP imaginecole_uptime_seconds Seconds since this process started serving.\n"
      "# TYPE imaginecole_uptime_seconds gauge\n"
      "imaginecole_uptime_seconds " +
      std::to_string(uptime) + "\n";
  for (const auto& collector : collectors_) {
    collector(out);
  }
  return out;
}

}  // namespace imaginecole::http
