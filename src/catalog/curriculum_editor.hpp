// SPDX-License-Identifier: AGPL-3.0-or-later
// What a country admin changes in their country's tree: add a node under another, rename,
// move it among its siblings, retire it. Retiring hides a node (and what is below it) from the
// tree; it never deletes a node, a placement or a resource.
#pragma once

#include <optional>
#include <string>

#include "catalog/curriculum.hpp"
#include "catalog/edit_result.hpp"
#include "storage/database.hpp"

namespace imaginecole::catalog {

struct NewNode {
  std::optional<std::string> parent_id;  // none for a cycle
  NodeKind kind = NodeKind::unit;
  std::string slug;
  std::string names;            // JSON object {"fr": "...", ...}
  std::optional<int> position;  // default: last
};

struct NodeChange {
  std::optional<std::string> names;  // rename
  std::optional<int> position;       // move among siblings (0 = first)
  std::optional<bool> retired;       // retire or restore
};

class CurriculumEditor {
 public:
  CurriculumEditor(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  EditResult<CurriculumNode> add(std::string_view country_code, const NewNode& node);
  EditResult<CurriculumNode> change(std::string_view country_code, std::string_view node_id,
                                    const NodeChange& change);

 private:
  storage::Database& database_;
  std::string node_id_;
};

// Checks a names object: a JSON object of 1 to 8 languages, each a text of 1 to 200 bytes.
// Returns its canonical serialization.
std::optional<std::string> valid_names(std::string_view json);
bool valid_slug(std::string_view slug);

}  // namespace imaginecole::catalog
