// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/synced_tables.hpp"

namespace imaginecole::classroom {

using storage::ConflictRule;

void register_synced_tables(storage::RecordRegistry& registry) {
  // Join requests and sign-in cards belong to the school's server, which decides them.
  registry.add({.name = "join_requests",
                .owner = "classroom",
                .rule = ConflictRule::owner_wins,
                .scope = {"SELECT s.country_code AS country, s.code AS school FROM schools s "
                          "WHERE s.id = {row}.school_id"}});
  registry.add({.name = "picture_cards",
                .owner = "classroom",
                .rule = ConflictRule::owner_wins,
                .scope = {"SELECT s.country_code AS country, s.code AS school FROM users u "
                          "JOIN schools s ON s.id = u.school_id WHERE u.id = {row}.id"}});
  // Imports run on the hub, for one country ("oneroster:SN").
  registry.add({.name = "roster_links",
                .owner = "classroom",
                .rule = ConflictRule::owner_wins,
                .scope = {"SELECT CASE WHEN {row}.source LIKE 'oneroster:%' "
                          "THEN substr({row}.source, 11) END AS country, NULL AS school"}});
}

}  // namespace imaginecole::classroom
