// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/nearby_resources.hpp"

namespace imaginecole::catalog {

std::map<std::string, std::int64_t> resources_per_subject(storage::Database& database,
                                                          std::string_view country,
                                                          std::string_view level_id) {
  auto connection = database.read();
  const auto result = connection->query(
      "SELECT p.subject_slug, COUNT(DISTINCT p.resource_id) FROM placements p"
      " JOIN resources r ON r.id = p.resource_id"
      " WHERE p.country_code = ? AND p.level_id = ? AND p.hidden = 0"
      " AND r.status = 'published' AND p.subject_slug IS NOT NULL GROUP BY p.subject_slug",
      {std::string(country), std::string(level_id)});
  std::map<std::string, std::int64_t> out;
  for (const auto& row : result.rows) {
    out[row.text(0)] = row.integer(1);
  }
  return out;
}

std::map<std::string, std::int64_t> resources_per_level(storage::Database& database,
                                                        std::string_view country,
                                                        std::string_view subject_slug) {
  auto connection = database.read();
  const auto result = connection->query(
      "SELECT p.level_id, COUNT(DISTINCT p.resource_id) FROM placements p"
      " JOIN resources r ON r.id = p.resource_id"
      " WHERE p.country_code = ? AND p.subject_slug = ? AND p.hidden = 0"
      " AND r.status = 'published' GROUP BY p.level_id",
      {std::string(country), std::string(subject_slug)});
  std::map<std::string, std::int64_t> out;
  for (const auto& row : result.rows) {
    out[row.text(0)] = row.integer(1);
  }
  return out;
}

std::vector<CrosswalkResource> crosswalk_resources(storage::Database& database,
                                                   std::string_view country,
                                                   std::string_view level_slug,
                                                   std::string_view subject_slug, int limit) {
  auto connection = database.read();
  // The crosswalk names levels by slug; the placements point at level nodes by id. A resource
  // several countries placed comes once per country: the first line (the newest) is kept.
  const auto result = connection->query(
      "SELECT r.id, r.title, p.country_code, n.names FROM level_crosswalk own"
      " JOIN level_crosswalk other ON other.group_key = own.group_key"
      " AND other.country_code <> own.country_code"
      " JOIN curriculum_nodes n ON n.country_code = other.country_code AND n.kind = 'level'"
      " AND n.slug = other.level_slug AND n.retired = 0"
      " JOIN placements p ON p.level_id = n.id AND p.subject_slug = ? AND p.hidden = 0"
      " JOIN resources r ON r.id = p.resource_id AND r.status = 'published'"
      " WHERE own.country_code = ? AND own.level_slug = ?"
      " ORDER BY r.published_at DESC, r.id, p.country_code LIMIT ?",
      {std::string(subject_slug), std::string(country), std::string(level_slug),
       static_cast<std::int64_t>(limit) * 8});
  std::vector<CrosswalkResource> out;
  for (const auto& row : result.rows) {
    if (static_cast<int>(out.size()) == limit) {
      break;
    }
    if (!out.empty() && out.back().id == row.text(0)) {
      continue;
    }
    out.push_back(CrosswalkResource{.id = row.text(0),
                                    .title = row.text(1),
                                    .country_code = row.text(2),
                                    .level_names = row.text(3)});
  }
  return out;
}

}  // namespace imaginecole::catalog
