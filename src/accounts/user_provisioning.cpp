// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/user_provisioning.hpp"

#include <boost/json.hpp>

namespace imaginecole::accounts {
namespace {

using Failure = Result<User>;

struct Placement {
  Scope scope;                           // with ids resolved
  std::optional<std::string> school_id;  // the user's school, when the scope has one
};

}  // namespace

Result<User> UserProvisioning::add(const NewUser& request) {
  const auto role = parse_role(request.role);
  if (!role) {
    return Failure::failure("unknown role '" + request.role +
                            "' (expected one of: " + role_names_list() + ")");
  }
  auto scope = parse_scope_spec(request.scope);
  if (!scope) {
    return Failure::failure(scope.error());
  }
  if (!role_fits_scope(*role, scope->kind)) {
    return Failure::failure("role " + request.role + " cannot be granted at scope " +
                            std::string(scope_kind_name(scope->kind)));
  }
  const auto username = normalize_username(request.username);
  if (!username) {
    return Failure::failure("invalid username '" + request.username +
                            "' (1 to 64 letters, digits, '.', '_' or '-')");
  }
  const UserKind kind = *role == Role::pupil ? UserKind::pupil : UserKind::staff;

  Placement placement{.scope = scope.value(), .school_id = std::nullopt};
  if (scope->kind == ScopeKind::school) {
    const auto school = schools_.school_by_code(scope->id);
    if (!school) {
      return Failure::failure("no school with code '" + scope->id + "'");
    }
    placement.scope.id = school->id;
    placement.school_id = school->id;
  } else if (scope->kind == ScopeKind::class_) {
    const auto school_class = schools_.class_by_id(scope->id);
    if (!school_class) {
      return Failure::failure("no class with id '" + scope->id + "'");
    }
    placement.school_id = school_class->school_id;
  }

  std::optional<std::string> picture_code;
  if (request.picture_code) {
    if (kind != UserKind::pupil) {
      return Failure::failure("only pupils sign in with a picture code");
    }
    picture_code = normalize_picture_code(*request.picture_code);
    if (!picture_code) {
      return Failure::failure("a picture code is three pictures out of nine, like 3-7-1");
    }
  }
  if (!request.password && !picture_code) {
    return Failure::failure(kind == UserKind::pupil ? "a password or a picture code is required"
                                                    : "a password is required");
  }
  const std::size_t min_length =
      kind == UserKind::pupil ? kMinPupilPasswordLength : kMinStaffPasswordLength;
  if (request.password && request.password->size() < min_length) {
    return Failure::failure("the password must have at least " + std::to_string(min_length) +
                            " characters");
  }

  // Hash before taking the write lock: it is the slow part.
  User user;
  user.username = *username;
  user.display_name = request.display_name.empty() ? *username : request.display_name;
  user.kind = kind;
  user.school_id = placement.school_id;
  user.preferred_language = request.preferred_language;
  if (request.password) {
    user.password_hash =
        request.password_hash ? *request.password_hash : hasher_.hash(*request.password);
  }
  if (picture_code) {
    user.picture_code_hash =
        request.picture_code_hash ? *request.picture_code_hash : hasher_.hash(*picture_code);
  }

  const std::string taken_message =
      kind == UserKind::pupil ? "username '" + *username + "' is already taken in this school"
                              : "username '" + *username + "' is already taken";
  auto connection = users_.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (users_.username_taken(*connection, kind, user.school_id, user.username)) {
    return Failure::failure(taken_message);
  }
  try {
    users_.insert_user(*connection, user);
  } catch (const storage::ConstraintViolation&) {
    return Failure::failure(taken_message);  // another server process won the race
  }
  RoleGrant grant{.id = {}, .user_id = user.id, .role = *role, .scope = placement.scope};
  users_.insert_grant(*connection, grant, request.actor_id);
  boost::json::object details{{"role", role_name(*role)},
                              {"scope", scope_spec(placement.scope)},
                              {"username", user.username}};
  AuditEntry entry;
  entry.actor_id = request.actor_id;
  entry.action = "user.create";
  entry.target_kind = "user";
  entry.target_id = user.id;
  entry.scope_kind = std::string(scope_kind_name(placement.scope.kind));
  entry.scope_id = placement.scope.id;
  entry.remote_address = request.remote_address;
  entry.details = boost::json::serialize(details);
  audit_.record(*connection, entry);
  transaction.commit();
  return user;
}

}  // namespace imaginecole::accounts
