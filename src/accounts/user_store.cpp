// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/user_store.hpp"

#include <cctype>

#include "accounts/user_rows.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::accounts {
namespace {

using storage::Row;
using storage::Value;

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

std::optional<User> one_user(storage::Connection& connection, std::string_view where,
                             std::initializer_list<Value> params) {
  const auto row =
      connection.query_one("SELECT " + std::string(kUserColumns) + " FROM users u" +
                               std::string(kUserJoins) + " WHERE " + std::string(where),
                           params);
  return row ? std::optional(user_from(*row)) : std::nullopt;
}

}  // namespace

std::string_view user_kind_name(UserKind kind) {
  return kind == UserKind::pupil ? "pupil" : "staff";
}

std::optional<std::string> normalize_username(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 64) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '.' && c != '_' && c != '-') {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

std::optional<User> UserStore::by_id(std::string_view id) {
  auto connection = database_.read();
  return one_user(*connection, "u.id = ?", {std::string(id)});
}

std::optional<User> UserStore::staff_by_username(std::string_view username) {
  const auto normalized = normalize_username(username);
  if (!normalized) {
    return std::nullopt;
  }
  auto connection = database_.read();
  return one_user(*connection, "u.kind = 'staff' AND u.username = ?", {*normalized});
}

std::optional<User> UserStore::pupil_by_username(std::string_view school_id,
                                                 std::string_view username) {
  const auto normalized = normalize_username(username);
  if (!normalized) {
    return std::nullopt;
  }
  auto connection = database_.read();
  return one_user(*connection, "u.kind = 'pupil' AND u.school_id = ? AND u.username = ?",
                  {std::string(school_id), *normalized});
}

std::vector<RoleGrant> UserStore::grants_of(std::string_view user_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, user_id, role, scope_kind, scope_id FROM role_grants WHERE user_id = ? "
      "ORDER BY id",
      {std::string(user_id)});
  std::vector<RoleGrant> out;
  for (const auto& row : result.rows) {
    const auto role = parse_role(row.text(2));
    const auto kind = parse_scope_kind(row.text(3));
    if (!role || !kind) {
      continue;  // a newer server's role: ignored (deny by default)
    }
    out.push_back(RoleGrant{.id = row.text(0),
                            .user_id = row.text(1),
                            .role = *role,
                            .scope = Scope{.kind = *kind, .id = row.text(4)}});
  }
  return out;
}

bool UserStore::username_taken(storage::Connection& connection, UserKind kind,
                               const std::optional<std::string>& school_id,
                               std::string_view username) {
  if (kind == UserKind::staff) {
    return connection
        .query_one("SELECT 1 FROM users WHERE kind = 'staff' AND username = ?",
                   {std::string(username)})
        .has_value();
  }
  return connection
      .query_one("SELECT 1 FROM users WHERE kind = 'pupil' AND school_id = ? AND username = ?",
                 {optional_value(school_id), std::string(username)})
      .has_value();
}

void UserStore::insert_user(storage::Connection& connection, User& user) {
  IMAGINECOLE_ASSERT(normalize_username(user.username) == user.username);
  if (user.id.empty()) {
    user.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  user.created_at = now;
  connection.execute(
      "INSERT INTO users (id, username, display_name, picture_code_hash, kind, school_id, "
      "preferred_language, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {user.id, user.username, user.display_name, optional_value(user.picture_code_hash),
       std::string(user_kind_name(user.kind)), optional_value(user.school_id),
       optional_value(user.preferred_language), now, now, node_id_});
  // The account's other two rows (user_rows.hpp) are born with it.
  write_user_credentials(connection, user.id, user.password_hash, node_id_);
  write_user_status(connection, user.id, user.disabled, std::nullopt, node_id_);
}

void UserStore::insert_grant(storage::Connection& connection, RoleGrant& grant,
                             const std::optional<std::string>& granted_by) {
  if (grant.id.empty()) {
    grant.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO role_grants (id, user_id, role, scope_kind, scope_id, granted_by, created_at, "
      "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {grant.id, grant.user_id, std::string(role_name(grant.role)),
       std::string(scope_kind_name(grant.scope.kind)), grant.scope.id, optional_value(granted_by),
       now, now, node_id_});
}

