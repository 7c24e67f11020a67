// SPDX-License-Identifier: AGPL-3.0-or-later
// Roles and the scopes they are granted at: value types, parsed from and written as the text
// the database, the command line and the API use ("teacher", "country:SN").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace imaginecole::accounts {

enum class Role {
  platform_admin,
  country_admin,
  editor,
  reviewer,
  analyst,
  school_head,
  teacher,
  pupil,
};

// Narrowest last: a grant at a scope covers the scopes below it.
enum class ScopeKind { platform, country, school, class_ };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view text);
const std::vector<Role>& all_roles();
std::string role_names_list();  // "platform_admin, country_admin, ..." for error messages

std::string_view scope_kind_name(ScopeKind kind);
std::optional<ScopeKind> parse_scope_kind(std::string_view text);

// Where a role applies: the platform, a country (code), a school (id) or a class (id).
struct Scope {
  ScopeKind kind = ScopeKind::platform;
  std::string id;  // empty for the platform

  bool operator==(const Scope&) const = default;
};

// "platform", "country:SN", "school:CODE", "class:ID" as typed on the command line. For a
// school the id part is the school's code (the caller resolves it to an id).
Result<Scope> parse_scope_spec(std::string_view text);
std::string scope_spec(const Scope& scope);

// May `role` be granted at scopes of `kind`? (A teacher at a country makes no sense.)
bool role_fits_scope(Role role, ScopeKind kind);

}  // namespace imaginecole::accounts
