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
  // Paths are content: a national one travels to its whole country, a teacher's to its school.
  registry.add(
      {.name = "learning_paths",
       .owner = "learning",
       .rule = storage::ConflictRule::last_writer_wins,
       .scope = {"SELECT {row}.country_code AS country, s.code AS school FROM schools s "
                 "WHERE s.id = {row}.school_id "
                 "UNION ALL SELECT {row}.country_code, NULL WHERE {row}.school_id IS NULL"},
       .content = true});
  registry.add(
      {.name = "learning_path_steps",
       .owner = "learning",
       .rule = storage::ConflictRule::last_writer_wins,
       .key = {"path_id", "resource_id"},
       .scope = {"SELECT p.country_code AS country, s.code AS school FROM learning_paths p "
                 "LEFT JOIN schools s ON s.id = p.school_id WHERE p.id = {row}.path_id"},
       .content = true,
       .has_row_version = false});
  // "J'ai lu" records, like attempts: written once, both copies kept, within the school.
  registry.add(
      {.name = "step_completions",
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
