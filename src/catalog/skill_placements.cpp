// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/skill_placements.hpp"

namespace imaginecole::catalog {
namespace {

// "?, ?, ?" and the values, for an IN list.
std::string in_list(const std::vector<std::string>& ids, std::vector<storage::Value>& params) {
  std::string marks;
  for (const auto& id : ids) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  return marks;
}

}  // namespace

std::map<std::string, std::vector<std::string>> skill_placements(
    storage::Connection& connection, std::string_view country_code,
    const std::vector<std::string>& resource_ids) {
  std::map<std::string, std::vector<std::string>> out;
  if (resource_ids.empty()) {
    return out;
  }
  std::vector<storage::Value> params = {std::string(country_code)};
  const std::string marks = in_list(resource_ids, params);
  const auto rows = connection.query(
      "SELECT p.resource_id, p.node_id FROM placements p "
      "JOIN curriculum_nodes n ON n.id = p.node_id "
      "WHERE p.country_code = ? AND p.hidden = 0 AND n.retired = 0 "
      "AND n.kind IN ('unit', 'topic') AND p.resource_id IN (" +
          marks + ") ORDER BY p.resource_id, p.position, p.node_id",
      storage::Params(params));
  for (const auto& row : rows.rows) {
    out[row.text(0)].push_back(row.text(1));
  }
  return out;
}

std::map<std::string, std::string> subject_placements(
    storage::Connection& connection, std::string_view country_code,
    const std::vector<std::string>& resource_ids) {
  std::map<std::string, std::string> out;
  if (resource_ids.empty()) {
    return out;
  }
  std::vector<storage::Value> params = {std::string(country_code)};
  const std::string marks = in_list(resource_ids, params);
  const auto rows = connection.query(
      "SELECT resource_id, subject_slug FROM placements "
      "WHERE country_code = ? AND hidden = 0 AND subject_slug IS NOT NULL "
      "AND resource_id IN (" +
          marks + ") ORDER BY resource_id, position",
      storage::Params(params));
  for (const auto& row : rows.rows) {
    out.emplace(row.text(0), row.text(1));
  }
  return out;
}

}  // namespace imaginecole::catalog
