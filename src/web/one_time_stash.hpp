// SPDX-License-Identifier: AGPL-3.0-or-later
// What a form's POST produced and only its author may see once, kept between the POST and
// the page its redirect leads to (Post/Redirect/Get): a new pupil's password or picture code,
// an import's summary with its codes. In memory only, for one session and one place (a
// class), for a few minutes, handed out once: never in a URL, never in a cookie, never on
// disk (docs/decisions/0024-safe-forms.md). A server restart between the POST and the GET
// loses it; the page then says so, and a reset issues a new secret.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace imaginecole::web {

template <typename Value>
class OneTimeStash {
 public:
  using Clock = std::chrono::steady_clock;

  explicit OneTimeStash(std::chrono::seconds keep_for = std::chrono::minutes(10),
                        std::size_t max_entries = 1000)
      : keep_for_(keep_for), max_entries_(std::max<std::size_t>(max_entries, 1)) {}

  // Replaces whatever this session had waiting at this place.
  void put(const std::string& session_id, const std::string& place, Value value) {
    const auto now = Clock::now();
    const std::scoped_lock lock(mutex_);
    drop_expired(now);
    // Bounded memory: when full, the entry closest to expiry goes first (its author has had
    // the longest to look at it).
    while (entries_.size() >= max_entries_) {
      entries_.erase(std::min_element(entries_.begin(), entries_.end(),
                                      [](const auto& left, const auto& right) {
                                        return left.second.expires < right.second.expires;
                                      }));
    }
    entries_.insert_or_assign(std::make_pair(session_id, place),
                              Entry{.value = std::move(value), .expires = now + keep_for_});
  }

  // The value waiting for this session at this place, removed; nullopt when none (already
  // shown, expired, or another session's).
  std::optional<Value> take(const std::string& session_id, const std::string& place) {
    const auto now = Clock::now();
    const std::scoped_lock lock(mutex_);
    drop_expired(now);
    const auto it = entries_.find(std::make_pair(session_id, place));
    if (it == entries_.end()) {
      return std::nullopt;
    }
    std::optional<Value> out(std::move(it->second.value));
    entries_.erase(it);
    return out;
  }

 private:
  struct Entry {
    Value value;
    Clock::time_point expires;
  };

  void drop_expired(Clock::time_point now) {
    std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires <= now; });
  }

  std::chrono::seconds keep_for_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

}  // namespace imaginecole::web
