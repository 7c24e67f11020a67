// SPDX-License-Identifier: AGPL-3.0-or-later
// Failure counters for everything that checks a secret: sign-in, the current password of a
// password change, class join codes. A counter is a kind and a key ("account" + a user id,
// "address" + an address…); a counter with `limit` failures in the window makes the next
// attempt wait. Failures live in the database so that several app servers in front of one
// PostgreSQL share the count; read before hashing, so a flood costs no CPU. What counts where
// is decided by the callers (sign_in.cpp, see docs/decisions/0017-sign-in-throttling.md).
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::accounts {

enum class AttemptKind {
  account,           // an account (its user id, or a canonical name when there is none)
  address,           // a client address: only tells that an address is "hot"
  address_account,   // an account from one address: limited more tightly at a hot address
  device,            // an account on one of its trusted devices (device cookie)
  current_password,  // the current-password check of a password change, per user id
  join_code,         // wrong class join codes, per address
  pairing_code,      // wrong sync pairing codes (school servers pairing with a hub), per address
};

struct ThrottleOptions {
  // Untrusted clients: failures of one account from anywhere.
  int max_failures_per_account = 5;
  // The owner's trusted device has its own counter, as small.
  int max_failures_per_device = 5;
  // An address with this many failures is hot: a classroom shares one address, so a hot
  // address never refuses an account for others' failures; it only lowers the allowance of
  // each account tried from it (password spraying gets 2 guesses per account, not 5).
  int hot_address_failures = 20;
  int max_failures_per_account_from_hot_address = 2;
  int max_current_password_failures = 5;
  // 25^6 codes: 30 wrong codes per address and window make guessing hopeless, and a class
  // typing its code on one router has room for many typos.
  int max_join_code_failures_per_address = 30;
  std::chrono::seconds window{15 * 60};
};

struct AttemptCounter {
  AttemptKind kind;
  std::string key;
};

class LoginThrottle {
 public:
  LoginThrottle(storage::Database& database, ThrottleOptions options = {})
      : database_(database), options_(options) {}

  // How long to wait before trying again when the counter holds `limit` failures within the
  // window; nullopt when an attempt may go ahead.
  std::optional<std::chrono::seconds> retry_after(AttemptKind kind, std::string_view key,
                                                  int limit);
  // Failures of the counter within the window (at most `cap`, to keep the query small).
  int failures(AttemptKind kind, std::string_view key, int cap);
  // One failure on each counter, in one transaction.
  void record_failure(std::initializer_list<AttemptCounter> counters);
  // Forgets a counter's failures (a good sign-in forgets its account's).
  void forget(AttemptKind kind, std::string_view key);

  const ThrottleOptions& options() const { return options_; }

 private:
  storage::Database& database_;
  ThrottleOptions options_;
};

std::string_view kind_name(AttemptKind kind);

}  // namespace imaginecole::accounts
