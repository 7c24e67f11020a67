// SPDX-License-Identifier: AGPL-3.0-or-later
// How an account is read and its split parts written. Since migration 0017 a user is three
// rows that change independently, each with its own version so that concurrent edits on two
// servers do not undo each other at sync: `users` (the profile), `user_credentials` (the
// password) and `user_status` (disabled or not, by whom). Every store of accounts reads a User
// through kUserColumns and kUserJoins, with the users table aliased `u`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "accounts/models.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

inline constexpr std::string_view kUserColumns =
    "u.id, u.username, u.display_name, uc.password_hash, u.picture_code_hash, u.kind, "
    "u.school_id, u.preferred_language, COALESCE(us.disabled, 0), u.created_at";

// Put right after "users u": an account always has both rows, LEFT JOIN only so that a
// missing one reads as "no password" and "enabled" rather than hiding the account.
inline constexpr std::string_view kUserJoins =
    " LEFT JOIN user_credentials uc ON uc.user_id = u.id"
    " LEFT JOIN user_status us ON us.user_id = u.id";

// A User from kUserColumns starting at column `first`.
User user_from(const storage::Row& row, std::size_t first = 0);

// Writes (or first creates) the account's credentials row: its password hash (NULL: none) and
// when it changed. Call inside a write transaction.
void write_user_credentials(storage::Connection& connection, std::string_view user_id,
                            const std::optional<std::string>& password_hash,
                            std::string_view node_id);

// Writes (or first creates) the account's status row. `changed_by` is the administrator (or
// nullopt: the system, an import). Call inside a write transaction.
void write_user_status(storage::Connection& connection, std::string_view user_id, bool disabled,
                       const std::optional<std::string>& changed_by, std::string_view node_id);

}  // namespace imaginecole::accounts
