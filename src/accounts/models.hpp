// SPDX-License-Identifier: AGPL-3.0-or-later
// The records of the accounts capability as plain values: the hierarchy (region, school,
// class), users and the roles granted to them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.hpp"

namespace imaginecole::accounts {

struct Region {
  std::string id;
  std::string country_code;
  std::string name;
};

struct School {
  std::string id;
  std::string code;  // what pupils type: upper case letters and digits
  std::optional<std::string> region_id;
  std::string country_code;
  std::string name;
};

struct SchoolClass {
  std::string id;
  std::string school_id;
  std::string name;
  std::optional<std::string> level_slug;
  std::optional<std::string> join_code;
};

enum class UserKind { pupil, staff };
std::string_view user_kind_name(UserKind kind);

struct User {
  std::string id;
  std::string username;  // lower case
  std::string display_name;
  std::optional<std::string> password_hash;
  std::optional<std::string> picture_code_hash;
  UserKind kind = UserKind::staff;
  std::optional<std::string> school_id;
  std::optional<std::string> preferred_language;
  bool disabled = false;
  std::string created_at;
};

struct RoleGrant {
  std::string id;
  std::string user_id;
  Role role = Role::pupil;
  Scope scope;
};

}  // namespace imaginecole::accounts
