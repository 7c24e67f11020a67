// SPDX-License-Identifier: AGPL-3.0-or-later
// Every permission decision of the platform, in one place. Deny by default: a permission is
// granted only by a role that lists it (the table in permissions.cpp), held at a scope that
// covers the resource. A role at a scope covers the scopes below it:
// platform > country > school > class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/models.hpp"

namespace imaginecole::accounts {

enum class Permission {
  account_self,       // one's own account: every signed-in person
  content_edit,       // write resources of the catalogue
  content_review,     // approve or send back resources
  curriculum_manage,  // edit a country's curriculum tree and where resources are placed
  stats_read,         // aggregated statistics, never names
  pupils_read,        // a pupil's name, work and results
  pupils_manage,      // create pupils, reset passwords and picture codes
  pupils_export,      // export a pupil's data
  pupils_delete,      // delete a pupil's data
  users_read,         // staff lists
  users_manage,       // create staff, grant roles, disable accounts
  schools_manage,     // create and edit schools and regions
  classes_manage,     // create and edit classes
  audit_read,         // the audit log of the scope
  content_class,      // write resources for one's own classes (teachers), seen only there
  media_upload,       // add images, sound, video and PDF to the media library
};

// "pupils.read" etc.: the names routes use in RouteOptions.access.
std::string_view permission_name(Permission permission);
std::optional<Permission> parse_permission(std::string_view name);
const std::vector<Permission>& all_permissions();

// Where a resource sits. Fields below the resource's level stay empty: a school has a
// country and a school id, a pupil of a class has all three. Empty: a platform resource.
struct ScopePath {
  std::string country_code;
  std::string school_id;
  std::string class_id;
};

// Who asks: a signed-in user's id and grants. No principal (signed out) holds nothing.
struct Principal {
  std::string user_id;
  std::vector<RoleGrant> grants;
};

// Does the role's row of the table list the permission?
bool role_grants_permission(Role role, Permission permission);
// Is `target` at or below `scope`?
bool scope_covers(const Scope& scope, const ScopePath& target);

// The decision: some grant of `principal` whose role lists `permission`, at a scope covering
// `target`. account_self is decided by is_self below, never here (false).
bool is_allowed(const Principal& principal, Permission permission, const ScopePath& target);
// A user may always see and change their own account.
bool is_self(const Principal& principal, std::string_view user_id);

// The coarse check before a route's handler runs, from RouteOptions.access: "public" lets
// anyone through; "account.self" anyone signed in; another permission name anyone signed in
// holding it at some scope (the handler then checks the resource's own scope with
// is_allowed). Empty or unknown names deny.
bool may_call_route(const Principal* principal, std::string_view access);

}  // namespace imaginecole::accounts
