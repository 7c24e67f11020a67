// SPDX-License-Identifier: AGPL-3.0-or-later
// Creating an account with its first role, as the command line (`imaginecole user add`), the
// demo data and, later, the management pages do: the role and scope checked, the scope
// resolved (a school code to its id, a class to its school), the secret hashed, and the user,
// the grant and the audit entry written in one transaction.
#pragma once

#include <optional>
#include <string>

#include "accounts/audit_log.hpp"
#include "accounts/models.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/school_store.hpp"
#include "accounts/user_store.hpp"
#include "core/errors.hpp"

namespace imaginecole::accounts {

struct NewUser {
  std::string username;
  std::string display_name;  // the username when empty
  std::optional<std::string> password;
  std::optional<std::string> picture_code;  // pupils only: "3-7-1"
  std::string role;                         // "teacher"
  std::string scope;                        // "platform", "country:SN", "school:CODE", "class:ID"
  std::optional<std::string> preferred_language;
  std::optional<std::string> actor_id;  // who creates it (nullopt: the command line)
  std::string remote_address;
  // Hashes made beforehand, used instead of hashing `password` / `picture_code` again: the demo
  // accounts' passwords are published, so accounts sharing one may share its hash.
  std::optional<std::string> password_hash;
  std::optional<std::string> picture_code_hash;
};

inline constexpr std::size_t kMinStaffPasswordLength = 8;
inline constexpr std::size_t kMinPupilPasswordLength = 4;

class UserProvisioning {
 public:
  UserProvisioning(UserStore& users, SchoolStore& schools, PasswordHasher& hasher, AuditLog& audit)
      : users_(users), schools_(schools), hasher_(hasher), audit_(audit) {}

  // The new user, or a one-line reason why not (bad role, scope, password; name taken).
  Result<User> add(const NewUser& request);

 private:
  UserStore& users_;
  SchoolStore& schools_;
  PasswordHasher& hasher_;
  AuditLog& audit_;
};

}  // namespace imaginecole::accounts
