// SPDX-License-Identifier: AGPL-3.0-or-later
// Placements: any country puts any published resource in its own tree, at a level, subject,
// unit or topic node, at its own position, and may hide it again. The level, subject and unit
// are copied from the node's ancestors so that lists need no tree walk.
#pragma once

#include <optional>
#include <string>

#include "catalog/edit_result.hpp"
#include "catalog/resource.hpp"
#include "storage/database.hpp"

namespace imaginecole::catalog {

struct PlacementRequest {
  std::string country_code;
  std::string resource_id;
  std::string node_id;
  std::optional<int> position;           // default: after the node's last placement
  std::optional<std::string> placed_by;  // user id
};

class PlacementStore {
 public:
  PlacementStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // In the caller's write transaction.
  EditResult<Placement> place(storage::Connection& connection, const PlacementRequest& request);
  // In its own transaction.
  EditResult<Placement> place(const PlacementRequest& request);
  // Hides or shows a placement of `country_code` (a country changes only its own).
  EditResult<Placement> set_hidden(std::string_view country_code, std::string_view placement_id,
                                   bool hidden);
  std::optional<Placement> find(std::string_view placement_id);
  // Inserts a placement whose level, subject and unit the caller already resolved (bulk
  // loads), in the caller's transaction. Fills id and created_at.
  void insert_resolved(storage::Connection& connection, Placement& placement);

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::catalog
