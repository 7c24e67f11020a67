// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/admin_store.hpp"

#include <algorithm>
#include <cctype>

#include "accounts/school_store.hpp"
#include "accounts/user_rows.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::accounts {
namespace {

using storage::Row;
using storage::Value;

// Builds a WHERE clause and its parameters side by side.
struct Sql {
  std::string text;
  std::vector<Value> params;

  Sql& add(std::string_view part) {
    text += part;
    return *this;
  }
  // "column IN (?, ?)", or a false condition for an empty list.
  Sql& in(std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) {
      text += "1 = 0";
      return *this;
    }
    text += column;
    text += " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      text += i == 0 ? "?" : ", ?";
      params.emplace_back(values[i]);
    }
    text += ")";
    return *this;
  }
  Sql& value(Value v) {
    params.push_back(std::move(v));
    return *this;
  }
};

// "(id of a school the filter reaches)".
void school_set(Sql& sql, const ScopeFilter& filter) {
  sql.add("(SELECT s.id FROM schools s WHERE ")
      .in("s.country_code", filter.countries)
      .add(" OR ")
      .in("s.id", filter.school_ids)
      .add(")");
}

void class_set(Sql& sql, const ScopeFilter& filter) {
  sql.add("(SELECT c.id FROM classes c WHERE c.school_id IN ");
  school_set(sql, filter);
  sql.add(" OR ").in("c.id", filter.class_ids).add(")");
}

// A condition on (kind_column, id_column) naming a scope inside `filter`.
void scope_inside(Sql& sql, const ScopeFilter& filter, std::string_view kind_column,
                  std::string_view id_column) {
  if (filter.everything) {
    sql.add("1 = 1");
    return;
  }
  const std::string kind(kind_column);
  const std::string id(id_column);
  sql.add("((" + kind + " = 'country' AND ").in(id, filter.countries).add(")");
  sql.add(" OR (" + kind + " = 'school' AND " + id + " IN ");
  school_set(sql, filter);
  sql.add(") OR (" + kind + " = 'class' AND " + id + " IN ");
  class_set(sql, filter);
  sql.add("))");
}

// A condition on users `u` reached by `filter`.
void user_inside(Sql& sql, const ScopeFilter& filter) {
  if (filter.everything) {
    sql.add("1 = 1");
    return;
  }
  sql.add("(u.school_id IN ");
  school_set(sql, filter);
  sql.add(" OR EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND ");
  scope_inside(sql, filter, "g.scope_kind", "g.scope_id");
  sql.add("))");
}

School school_from(const Row& row) {
  return School{.id = row.text(0),
                .code = row.text(1),
                .region_id = row.optional_text(2),
                .country_code = row.text(3),
                .name = row.text(4)};
}

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

void add_unique(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(value);
  }
}

}  // namespace

ScopeFilter scope_filter(const Principal& principal, Permission permission) {
  ScopeFilter filter;
  if (principal.user_id.empty()) {
    return filter;
  }
  for (const RoleGrant& grant : principal.grants) {
    if (!role_grants_permission(grant.role, permission)) {
      continue;
    }
    const ScopeFilter one = scope_filter(grant.scope);
    filter.everything = filter.everything || one.everything;
    for (const auto& c : one.countries) {
      add_unique(filter.countries, c);
    }
    for (const auto& s : one.school_ids) {
      add_unique(filter.school_ids, s);
    }
    for (const auto& c : one.class_ids) {
      add_unique(filter.class_ids, c);
    }
  }
  return filter;
}

ScopeFilter scope_filter(const Scope& scope) {
  ScopeFilter filter;
  switch (scope.kind) {
    case ScopeKind::platform:
      filter.everything = true;
      break;
    case ScopeKind::country:
      filter.countries.push_back(scope.id);
      break;
    case ScopeKind::school:
      filter.school_ids.push_back(scope.id);
      break;
    case ScopeKind::class_:
      filter.class_ids.push_back(scope.id);
      break;
  }
  return filter;
}

std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  out.push_back('%');
  return out;
}

