// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/media_references.hpp"

#include "catalog/resource_queries.hpp"

namespace imaginecole::authoring {

std::vector<VersionReference> versions_containing(storage::Connection& connection,
                                                  const std::string& like_pattern) {
  const auto result = connection.query(
      "SELECT v.resource_id, v.number, w.title FROM resource_versions v "
      "LEFT JOIN resource_workflow w ON w.id = v.resource_id "
      "WHERE v.snapshot LIKE ? ORDER BY v.resource_id, v.number",
      {like_pattern});
  std::vector<VersionReference> out;
  for (const auto& row : result.rows) {
    VersionReference reference{.resource_id = row.text(0),
                               .number = static_cast<int>(row.integer(1))};
    if (const auto title = row.optional_text(2)) {
      reference.title = *title;
    } else {
      reference.title = catalog::resource_title(connection, reference.resource_id).value_or("");
    }
    out.push_back(std::move(reference));
  }
  return out;
}

}  // namespace imaginecole::authoring
