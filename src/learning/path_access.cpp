// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/path_access.hpp"

#include "accounts/permissions.hpp"

namespace imaginecole::learning {

bool edits_country(const accounts::SignedIn& who, std::string_view country) {
  return !country.empty() &&
         accounts::is_allowed(who.principal(), accounts::Permission::content_edit,
                              accounts::ScopePath{.country_code = std::string(country)});
}

std::optional<std::string> teaching_school(const accounts::SignedIn& who) {
  if (who.user.kind != accounts::UserKind::staff || !who.user.school_id) {
    return std::nullopt;
  }
  for (const auto& grant : who.grants) {
    if (accounts::role_grants_permission(grant.role, accounts::Permission::content_class)) {
      return who.user.school_id;
    }
  }
  return std::nullopt;
}

bool may_edit_path(const accounts::SignedIn& who, const LearningPath& path) {
  if (!path.school_id) {
    return edits_country(who, path.country_code);
  }
  return teaching_school(who) == path.school_id;
}

bool may_see_path(const accounts::SignedIn* who, const LearningPath& path) {
  if (!path.school_id) {
    return true;
  }
  return who != nullptr && (who->user.school_id == path.school_id || may_edit_path(*who, path));
}

std::optional<Pupil> pupil_of_user(accounts::Accounts& accounts, const accounts::User& user) {
  if (user.kind != accounts::UserKind::pupil || !user.school_id) {
    return std::nullopt;
  }
  const auto school = accounts.schools().school_by_id(*user.school_id);
  if (!school) {
    return std::nullopt;
  }
  return Pupil{.id = user.id, .school_id = user.school_id, .country_code = school->country_code};
}

}  // namespace imaginecole::learning
