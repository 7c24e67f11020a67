// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/synced_tables.hpp"

namespace imaginecole::authoring {

using storage::ConflictRule;

namespace {

constexpr const char* kResourceCountry =
    "SELECT r.origin_country AS country, NULL AS school FROM resources r "
    "WHERE r.id = {row}.resource_id";

}  // namespace

void register_synced_tables(storage::RecordRegistry& registry) {
  // A teacher's class resource goes to the class's school; made public (no class), its
  // resource enters the whole country.
  registry.add({.name = "resource_workflow",
                .owner = "authoring",
                .rule = ConflictRule::last_writer_wins,
                .scope = {"SELECT {row}.country_code AS country, NULL AS school "
                          "UNION SELECT s.country_code, s.code FROM classes c "
                          "JOIN schools s ON s.id = c.school_id WHERE c.id = {row}.class_id"},
                .content = true,
                .also_logs = {{.entity = "resources",
                               .id_sql = "{row}.id",
                               .scope = {"SELECT {row}.country_code AS country, NULL AS school "
                                         "WHERE {row}.class_id IS NULL"}}}});
  registry.add({.name = "resource_versions",
                .owner = "authoring",
                .rule = ConflictRule::append_only,
                .scope = {kResourceCountry}});
  registry.add({.name = "resource_reviews",
                .owner = "authoring",
                .rule = ConflictRule::append_only,
                .scope = {kResourceCountry}});
}

}  // namespace imaginecole::authoring
