// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/landing.hpp"

#include <array>
#include <optional>

#include "http/local_path.hpp"

namespace imaginecole::accounts {
namespace {

// Widest first: the first role a person holds decides.
constexpr std::array kRoleOrder = {Role::platform_admin, Role::country_admin, Role::school_head,
                                   Role::editor,         Role::reviewer,      Role::analyst,
                                   Role::teacher,        Role::pupil};

std::optional<RoleGrant> first_grant(const std::vector<RoleGrant>& grants, Role role) {
  for (const auto& grant : grants) {
    if (grant.role == role) {
      return grant;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string landing_path(Accounts& accounts, const SignedIn& who) {
  return landing_path(accounts, who.user, who.grants);
}

std::string after_sign_in(Accounts& accounts, const SignInResult& result, std::string_view next) {
  std::string path = http::local_path_or(std::string(next), "/");
  if (path != "/" && !path.starts_with("/signin") && !path.starts_with("/signout") &&
      path != "/me" && !path.starts_with("/me?")) {
    return path;
  }
  if (!result.user) {
    return "/";
  }
  return landing_path(accounts, *result.user, accounts.users().grants_of(result.user->id));
}

std::string landing_path(Accounts& accounts, const User& user,
                         const std::vector<RoleGrant>& grants) {
  for (const Role role : kRoleOrder) {
    const auto grant = first_grant(grants, role);
    if (!grant) {
      continue;
    }
    switch (role) {
      case Role::platform_admin:
        return "/admin/users";
      case Role::country_admin:
        // The country as its admin works on it: its schools (the page links the
        // curriculum editor and the other spaces).
        return "/admin/schools";
      case Role::school_head:
        if (grant->scope.kind == ScopeKind::school) {
          if (const auto school = accounts.schools().school_by_id(grant->scope.id)) {
            return "/admin/schools/" + school->code;
          }
        }
        return "/admin/schools";
      case Role::editor:
      case Role::reviewer:
        return "/edit";
      case Role::analyst:
        return "/signin";  // the analyst's spaces: no statistics page of its own yet
      case Role::teacher:
        return "/classes";
      case Role::pupil:
        // Their space (learning/space_routes.cpp) for pupils' accounts.
        return user.kind == UserKind::pupil ? "/me" : "/class-resources";
    }
  }
  return user.kind == UserKind::pupil ? "/me" : "/account";
}

}  // namespace imaginecole::accounts
