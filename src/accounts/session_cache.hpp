// SPDX-License-Identifier: AGPL-3.0-or-later
// Who a session cookie names, kept in memory for a short while so that a signed-in request
// does not cost three or four database round trips (on PostgreSQL each is a network call).
// An entry is trusted only while this process has committed no write since it was read (so a
// sign-out, a disabled account or a changed role through this server takes effect at once)
// and for at most `max_age` (so the same changes made by another server sharing the database,
// or by the command line, take effect within that delay). Decision 0046.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace imaginecole::accounts {

struct SignedIn;

class SessionCache {
 public:
  explicit SessionCache(std::chrono::milliseconds max_age, std::size_t max_entries = 4096)
      : max_age_(max_age), max_entries_(max_entries) {}

  // The caller kept for the session cookie's `token`, when it was read after the last commit
  // of this process (`commits` is the process's write-commit count now) and less than max_age
  // ago. Keyed by the token itself, not by the session id (its SHA-256, which is all the
  // database keeps): hashing it was 4 % of a cached page's CPU. The process holds the tokens
  // of the requests it serves anyway; only the database must not (decision 0046).
  std::shared_ptr<const SignedIn> find(const std::string& token, std::uint64_t commits);
  // Keeps `caller`, read from the database when the commit count was `commits_before_read`
  // (taken before the read: a write committed meanwhile makes the entry stale at once).
  void store(const std::string& token, std::shared_ptr<const SignedIn> caller,
             std::uint64_t commits_before_read);

  bool enabled() const { return max_age_.count() > 0; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::shared_ptr<const SignedIn> caller;
    std::uint64_t commits = 0;
    Clock::time_point read_at;
  };

  std::chrono::milliseconds max_age_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace imaginecole::accounts
