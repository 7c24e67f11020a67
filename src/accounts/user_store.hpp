// SPDX-License-Identifier: AGPL-3.0-or-later
// Users and their role grants. Writes stamp the record and append to the change log in the
// caller's transaction. Usernames are unique per school for pupils, on the platform for staff.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/models.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

// Lower case letters, digits, '.', '_' and '-', 1 to 64 characters (surrounding spaces are
// dropped); nullopt when it cannot be a username.
std::optional<std::string> normalize_username(std::string_view text);

class UserStore {
 public:
  UserStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  std::optional<User> by_id(std::string_view id);
  std::optional<User> staff_by_username(std::string_view username);
  std::optional<User> pupil_by_username(std::string_view school_id, std::string_view username);
  std::vector<RoleGrant> grants_of(std::string_view user_id);

  // Call inside a write transaction on `connection`.
  bool username_taken(storage::Connection& connection, UserKind kind,
                      const std::optional<std::string>& school_id, std::string_view username);
  // Fills in the id; throws storage::ConstraintViolation when the username is taken.
  void insert_user(storage::Connection& connection, User& user);
  void insert_grant(storage::Connection& connection, RoleGrant& grant,
                    const std::optional<std::string>& granted_by = std::nullopt);
  void set_password_hash(storage::Connection& connection, std::string_view user_id,
                         std::string_view password_hash);
  // Disables or enables the account (its user_status row); `changed_by` is the administrator,
  // nullopt for the system or an import. Sessions are the caller's business.
  void set_disabled(storage::Connection& connection, std::string_view user_id, bool disabled,
                    const std::optional<std::string>& changed_by);
  void set_picture_code_hash(storage::Connection& connection, std::string_view user_id,
                             std::string_view picture_code_hash);
  // The same reads inside the caller's transaction (a roster import checks what is there and
  // writes in one transaction).
  std::optional<User> by_id(storage::Connection& connection, std::string_view id);
  std::optional<User> staff_by_username(storage::Connection& connection, std::string_view username);
  std::optional<User> pupil_by_username(storage::Connection& connection, std::string_view school_id,
                                        std::string_view username);
  // Every pupil account of a school, disabled ones too.
  std::vector<User> pupils_of_school(storage::Connection& connection, std::string_view school_id);
  // The ids of the users holding a pupil grant in the class, disabled ones too.
  std::vector<std::string> enrolled_in_class(storage::Connection& connection,
                                             std::string_view class_id);
  bool has_grant(storage::Connection& connection, std::string_view user_id, Role role,
                 const Scope& scope);
  // Sets the name shown, in the caller's transaction; false when no such user. (The disabled
  // flag is its own row: set_disabled.)
  bool set_display_name(storage::Connection& connection, std::string_view user_id,
                        std::string_view display_name);

  // The pupils enrolled in a class (a pupil grant at its scope), not disabled, by name.
  std::vector<User> pupils_in_class(std::string_view class_id);
  std::vector<User> pupils_in_class(storage::Connection& connection, std::string_view class_id);

  storage::Database& database() { return database_; }

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::accounts