UserPage AdminStore::search_users(const ScopeFilter& visible, const UserQuery& query) {
  UserPage page;
  if (visible.empty()) {
    return page;
  }
  Sql sql;
  sql.add("SELECT " + std::string(kUserColumns) + " FROM users u" + std::string(kUserJoins) +
          " WHERE ");
  user_inside(sql, visible);
  if (query.within) {
    sql.add(" AND ");
    user_inside(sql, *query.within);
  }
  if (!query.text.empty()) {
    const std::string pattern = like_pattern(query.text);
    sql.add(
           " AND (lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.display_name) LIKE ? "
           "ESCAPE '\\')")
        .value(pattern)
        .value(pattern);
  }
  if (query.kind) {
    sql.add(" AND u.kind = ?").value(std::string(user_kind_name(*query.kind)));
  }
  if (query.role) {
    sql.add(" AND EXISTS (SELECT 1 FROM role_grants r WHERE r.user_id = u.id AND r.role = ?)")
        .value(std::string(role_name(*query.role)));
  }
  sql.add(" ORDER BY u.kind DESC, u.display_name, u.id LIMIT ? OFFSET ?")
      .value(static_cast<std::int64_t>(query.limit + 1))
      .value(static_cast<std::int64_t>(query.offset));
  auto connection = database_.read();
  const auto result = connection->query(sql.text, sql.params);
  for (const auto& row : result.rows) {
    if (page.users.size() == query.limit) {
      page.more = true;
      break;
    }
    page.users.push_back(user_from(row));
  }
  return page;
}

bool AdminStore::user_within(const ScopeFilter& visible, std::string_view user_id) {
  if (visible.empty()) {
    return false;
  }
  Sql sql;
  sql.add("SELECT 1 FROM users u WHERE u.id = ? AND ").value(std::string(user_id));
  user_inside(sql, visible);
  auto connection = database_.read();
  return !connection->query(sql.text, sql.params).empty();
}

std::optional<RoleGrant> AdminStore::grant_by_id(std::string_view grant_id) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT id, user_id, role, scope_kind, scope_id FROM role_grants WHERE id = ?",
      {std::string(grant_id)});
  if (!row) {
    return std::nullopt;
  }
  const auto role = parse_role(row->text(2));
  const auto kind = parse_scope_kind(row->text(3));
  if (!role || !kind) {
    return std::nullopt;
  }
  return RoleGrant{.id = row->text(0),
                   .user_id = row->text(1),
                   .role = *role,
                   .scope = Scope{.kind = *kind, .id = row->text(4)}};
}

ScopePath AdminStore::scope_path(const Scope& scope) {
  auto connection = database_.read();
  ScopePath path;
  switch (scope.kind) {
    case ScopeKind::platform:
      break;
    case ScopeKind::country:
      path.country_code = scope.id;
      break;
    case ScopeKind::school:
      if (const auto row =
              connection->query_one("SELECT country_code FROM schools WHERE id = ?", {scope.id})) {
        path.country_code = row->text(0);
        path.school_id = scope.id;
      }
      break;
    case ScopeKind::class_:
      if (const auto row = connection->query_one(
              "SELECT s.country_code, s.id FROM classes c JOIN schools s ON s.id = c.school_id "
              "WHERE c.id = ?",
              {scope.id})) {
        path.country_code = row->text(0);
        path.school_id = row->text(1);
        path.class_id = scope.id;
      }
      break;
  }
  return path;
}

ScopePath AdminStore::user_path(const User& user) {
  if (!user.school_id) {
    return {};
  }
  return scope_path(Scope{.kind = ScopeKind::school, .id = *user.school_id});
}

