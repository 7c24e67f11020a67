// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/synced_tables.hpp"

namespace imaginecole::accounts {

using storage::ConflictRule;

namespace {

// The country and code of the school a row points at.
std::string school_of(std::string_view school_id_sql) {
  return "SELECT s.country_code AS country, s.code AS school FROM schools s WHERE s.id = " +
         std::string(school_id_sql);
}

// A grant or an audit line is scoped by its (scope_kind, scope_id).
std::string scope_of_kind_and_id() {
  return "SELECT NULL AS country, NULL AS school WHERE {row}.scope_kind IS NULL "
         "OR {row}.scope_kind NOT IN ('country', 'school', 'class') "
         "UNION ALL SELECT {row}.scope_id, NULL WHERE {row}.scope_kind = 'country' "
         "UNION ALL SELECT s.country_code, s.code FROM schools s "
         "WHERE {row}.scope_kind = 'school' AND s.id = {row}.scope_id "
         "UNION ALL SELECT s.country_code, s.code FROM classes c JOIN schools s "
         "ON s.id = c.school_id WHERE {row}.scope_kind = 'class' AND c.id = {row}.scope_id";
}

}  // namespace

void register_synced_tables(storage::RecordRegistry& registry) {
  registry.add({.name = "regions",
                .owner = "accounts",
                .rule = ConflictRule::owner_wins,
                .scope = {"SELECT {row}.country_code AS country, NULL AS school"}});
  // School codes are handed out by the national hub only (decision 0021).
  registry.add({.name = "schools",
                .owner = "accounts",
                .rule = ConflictRule::owner_wins,
                .scope = {"SELECT {row}.country_code AS country, {row}.code AS school"},
                .content = true});
  registry.add({.name = "classes",
                .owner = "accounts",
                .rule = ConflictRule::owner_wins,
                .scope = {school_of("{row}.school_id")}});
  // A pupil belongs to one school's server; staff without a school go everywhere.
  registry.add({.name = "users",
                .owner = "accounts",
                .rule = ConflictRule::owner_wins,
                .scope = {school_of("{row}.school_id") +
                          " UNION ALL SELECT NULL, NULL WHERE {row}.school_id IS NULL"}});
  // A user's password and disabled flag change apart from the profile (migration 0017), so that
  // two servers editing them at once don't undo each other.
  for (const char* part : {"user_credentials", "user_status"}) {
    registry.add({.name = part,
                  .owner = "accounts",
                  .rule = ConflictRule::last_writer_wins,
                  .key = {"user_id"},
                  .scope = {"SELECT s.country_code AS country, s.code AS school FROM users u "
                            "JOIN schools s ON s.id = u.school_id WHERE u.id = {row}.user_id "
                            "UNION ALL SELECT NULL, NULL FROM users u WHERE u.id = {row}.user_id "
                            "AND u.school_id IS NULL"}});
  }
  registry.add({.name = "role_grants",
                .owner = "accounts",
                .rule = ConflictRule::owner_wins,
                .scope = {scope_of_kind_and_id()}});
  registry.add({.name = "audit_log",
                .owner = "accounts",
                .rule = ConflictRule::append_only,
                .scope = {scope_of_kind_and_id()}});
  registry.add_local({.name = "sessions",
                      .owner = "accounts",
                      .why = "a session is valid on the server that signed the user in"});
  registry.add_local({.name = "login_attempts",
                      .owner = "accounts",
                      .why = "sign-in throttling counts what reaches this server"});
}

}  // namespace imaginecole::accounts
