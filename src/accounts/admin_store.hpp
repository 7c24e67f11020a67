// SPDX-License-Identifier: AGPL-3.0-or-later
// What the administration pages read and change: users, schools, classes, sessions and the
// audit log, always through a ScopeFilter (the part of the hierarchy a viewer may reach with a
// permission), so that a list can never show a record of another country, school or class.
// Writes stamp the record and append to the change log in the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/models.hpp"
#include "accounts/permissions.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

// The scopes a viewer holds a permission at. Empty: nothing at all.
struct ScopeFilter {
  bool everything = false;  // a platform grant
  std::vector<std::string> countries;
  std::vector<std::string> school_ids;
  std::vector<std::string> class_ids;

  bool empty() const {
    return !everything && countries.empty() && school_ids.empty() && class_ids.empty();
  }
};

// From the grants of `principal` whose role lists `permission`.
ScopeFilter scope_filter(const Principal& principal, Permission permission);
// Exactly one scope (a school scope's id is the school's id).
ScopeFilter scope_filter(const Scope& scope);

struct UserQuery {
  std::string text;  // part of the username or display name; case-insensitive
  std::optional<Role> role;
  std::optional<UserKind> kind;
  std::optional<ScopeFilter> within;  // narrows the viewer's scope further
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct UserPage {
  std::vector<User> users;
  bool more = false;
};

struct SessionInfo {
  std::string id;
  std::string created_at;
  std::string last_seen_at;
  std::string remote_address;
  std::string user_agent;
};

struct AuditQuery {
  std::string action;    // exact action, or empty
  std::string actor_id;  // or empty
  std::string from;      // occurred_at >= from ("2026-11-30"), or empty
  std::string to;        // occurred_at < to, or empty
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct AuditLine {
  AuditEntry entry;
  std::string actor_username;  // empty: the command line or the system
};

struct AuditPage {
  std::vector<AuditLine> lines;
  bool more = false;
};

struct SchoolQuery {
  std::string country;  // or empty
  std::string text;     // part of the name or code
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct StaffMember {
  User user;
  RoleGrant grant;
};

// Escapes '%', '_' and '\' for LIKE ... ESCAPE '\', lower-cases ASCII, wraps in '%'.
std::string like_pattern(std::string_view text);

class AdminStore {
 public:
  AdminStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // Users that `visible` reaches: holding a grant inside it, or belonging to a school in it.
  UserPage search_users(const ScopeFilter& visible, const UserQuery& query);
  bool user_within(const ScopeFilter& visible, std::string_view user_id);
  std::optional<RoleGrant> grant_by_id(std::string_view grant_id);
  // Where a user sits, for is_allowed: the school (and its country) of a pupil or of the
  // user's school-level grants; empty when the user belongs to no school.
  ScopePath user_path(const User& user);
  ScopePath scope_path(const Scope& scope);

  std::vector<School> search_schools(const ScopeFilter& visible, const SchoolQuery& query,
                                     bool& more);
  std::vector<StaffMember> staff_of_school(std::string_view school_id);
  std::vector<User> pupils_of_class(std::string_view class_id);

  AuditPage read_audit(const ScopeFilter& visible, const AuditQuery& query);

  std::vector<SessionInfo> live_sessions(std::string_view user_id);
  bool revoke_session(std::string_view user_id, std::string_view session_id);
  std::int64_t revoke_other_sessions(std::string_view user_id, std::string_view keep_id);

  // Writes: call inside a write transaction on `connection`.
  void set_profile(storage::Connection& connection, std::string_view user_id,
                   std::string_view display_name, const std::optional<std::string>& language);
  void set_disabled(storage::Connection& connection, std::string_view user_id, bool disabled,
                    const std::optional<std::string>& changed_by);
  void delete_grant(storage::Connection& connection, std::string_view grant_id);
  void update_school(storage::Connection& connection, const School& school);
  void update_class(storage::Connection& connection, const SchoolClass& school_class);
  // The region of that name in the country, created when missing.
  std::string ensure_region(storage::Connection& connection, std::string_view country_code,
                            std::string_view name);
  std::optional<std::string> region_name(std::string_view region_id);

  storage::Database& database() { return database_; }
  const std::string& node_id() const { return node_id_; }

 private:
  void bump(storage::Connection& connection, std::string_view table, std::string_view id,
            std::string_view set_clause, std::vector<storage::Value> values);

  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::accounts
