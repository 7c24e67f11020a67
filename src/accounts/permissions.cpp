// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/permissions.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace imaginecole::accounts {
namespace {

using enum Permission;

constexpr std::array<std::pair<Permission, std::string_view>, 16> kNames = {{
    {account_self, "account.self"},
    {content_edit, "content.edit"},
    {content_review, "content.review"},
    {curriculum_manage, "curriculum.manage"},
    {stats_read, "stats.read"},
    {pupils_read, "pupils.read"},
    {pupils_manage, "pupils.manage"},
    {pupils_export, "pupils.export"},
    {pupils_delete, "pupils.delete"},
    {users_read, "users.read"},
    {users_manage, "users.manage"},
    {schools_manage, "schools.manage"},
    {classes_manage, "classes.manage"},
    {audit_read, "audit.read"},
    {content_class, "content.class"},
    {media_upload, "media.upload"},
}};

// The table. A role not listed for a permission does not have it. Analysts see aggregates
// only; editors and reviewers see content, not people; pupils hold nothing beyond their own
// account (account_self, decided by is_self).
struct RoleRow {
  Role role;
  std::vector<Permission> permissions;
};

const std::vector<RoleRow>& table() {
  static const std::vector<RoleRow> rows = {
      {Role::platform_admin,
       {content_edit, content_review, curriculum_manage, stats_read, pupils_read, pupils_manage,
        pupils_export, pupils_delete, users_read, users_manage, schools_manage, classes_manage,
        audit_read, media_upload}},
      {Role::country_admin,
       {curriculum_manage, stats_read, pupils_read, pupils_manage, pupils_export, pupils_delete,
        users_read, users_manage, schools_manage, classes_manage, audit_read}},
      {Role::editor, {content_edit, media_upload}},
      {Role::reviewer, {content_review}},
      {Role::analyst, {stats_read}},
      {Role::school_head,
       {stats_read, pupils_read, pupils_manage, users_read, users_manage, classes_manage,
        audit_read}},
      {Role::teacher, {stats_read, pupils_read, pupils_manage, content_class, media_upload}},
      {Role::pupil, {}},
  };
  return rows;
}

}  // namespace

std::string_view permission_name(Permission permission) {
  for (const auto& [value, name] : kNames) {
    if (value == permission) {
      return name;
    }
  }
  IMAGINECOLE_ASSERT(false);
  return "";
}

std::optional<Permission> parse_permission(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (text == name) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> all = [] {
    std::vector<Permission> out;
    for (const auto& entry : kNames) {
      out.push_back(entry.first);
    }
    return out;
  }();
  return all;
}

bool role_grants_permission(Role role, Permission permission) {
  for (const RoleRow& row : table()) {
    if (row.role == role) {
      return std::find(row.permissions.begin(), row.permissions.end(), permission) !=
             row.permissions.end();
    }
  }
  return false;
}

bool scope_covers(const Scope& scope, const ScopePath& target) {
  switch (scope.kind) {
    case ScopeKind::platform:
      return true;
    case ScopeKind::country:
      return !scope.id.empty() && scope.id == target.country_code;
    case ScopeKind::school:
      return !scope.id.empty() && scope.id == target.school_id;
    case ScopeKind::class_:
      return !scope.id.empty() && scope.id == target.class_id;
  }
  return false;
}

bool is_allowed(const Principal& principal, Permission permission, const ScopePath& target) {
  if (principal.user_id.empty()) {
    return false;
  }
  return std::any_of(principal.grants.begin(), principal.grants.end(), [&](const RoleGrant& g) {
    return role_grants_permission(g.role, permission) && scope_covers(g.scope, target);
  });
}

bool is_self(const Principal& principal, std::string_view user_id) {
  return !principal.user_id.empty() && principal.user_id == user_id;
}

bool may_call_route(const Principal* principal, std::string_view access) {
  if (access == "public") {
    return true;
  }
  const auto permission = parse_permission(access);
  if (!permission || principal == nullptr || principal->user_id.empty()) {
    return false;
  }
  if (*permission == account_self) {
    return true;
  }
  return std::any_of(principal->grants.begin(), principal->grants.end(), [&](const RoleGrant& g) {
    return role_grants_permission(g.role, *permission);
  });
}

}  // namespace imaginecole::accounts
