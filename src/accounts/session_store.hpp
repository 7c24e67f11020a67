// SPDX-License-Identifier: AGPL-3.0-or-later
// Server-side sessions. The cookie carries a random 256-bit token; the database keeps only its
// SHA-256, so a leaked backup lets nobody sign in. Sessions end when they expire, when idle too
// long, or when revoked (sign-out, "sign out everywhere", a disabled account).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::accounts {

struct SessionOptions {
  std::chrono::seconds lifetime{12 * 3600};     // absolute, from sign-in
  std::chrono::seconds idle_timeout{2 * 3600};  // since the last request
  // last_seen_at is written at most this often, so reading pages does not mean writing.
  std::chrono::seconds touch_interval{60};
  // How long a server may trust who a session names without asking the database again, when
  // it has committed no write since (0: ask on every request). It bounds how late a sign-out
  // or a disabled account made through ANOTHER server sharing the database takes effect here
  // (decision 0046).
  std::chrono::milliseconds trust_for{1000};
};

struct Session {
  std::string id;  // SHA-256 hex of the token
  std::string user_id;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  std::string csrf_secret;
};

struct NewSession {
  std::string token;  // goes into the cookie; never stored
  Session session;
};

class SessionStore {
 public:
  SessionStore(storage::Database& database, SessionOptions options = {})
      : database_(database), options_(options) {}

  NewSession create(std::string_view user_id, std::string_view remote_address,
                    std::string_view user_agent);
  // The live session the token names: not revoked, not expired, not idle too long.
  std::optional<Session> find(std::string_view token);
  // Records activity in the database (at most once per touch_interval; `session` is left as it
  // is: the write commits, which ends every kept copy of it).
  void touch(const Session& session);
  // True when a live session was revoked.
  bool revoke(std::string_view session_id);
  // Returns how many sessions were revoked.
  std::int64_t revoke_all_of(std::string_view user_id);
  // The same inside the caller's write transaction (a reset of the user's secret ends their
  // sessions exactly when the new secret exists).
  static std::int64_t revoke_all_of(storage::Connection& connection, std::string_view user_id);

  // True while `session` is neither expired nor idle too long at `now` (what find() asks the
  // database, for a session already in memory).
  bool is_live(const Session& session, std::chrono::system_clock::time_point now) const;
  // How many write transactions this process has committed (see Database::write_commits).
  std::uint64_t write_commits() const { return database_.write_commits(); }

  const SessionOptions& options() const { return options_; }

 private:
  storage::Database& database_;
  SessionOptions options_;
};

// SHA-256 hex of a cookie token: the session's id.
std::string session_id_of(std::string_view token);

}  // namespace imaginecole::accounts
