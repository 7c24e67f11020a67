// SPDX-License-Identifier: AGPL-3.0-or-later
// Sign-in throttling: too many failures for one account, or from one address, within a window
// make further attempts wait. Failures live in the database so that several app servers in
// front of one PostgreSQL share the count. Checked before hashing, so a flood costs no CPU.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::accounts {

struct ThrottleOptions {
  int max_failures_per_account = 5;
  // A classroom often shares one address (one school router): keep this well above the
  // per-account limit.
  int max_failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
};

class LoginThrottle {
 public:
  LoginThrottle(storage::Database& database, ThrottleOptions options = {})
      : database_(database), options_(options) {}

  // How long to wait before trying again, or nullopt when an attempt may go ahead.
  // `account_key` names the account tried ("staff:awa", "school:DKR001:awa") whether or not
  // it exists, so that throttling says nothing about which accounts exist.
  std::optional<std::chrono::seconds> retry_after(std::string_view account_key,
                                                  std::string_view address);
  void record_failure(std::string_view account_key, std::string_view address);
  // A good sign-in forgets the account's failures (not the address's).
  void record_success(std::string_view account_key);

  const ThrottleOptions& options() const { return options_; }

 private:
  storage::Database& database_;
  ThrottleOptions options_;
};

}  // namespace imaginecole::accounts
