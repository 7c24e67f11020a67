// SPDX-License-Identifier: AGPL-3.0-or-later
// A small library written with plain SQL (as any writer would), so that the tests also prove
// that the triggers of migration 0004 index what others write.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::search::testing {

struct TestResource {
  std::string id;
  std::string title;
  std::string summary;
  std::string body;
  std::string kind = "lesson";
  std::string language = "fr";
  std::string status = "published";
  std::string subject_slugs = "[]";
  std::string exam_codes = "[]";
  std::string origin_country = "SN";
};

inline void add_country(storage::Connection& connection, const std::string& code) {
  connection.execute(
      "INSERT INTO countries (id, code, names, languages, position, created_at, updated_at,"
      " origin_node) VALUES (?, ?, ?, '[\"fr\"]', 0, '2026-01-01T00:00:00Z',"
      " '2026-01-01T00:00:00Z', 'test')",
      {"country-" + code, code, "{\"fr\": \"" + code + "\"}"});
}

// Adds a level (under a cycle made for it) and returns its id.
inline std::string add_level(storage::Connection& connection, const std::string& country,
                             const std::string& slug) {
  const std::string cycle = "cycle-" + country + "-" + slug;
  const std::string level = "level-" + country + "-" + slug;
  connection.execute(
      "INSERT INTO curriculum_nodes (id, country_code, parent_id, kind, slug, names, position,"
      " created_at, updated_at, origin_node) VALUES (?, ?, NULL, 'cycle', ?, '{\"fr\": \"C\"}', 0,"
      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')",
      {cycle, country, "cycle-" + slug});
  connection.execute(
      "INSERT INTO curriculum_nodes (id, country_code, parent_id, kind, slug, names, position,"
      " created_at, updated_at, origin_node) VALUES (?, ?, ?, 'level', ?, ?, 0,"
      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')",
      {level, country, cycle, slug, "{\"fr\": \"" + slug + "\"}"});
  return level;
}

inline void add_resource(storage::Connection& connection, const TestResource& r) {
  connection.execute(
      "INSERT INTO resources (id, kind, slug, title, summary, body, language, audience, licence,"
      " origin_country, subject_slugs, exam_codes, status, created_at, updated_at, origin_node)"
      " VALUES (?, ?, 'slug', ?, ?, ?, ?, 'pupil', 'CC-BY-4.0', ?, ?, ?, ?,"
      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')",
      {r.id, r.kind, r.title, r.summary, r.body, r.language, r.origin_country, r.subject_slugs,
       r.exam_codes, r.status});
}

inline void place(storage::Connection& connection, const std::string& country,
                  const std::string& resource_id, const std::string& level_id,
                  const std::string& subject_slug, bool hidden = false) {
  connection.execute(
      "INSERT INTO placements (id, country_code, resource_id, node_id, level_id, subject_slug,"
      " hidden, created_at, updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?,"
      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')",
      {"placement-" + country + "-" + resource_id + "-" + level_id, country, resource_id, level_id,
       level_id, subject_slug, std::int64_t{hidden ? 1 : 0}});
}

}  // namespace imaginecole::search::testing
