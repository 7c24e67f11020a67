// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/user_rows.hpp"

#include "core/clock.hpp"

namespace imaginecole::accounts {

using storage::Value;

User user_from(const storage::Row& row, std::size_t first) {
  return User{.id = row.text(first),
              .username = row.text(first + 1),
              .display_name = row.text(first + 2),
              .password_hash = row.optional_text(first + 3),
              .picture_code_hash = row.optional_text(first + 4),
              .kind = row.text(first + 5) == "pupil" ? UserKind::pupil : UserKind::staff,
              .school_id = row.optional_text(first + 6),
              .preferred_language = row.optional_text(first + 7),
              .disabled = row.integer(first + 8) != 0,
              .created_at = row.text(first + 9)};
}

void write_user_credentials(storage::Connection& connection, std::string_view user_id,
                            const std::optional<std::string>& password_hash,
                            std::string_view node_id) {
  const std::string now = core::now_timestamp();
  const Value hash = password_hash ? Value(*password_hash) : Value(nullptr);
  const Value changed_at = password_hash ? Value(now) : Value(nullptr);
  connection.execute(
      "INSERT INTO user_credentials (user_id, password_hash, password_changed_at, created_at, "
      "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
      "password_hash = excluded.password_hash, password_changed_at = "
      "excluded.password_changed_at, updated_at = excluded.updated_at, origin_node = "
      "excluded.origin_node, row_version = user_credentials.row_version + 1",
      {std::string(user_id), hash, changed_at, now, now, std::string(node_id)});
}

void write_user_status(storage::Connection& connection, std::string_view user_id, bool disabled,
                       const std::optional<std::string>& changed_by, std::string_view node_id) {
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO user_status (user_id, disabled, changed_by, changed_at, created_at, "
      "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
      "disabled = excluded.disabled, changed_by = excluded.changed_by, changed_at = "
      "excluded.changed_at, updated_at = excluded.updated_at, origin_node = "
      "excluded.origin_node, row_version = user_status.row_version + 1",
      {std::string(user_id), static_cast<std::int64_t>(disabled ? 1 : 0),
       changed_by ? Value(*changed_by) : Value(nullptr), now, now, now, std::string(node_id)});
}

}  // namespace imaginecole::accounts
