// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/usage_counter.hpp"

#include <cstdio>

#include "core/clock.hpp"
#include "core/errors.hpp"

namespace imaginecole::catalog {

UsageCounter::UsageCounter(storage::Database& database, std::chrono::milliseconds flush_every)
    : database_(database), flush_every_(flush_every) {
  if (flush_every_.count() > 0) {
    thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
  }
}

UsageCounter::~UsageCounter() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  try {
    flush();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"usage counts lost: %s\"}\n", error.what());
  }
}

void UsageCounter::record_view(std::string_view resource_id) {
  const std::lock_guard lock(mutex_);
  const auto it = pending_.find(resource_id);
  if (it != pending_.end()) {
    ++it->second;
  } else if (pending_.size() < 100000) {  // bounded: a flood of ids cannot grow it forever
    pending_.emplace(std::string(resource_id), 1);
  }
}

std::size_t UsageCounter::flush() {
  const std::lock_guard flushing(flush_mutex_);
  std::map<std::string, std::int64_t, std::less<>> batch;
  {
    const std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) {
    return 0;
  }
  const std::string day = core::now_timestamp().substr(0, 10);
  try {
    auto connection = database_.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    for (const auto& [id, views] : batch) {
      // Ids come from pages that found the resource; one may have gone since: skip it.
      if (!connection->query_one("SELECT 1 FROM resources WHERE id = ?", {id})) {
        continue;
      }
      connection->execute(
          "INSERT INTO resource_usage (resource_id, day, views) VALUES (?, ?, ?) "
          "ON CONFLICT (resource_id, day) DO UPDATE SET views = resource_usage.views + "
          "excluded.views",
          {id, day, views});
    }
    transaction.commit();
  } catch (const StorageError&) {
    // Put the counts back for the next try.
    const std::lock_guard lock(mutex_);
    for (const auto& [id, views] : batch) {
      pending_[id] += views;
    }
    throw;
  }
  const std::lock_guard lock(mutex_);
  ++generation_;
  return batch.size();
}

std::uint64_t UsageCounter::generation() const {
  const std::lock_guard lock(mutex_);
  return generation_;
}

std::size_t UsageCounter::pending() const {
  const std::lock_guard lock(mutex_);
  return pending_.size();
}

void UsageCounter::run(const std::stop_token& stop) {
  std::mutex wait_mutex;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(wait_mutex);
      wake_.wait_for(lock, stop, flush_every_, [] { return false; });
    }
    if (stop.stop_requested()) {
      break;
    }
    try {
      flush();
    } catch (const std::exception& error) {
      std::fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"usage flush failed: %s\"}\n",
                   error.what());
    }
  }
}

}  // namespace imaginecole::catalog
