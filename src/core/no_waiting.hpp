// SPDX-License-Identifier: AGPL-3.0-or-later
// "Answer from memory, or say you would wait." An HTTP event loop first tries a read-only
// request itself under a NoWaitingHere guard; whatever would make the loop wait (a connection
// to a remote PostgreSQL, the SQLite writer) throws WouldWait instead, and the server runs the
// request again on a worker. So a page kept in memory costs no trip to the workers on
// PostgreSQL, and a request that writes never writes on the loop (decision 0046).
#pragma once

namespace imaginecole::core {

// Not a std::exception on purpose: handlers' `catch (const std::exception&)` must let it pass
// to the server instead of answering an error page.
struct WouldWait {};

class NoWaitingHere {
 public:
  NoWaitingHere() : previous_(active_) { active_ = true; }
  ~NoWaitingHere() { active_ = previous_; }
  NoWaitingHere(const NoWaitingHere&) = delete;
  NoWaitingHere& operator=(const NoWaitingHere&) = delete;

  static bool active() { return active_; }
  // Throws WouldWait when the calling thread must not wait.
  static void check() {
    if (active_) {
      throw WouldWait{};
    }
  }

 private:
  bool previous_;
  static inline thread_local bool active_ = false;
};

}  // namespace imaginecole::core
