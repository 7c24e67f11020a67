// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/synced_tables.hpp"

namespace imaginecole::learning {

void register_synced_tables(storage::RecordRegistry& registry) {
  // Attempts are written once and never changed: two servers' copies merge by keeping both
  // (their ids differ; the client's UUID is unique, so a replay is never a second row). They
  // travel within the pupil's school, and up to the country for its reports.
  registry.add(
      {.name = "attempts",
       .owner = "learning",
       .rule = storage::ConflictRule::append_only,
       .scope = {"SELECT {row}.country_code AS country, s.code AS school FROM schools s "
                 "WHERE s.id = {row}.school_id "
                 "UNION ALL SELECT {row}.country_code, NULL WHERE {row}.school_id IS NULL"},
       .has_row_version = false});
  // A teacher's assignment belongs to the class's school; the school's server decides it
  // (a cancel on the hub and an edit on the school box: the later one wins).
  registry.add({.name = "assignments",
                .owner = "learning",
                .rule = storage::ConflictRule::last_writer_wins,
                .scope = {"SELECT s.country_code AS country, s.code AS school FROM schools s "
                          "WHERE s.id = {row}.school_id"}});
  // Marks are appended like attempts (the latest one counts) and travel with them.
  registry.add(
      {.name = "attempt_marks",
       .owner = "learning",
       .rule = storage::ConflictRule::append_only,
       .scope = {"SELECT {row}.country_code AS country, s.code AS school FROM schools s "
                 "WHERE s.id = {row}.school_id "
                 "UNION ALL SELECT {row}.country_code, NULL WHERE {row}.school_id IS NULL"},
       .has_row_version = false});
}

}  // namespace imaginecole::learning