std::vector<School> AdminStore::search_schools(const ScopeFilter& visible, const SchoolQuery& query,
                                               bool& more) {
  more = false;
  std::vector<School> out;
  if (visible.empty()) {
    return out;
  }
  Sql sql;
  sql.add("SELECT s2.id, s2.code, s2.region_id, s2.country_code, s2.name FROM schools s2 WHERE ");
  if (visible.everything) {
    sql.add("1 = 1");
  } else {
    sql.add("(s2.id IN ");
    school_set(sql, visible);
    sql.add(" OR s2.id IN (SELECT c2.school_id FROM classes c2 WHERE ")
        .in("c2.id", visible.class_ids)
        .add("))");
  }
  if (!query.country.empty()) {
    sql.add(" AND s2.country_code = ?").value(query.country);
  }
  if (!query.text.empty()) {
    const std::string pattern = like_pattern(query.text);
    sql.add(" AND (lower(s2.name) LIKE ? ESCAPE '\\' OR lower(s2.code) LIKE ? ESCAPE '\\')")
        .value(pattern)
        .value(pattern);
  }
  sql.add(" ORDER BY s2.country_code, s2.name, s2.id LIMIT ? OFFSET ?")
      .value(static_cast<std::int64_t>(query.limit + 1))
      .value(static_cast<std::int64_t>(query.offset));
  auto connection = database_.read();
  for (const auto& row : connection->query(sql.text, sql.params).rows) {
    if (out.size() == query.limit) {
      more = true;
      break;
    }
    out.push_back(school_from(row));
  }
  return out;
}

std::vector<StaffMember> AdminStore::staff_of_school(std::string_view school_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT " + std::string(kUserColumns) +
          ", g.id, g.role, g.scope_kind, g.scope_id FROM users u" + std::string(kUserJoins) +
          " JOIN role_grants g ON "
          "g.user_id = u.id WHERE u.kind = 'staff' AND ((g.scope_kind = 'school' AND g.scope_id "
          "= ?) OR (g.scope_kind = 'class' AND g.scope_id IN (SELECT id FROM classes WHERE "
          "school_id = ?))) ORDER BY u.display_name, u.id, g.id",
      {std::string(school_id), std::string(school_id)});
  std::vector<StaffMember> out;
  for (const auto& row : result.rows) {
    const auto role = parse_role(row.text(11));
    const auto kind = parse_scope_kind(row.text(12));
    if (!role || !kind) {
      continue;
    }
    out.push_back(StaffMember{.user = user_from(row),
                              .grant = RoleGrant{.id = row.text(10),
                                                 .user_id = row.text(0),
                                                 .role = *role,
                                                 .scope = Scope{*kind, row.text(13)}}});
  }
  return out;
}

std::vector<User> AdminStore::pupils_of_class(std::string_view class_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT " + std::string(kUserColumns) + " FROM users u" + std::string(kUserJoins) +
          " JOIN role_grants g ON g.user_id = u.id WHERE g.role = 'pupil' AND "
          "g.scope_kind = 'class' AND g.scope_id = ? ORDER BY u.display_name, u.id",
      {std::string(class_id)});
  std::vector<User> out;
  for (const auto& row : result.rows) {
    out.push_back(user_from(row));
  }
  return out;
}

AuditPage AdminStore::read_audit(const ScopeFilter& visible, const AuditQuery& query) {
  AuditPage page;
  if (visible.empty()) {
    return page;
  }
  Sql sql;
  sql.add(
      "SELECT a.id, a.actor_id, a.action, a.target_kind, a.target_id, a.scope_kind, a.scope_id, "
      "a.remote_address, a.occurred_at, a.details, u.username FROM audit_log a LEFT JOIN users u "
      "ON u.id = a.actor_id WHERE ");
  scope_inside(sql, visible, "a.scope_kind", "a.scope_id");
  if (!query.action.empty()) {
    sql.add(" AND a.action = ?").value(query.action);
  }
  if (!query.actor_id.empty()) {
    sql.add(" AND a.actor_id = ?").value(query.actor_id);
  }
  if (!query.from.empty()) {
    sql.add(" AND a.occurred_at >= ?").value(query.from);
  }
  if (!query.to.empty()) {
    sql.add(" AND a.occurred_at < ?").value(query.to);
  }
  sql.add(" ORDER BY a.occurred_at DESC, a.id DESC LIMIT ? OFFSET ?")
      .value(static_cast<std::int64_t>(query.limit + 1))
      .value(static_cast<std::int64_t>(query.offset));
  auto connection = database_.read();
  for (const auto& row : connection->query(sql.text, sql.params).rows) {
    if (page.lines.size() == query.limit) {
      page.more = true;
      break;
    }
    page.lines.push_back(AuditLine{.entry = AuditEntry{.actor_id = row.optional_text(1),
                                                       .action = row.text(2),
                                                       .target_kind = row.optional_text(3),
                                                       .target_id = row.optional_text(4),
                                                       .scope_kind = row.optional_text(5),
                                                       .scope_id = row.optional_text(6),
                                                       .remote_address = row.text(7),
                                                       .details = row.text(9),
                                                       .occurred_at = row.text(8),
                                                       .id = row.text(0)},
                                   .actor_username = row.text(10)});
  }
  return page;
}

