// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/synced_tables.hpp"

namespace imaginecole::exercises {

using storage::ConflictRule;

void register_synced_tables(storage::RecordRegistry& registry) {
  registry.add({.name = "questions",
                .owner = "exercises",
                .rule = ConflictRule::last_writer_wins,
                .scope = {"SELECT {row}.country_code AS country, NULL AS school"},
                .content = true});
  // A set's questions travel with the set's resource.
  registry.add({.name = "exercise_set_questions",
                .owner = "exercises",
                .rule = ConflictRule::last_writer_wins,
                .key = {"resource_id", "question_id"},
                .scope = {"SELECT r.origin_country AS country, NULL AS school FROM resources r "
                          "WHERE r.id = {row}.resource_id"},
                .content = true,
                .has_row_version = false});
  // The skills a question is tagged with travel with the question (its country).
  registry.add({.name = "question_skills",
                .owner = "exercises",
                .rule = ConflictRule::last_writer_wins,
                .key = {"question_id", "skill_id"},
                .scope = {"SELECT q.country_code AS country, NULL AS school FROM questions q "
                          "WHERE q.id = {row}.question_id"},
                .content = true,
                .has_row_version = false});
}

}  // namespace imaginecole::exercises
