// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/account_withdrawal.hpp"

#include <string>

#include "core/clock.hpp"

namespace imaginecole::accounts {

bool withdraw_account(storage::Connection& connection, std::string_view user_id, std::int64_t hlc,
                      std::string_view origin) {
  const std::string id(user_id);
  if (!connection.query_one("SELECT 1 FROM users WHERE id = ?", {id})) {
    return false;
  }
  connection.execute("DELETE FROM sessions WHERE user_id = ?", {id});
  const bool done =
      connection
          .query_one(
              "SELECT 1 FROM user_status s WHERE s.user_id = ? AND s.disabled <> 0 AND NOT EXISTS "
              "(SELECT 1 FROM user_credentials c WHERE c.user_id = s.user_id AND "
              "c.password_hash IS NOT NULL)",
              {id})
          .has_value();
  if (done) {
    return false;
  }
  const std::string now = core::now_timestamp();
  // A stamp above the row's own, so that the change is logged (with the hub's origin).
  const std::string stamp = "CASE WHEN hlc >= ? THEN hlc + 1 ELSE ? END";
  connection.execute("UPDATE user_status SET disabled = 1, changed_at = ?, updated_at = ?, hlc = " +
                         stamp + ", origin_node = ? WHERE user_id = ?",
                     {now, now, hlc, hlc, std::string(origin), id});
  connection.execute("UPDATE user_credentials SET password_hash = NULL, updated_at = ?, hlc = " +
                         stamp + ", origin_node = ? WHERE user_id = ?",
                     {now, hlc, hlc, std::string(origin), id});
  return true;
}

}  // namespace imaginecole::accounts