std::vector<SessionInfo> AdminStore::live_sessions(std::string_view user_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, created_at, last_seen_at, remote_address, user_agent FROM sessions WHERE "
      "user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id",
      {std::string(user_id), core::now_timestamp()});
  std::vector<SessionInfo> out;
  for (const auto& row : result.rows) {
    out.push_back(SessionInfo{.id = row.text(0),
                              .created_at = row.text(1),
                              .last_seen_at = row.text(2),
                              .remote_address = row.text(3),
                              .user_agent = row.text(4)});
  }
  return out;
}

bool AdminStore::revoke_session(std::string_view user_id, std::string_view session_id) {
  auto connection = database_.write();
  return connection->execute(
             "UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS "
             "NULL",
             {core::now_timestamp(), std::string(session_id), std::string(user_id)}) > 0;
}

std::int64_t AdminStore::revoke_other_sessions(std::string_view user_id, std::string_view keep_id) {
  auto connection = database_.write();
  return connection->execute(
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
      {core::now_timestamp(), std::string(user_id), std::string(keep_id)});
}

void AdminStore::bump(storage::Connection& connection, std::string_view table, std::string_view id,
                      std::string_view set_clause, std::vector<Value> values) {
  values.emplace_back(core::now_timestamp());
  values.emplace_back(node_id_);
  values.emplace_back(std::string(id));
  const auto result = connection.query(
      "UPDATE " + std::string(table) + " SET " + std::string(set_clause) +
          ", updated_at = ?, origin_node = ?, row_version = row_version + 1 WHERE id = ? "
          "RETURNING row_version",
      values);
  if (!result.empty()) {
  }
}

void AdminStore::set_profile(storage::Connection& connection, std::string_view user_id,
                             std::string_view display_name,
                             const std::optional<std::string>& language) {
  bump(connection, "users", user_id, "display_name = ?, preferred_language = ?",
       {std::string(display_name), optional_value(language)});
}

void AdminStore::set_disabled(storage::Connection& connection, std::string_view user_id,
                              bool disabled, const std::optional<std::string>& changed_by) {
  // The status row only (user_rows.hpp): the profile and password keep their own versions.
  write_user_status(connection, user_id, disabled, changed_by, node_id_);
  if (disabled) {
    connection.execute(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS "
        "NULL",
        {core::now_timestamp(), std::string(user_id)});
  }
}

void AdminStore::delete_grant(storage::Connection& connection, std::string_view grant_id) {
  const auto row = connection.query_one("SELECT row_version FROM role_grants WHERE id = ?",
                                        {std::string(grant_id)});
  if (!row) {
    return;
  }
  connection.execute("DELETE FROM role_grants WHERE id = ?", {std::string(grant_id)});
}

void AdminStore::update_school(storage::Connection& connection, const School& school) {
  bump(connection, "schools", school.id, "name = ?, region_id = ?",
       {school.name, optional_value(school.region_id)});
}

void AdminStore::update_class(storage::Connection& connection, const SchoolClass& school_class) {
  bump(connection, "classes", school_class.id, "name = ?, level_slug = ?",
       {school_class.name, optional_value(school_class.level_slug)});
}

std::string AdminStore::ensure_region(storage::Connection& connection,
                                      std::string_view country_code, std::string_view name) {
  if (const auto row =
          connection.query_one("SELECT id FROM regions WHERE country_code = ? AND name = ?",
                               {std::string(country_code), std::string(name)})) {
    return row->text(0);
  }
  const std::string id = region_id(country_code, name);
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO regions (id, country_code, name, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {id, std::string(country_code), std::string(name), now, now, node_id_});
  return id;
}

std::optional<std::string> AdminStore::region_name(std::string_view region_id) {
  auto connection = database_.read();
  const auto row =
      connection->query_one("SELECT name FROM regions WHERE id = ?", {std::string(region_id)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

}  // namespace imaginecole::accounts
