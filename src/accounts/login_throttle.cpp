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

storage::QueryResult recent(storage::Connection& connection, AttemptKind kind, std::string_view key,
                            int limit, std::chrono::seconds window) {
  return connection.query(
      "SELECT attempted_at FROM login_attempts WHERE key_kind = ? AND attempt_key = ? "
      "AND attempted_at > ? ORDER BY attempted_at DESC LIMIT ?",
      {std::string(kind_name(kind)), std::string(key),
       core::format_timestamp(Clock::now() - window), static_cast<std::int64_t>(limit)});
}

}  // namespace

std::string_view kind_name(AttemptKind kind) {
  switch (kind) {
    case AttemptKind::account:
      return "account";
    case AttemptKind::address:
      return "address";
    case AttemptKind::address_account:
      return "address_account";
    case AttemptKind::device:
      return "device";
    case AttemptKind::current_password:
      return "current_password";
    case AttemptKind::join_code:
      return "join_code";
    case AttemptKind::pairing_code:
      return "pairing_code";
  }
  return "account";
}

std::optional<std::chrono::seconds> LoginThrottle::retry_after(AttemptKind kind,
                                                               std::string_view key, int limit) {
  auto connection = database_.read();
  const auto result = recent(*connection, kind, key, limit, options_.window);
  if (static_cast<int>(result.rows.size()) < limit) {
    return std::nullopt;
  }
  // The limit-th most recent failure must leave the window before another attempt.
  const auto oldest = parse_timestamp(result.rows.back().text(0));
  if (!oldest) {
    return options_.window;
  }
  const auto wait =
      std::chrono::ceil<std::chrono::seconds>(*oldest + options_.window - Clock::now());
  return std::max(wait, std::chrono::seconds(1));
}

int LoginThrottle::failures(AttemptKind kind, std::string_view key, int cap) {
  auto connection = database_.read();
  return static_cast<int>(recent(*connection, kind, key, cap, options_.window).rows.size());
}

void LoginThrottle::record_failure(std::initializer_list<AttemptCounter> counters) {
  const auto now = Clock::now();
  const std::string at = core::format_timestamp(now);
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  for (const AttemptCounter& counter : counters) {
    connection->execute(
        "INSERT INTO login_attempts (id, key_kind, attempt_key, attempted_at) VALUES (?, ?, ?, ?)",
        {core::new_id(), std::string(kind_name(counter.kind)), counter.key, at});
  }
  // Failures older than the window count no more: forget them so the table stays small.
  connection->execute("DELETE FROM login_attempts WHERE attempted_at < ?",
                      {core::format_timestamp(now - options_.window)});
  transaction.commit();
}

void LoginThrottle::forget(AttemptKind kind, std::string_view key) {
  auto connection = database_.write();
  connection->execute("DELETE FROM login_attempts WHERE key_kind = ? AND attempt_key = ?",
                      {std::string(kind_name(kind)), std::string(key)});
}

}  // namespace imaginecole::accounts
