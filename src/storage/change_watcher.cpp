// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/change_watcher.hpp"

#include "core/no_waiting.hpp"
#include "storage/change_feed.hpp"

namespace imaginecole::storage {

std::int64_t ChangeWatcher::version() {
  const std::uint64_t commits = database_.write_commits();
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count();
  const std::int64_t current = version_.load(std::memory_order_acquire);
  const bool fresh = current >= 0 && commits == seen_commits_.load(std::memory_order_acquire) &&
                     now - checked_at_ns_.load(std::memory_order_acquire) <
                         std::chrono::nanoseconds(max_staleness_).count();
  if (fresh) {
    return current;
  }
  std::unique_lock lock(refresh_mutex_, std::try_to_lock);
  if (!lock.owns_lock() && current >= 0 && commits == seen_commits_.load()) {
    return current;  // another thread is asking the database right now
  }
  if (!lock.owns_lock()) {
    core::NoWaitingHere::check();  // an event loop does not queue behind a database call
    lock.lock();
  }
  auto connection = database_.read();
  const std::int64_t latest = content_version(*connection);
  seen_commits_.store(commits, std::memory_order_release);
  checked_at_ns_.store(now, std::memory_order_release);
  version_.store(latest, std::memory_order_release);
  return latest;
}

}  // namespace imaginecole::storage