void UserStore::set_password_hash(storage::Connection& connection, std::string_view user_id,
                                  std::string_view password_hash) {
  // Only the credentials row changes: a profile edited elsewhere meanwhile is not undone.
  write_user_credentials(connection, user_id, std::string(password_hash), node_id_);
}

void UserStore::set_disabled(storage::Connection& connection, std::string_view user_id,
                             bool disabled, const std::optional<std::string>& changed_by) {
  write_user_status(connection, user_id, disabled, changed_by, node_id_);
}

}  // namespace imaginecole::accounts

namespace imaginecole::accounts {

void UserStore::set_picture_code_hash(storage::Connection& connection, std::string_view user_id,
                                      std::string_view picture_code_hash) {
  const auto row = connection.query_one(
      "UPDATE users SET picture_code_hash = ?, updated_at = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ? RETURNING row_version",
      {std::string(picture_code_hash), core::now_timestamp(), node_id_, std::string(user_id)});
  if (row) {
  }
}

std::vector<User> UserStore::pupils_in_class(std::string_view class_id) {
  auto connection = database_.read();
  return pupils_in_class(*connection, class_id);
}

std::vector<User> UserStore::pupils_in_class(storage::Connection& connection,
                                             std::string_view class_id) {
  const auto result = connection.query(
      "SELECT " + std::string(kUserColumns) +
          " FROM role_grants g JOIN users u ON u.id = " + "g.user_id" + std::string(kUserJoins) +
          " WHERE g.role = 'pupil' AND g.scope_kind = 'class' AND g.scope_id = ? AND "
          "u.kind = 'pupil' AND COALESCE(us.disabled, 0) = 0 "
          "ORDER BY u.display_name, u.username",
      {std::string(class_id)});
  std::vector<User> out;
  for (const auto& row : result.rows) {
    out.push_back(user_from(row));
  }
  return out;
}

std::optional<User> UserStore::by_id(storage::Connection& connection, std::string_view id) {
  return one_user(connection, "id = ?", {std::string(id)});
}

std::optional<User> UserStore::staff_by_username(storage::Connection& connection,
                                                 std::string_view username) {
  const auto normalized = normalize_username(username);
  if (!normalized) {
    return std::nullopt;
  }
  return one_user(connection, "kind = 'staff' AND username = ?", {*normalized});
}

std::optional<User> UserStore::pupil_by_username(storage::Connection& connection,
                                                 std::string_view school_id,
                                                 std::string_view username) {
  const auto normalized = normalize_username(username);
  if (!normalized) {
    return std::nullopt;
  }
  return one_user(connection, "kind = 'pupil' AND school_id = ? AND username = ?",
                  {std::string(school_id), *normalized});
}

std::vector<User> UserStore::pupils_of_school(storage::Connection& connection,
                                              std::string_view school_id) {
  const auto result =
      connection.query("SELECT " + std::string(kUserColumns) + " FROM users u" +
                           std::string(kUserJoins) + " WHERE u.kind = 'pupil' AND u.school_id = ?",
                       {std::string(school_id)});
  std::vector<User> out;
  for (const auto& row : result.rows) {
    out.push_back(user_from(row));
  }
  return out;
}

std::vector<std::string> UserStore::enrolled_in_class(storage::Connection& connection,
                                                      std::string_view class_id) {
  const auto result = connection.query(
      "SELECT user_id FROM role_grants WHERE role = 'pupil' AND scope_kind = 'class' AND "
      "scope_id = ?",
      {std::string(class_id)});
  std::vector<std::string> out;
  for (const auto& row : result.rows) {
    out.push_back(row.text(0));
  }
  return out;
}

bool UserStore::has_grant(storage::Connection& connection, std::string_view user_id, Role role,
                          const Scope& scope) {
  return connection
      .query_one(
          "SELECT 1 FROM role_grants WHERE user_id = ? AND role = ? AND scope_kind = ? AND "
          "scope_id = ?",
          {std::string(user_id), std::string(role_name(role)),
           std::string(scope_kind_name(scope.kind)), scope.id})
      .has_value();
}

bool UserStore::set_display_name(storage::Connection& connection, std::string_view user_id,
                                 std::string_view display_name) {
  return connection.execute(
             "UPDATE users SET display_name = ?, updated_at = ?, origin_node = ?, "
             "row_version = row_version + 1 WHERE id = ?",
             {std::string(display_name), core::now_timestamp(), node_id_, std::string(user_id)}) >
         0;
}

}  // namespace imaginecole::accounts
