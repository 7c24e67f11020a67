// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/session_cache.hpp"

#include <iterator>

#include "accounts/authenticator.hpp"

namespace imaginecole::accounts {

std::shared_ptr<const SignedIn> SessionCache::find(const std::string& token,
                                                   std::uint64_t commits) {
  if (!enabled()) {
    return nullptr;
  }
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(token);
  if (it == entries_.end()) {
    return nullptr;
  }
  if (it->second.commits != commits || now - it->second.read_at >= max_age_) {
    entries_.erase(it);
    return nullptr;
  }
  return it->second.caller;
}

void SessionCache::store(const std::string& token, std::shared_ptr<const SignedIn> caller,
                         std::uint64_t commits_before_read) {
  if (!enabled()) {
    return;
  }
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_ && !entries_.contains(token)) {
    // Full: drop what is too old to be used anyway; if every entry is young, start afresh
    // (bounded memory matters more than the hit rate of a one-second cache).
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now - it->second.read_at >= max_age_ ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= max_entries_) {
      entries_.clear();
    }
  }
  entries_.insert_or_assign(
      token, Entry{.caller = std::move(caller), .commits = commits_before_read, .read_at = now});
}

}  // namespace imaginecole::accounts
