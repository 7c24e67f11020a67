// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/login_throttle.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::accounts {
namespace {

using Clock = std::chrono::system_clock;

// Parses our own "YYYY-MM-DDTHH:MM:SS.mmmZ" timestamps.
std::optional<Clock::time_point> parse_timestamp(const std::string& text) {
  std::tm utc{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis) != 7) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return Clock::from_time_t(timegm(&utc)) + std::chrono::milliseconds(millis);
}

// When the oldest failure that still counts leaves the window, given `limit` failures allowed:
// nullopt when fewer than `limit` failures are in the window.
std::optional<std::chrono::seconds> wait_for(storage::Connection& connection, std::string_view kind,
                                             std::string_view key, int limit,
                                             std::chrono::seconds window) {
  const auto now = Clock::now();
  const auto result = connection.query(
      "SELECT attempted_at FROM login_attempts WHERE key_kind = ? AND attempt_key = ? "
      "AND attempted_at > ? ORDER BY attempted_at DESC LIMIT ?",
      {std::string(kind), std::string(key), core::format_timestamp(now - window),
       static_cast<std::int64_t>(limit)});
  if (static_cast<int>(result.rows.size()) < limit) {
    return std::nullopt;
  }
  // The limit-th most recent failure must leave the window before another attempt.
  const auto oldest = parse_timestamp(result.rows.back().text(0));
  if (!oldest) {
    return window;
  }
  const auto wait = std::chrono::ceil<std::chrono::seconds>(*oldest + window - now);
  return std::max(wait, std::chrono::seconds(1));
}

}  // namespace

std::optional<std::chrono::seconds> LoginThrottle::retry_after(std::string_view account_key,
                                                               std::string_view address) {
  auto connection = database_.read();
  const auto account_wait = wait_for(*connection, "account", account_key,
                                     options_.max_failures_per_account, options_.window);
  const auto address_wait =
      wait_for(*connection, "address", address, options_.max_failures_per_address, options_.window);
  if (account_wait && address_wait) {
    return std::max(*account_wait, *address_wait);
  }
  return account_wait ? account_wait : address_wait;
}

void LoginThrottle::record_failure(std::string_view account_key, std::string_view address) {
  const auto now = Clock::now();
  const std::string at = core::format_timestamp(now);
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  connection->execute(
      "INSERT INTO login_attempts (id, key_kind, attempt_key, attempted_at) VALUES (?, ?, ?, ?)",
      {core::new_id(), std::string("account"), std::string(account_key), at});
  connection->execute(
      "INSERT INTO login_attempts (id, key_kind, attempt_key, attempted_at) VALUES (?, ?, ?, ?)",
      {core::new_id(), std::string("address"), std::string(address), at});
  // Failures older than the window count no more: forget them so the table stays small.
  connection->execute("DELETE FROM login_attempts WHERE attempted_at < ?",
                      {core::format_timestamp(now - options_.window)});
  transaction.commit();
}

void LoginThrottle::record_success(std::string_view account_key) {
  auto connection = database_.write();
  connection->execute("DELETE FROM login_attempts WHERE key_kind = 'account' AND attempt_key = ?",
                      {std::string(account_key)});
}

}  // namespace imaginecole::accounts
