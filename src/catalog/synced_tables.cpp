// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/synced_tables.hpp"

namespace imaginecole::catalog {

using storage::ConflictRule;

void register_synced_tables(storage::RecordRegistry& registry) {
  // Reference data: every server needs all of it; its ids come from its seed, so servers seeded
  // apart agree; the platform (subjects, countries, crosswalk) or the country owns it.
  registry.add(
      {.name = "subjects", .owner = "catalog", .rule = ConflictRule::owner_wins, .content = true});
  registry.add(
      {.name = "countries", .owner = "catalog", .rule = ConflictRule::owner_wins, .content = true});
  registry.add({.name = "level_crosswalk",
                .owner = "catalog",
                .rule = ConflictRule::owner_wins,
                .key = {"country_code", "level_slug"},
                .content = true,
                .has_row_version = false});
  const storage::ScopeQuery own_country{"SELECT {row}.country_code AS country, NULL AS school"};
  registry.add({.name = "curriculum_nodes",
                .owner = "catalog",
                .rule = ConflictRule::owner_wins,
                .scope = own_country,
                .content = true});
  registry.add({.name = "exams",
                .owner = "catalog",
                .rule = ConflictRule::owner_wins,
                .scope = own_country,
                .content = true});
  // A resource goes to the country that made it and to every country that placed it.
  registry.add({.name = "resources",
                .owner = "catalog",
                .rule = ConflictRule::last_writer_wins,
                .scope = {"SELECT {row}.origin_country AS country, NULL AS school "
                          "UNION SELECT p.country_code, NULL FROM placements p "
                          "WHERE p.resource_id = {row}.id"},
                .content = true});
  // A placement brings its resource into the placing country: that country's servers get the
  // resource's line too, not only the placement's.
  registry.add({.name = "placements",
                .owner = "catalog",
                .rule = ConflictRule::owner_wins,
                .scope = own_country,
                .content = true,
                .also_logs = {
                    {.entity = "resources", .id_sql = "{row}.resource_id", .scope = own_country}}});
  registry.add_local({.name = "resource_usage",
                      .owner = "catalog",
                      .why = "views counted by each server; dashboards will sum them"});
}

}  // namespace imaginecole::catalog
