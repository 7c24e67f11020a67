// SPDX-License-Identifier: AGPL-3.0-or-later
// Counts how often resource pages are opened, for "most used" lists. Opening a page must not
// write to the database (pages are served from the cache on the event loop, and SQLite has
// one writer): views are added up in memory and a background thread of the counter flushes
// them to resource_usage every `flush_every` (one transaction for all of them), and once more
// when the counter is destroyed at shutdown. A crash loses at most the views of one interval;
// these are statistics, not records.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.hpp"

namespace imaginecole::catalog {

class UsageCounter {
 public:
  // flush_every zero: no background thread; call flush() yourself (tests, CLI).
  UsageCounter(storage::Database& database, std::chrono::milliseconds flush_every);
  ~UsageCounter();
  UsageCounter(const UsageCounter&) = delete;
  UsageCounter& operator=(const UsageCounter&) = delete;

  // Counts one view; cheap and never touches the database.
  void record_view(std::string_view resource_id);
  // Writes the pending counts; returns how many resources were written. Thread-safe.
  std::size_t flush();
  // Increases each time a flush wrote something: caches of "most used" lists key on it.
  std::uint64_t generation() const;
  std::size_t pending() const;

 private:
  void run(const std::stop_token& stop);

  storage::Database& database_;
  std::chrono::milliseconds flush_every_;
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t, std::less<>> pending_;
  std::mutex flush_mutex_;
  std::condition_variable_any wake_;
  std::uint64_t generation_ = 0;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace imaginecole::catalog
