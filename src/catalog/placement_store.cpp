// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/placement_store.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::catalog {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kPlacementColumns =
    "id, country_code, resource_id, node_id, level_id, subject_slug, unit_id, position, hidden, "
    "placed_by, created_at, row_version";

Placement placement_from(const Row& row) {
  return Placement{.id = row.text(0),
                   .country_code = row.text(1),
                   .resource_id = row.text(2),
                   .node_id = row.text(3),
                   .level_id = row.text(4),
                   .subject_slug = row.optional_text(5),
                   .unit_id = row.optional_text(6),
                   .position = static_cast<int>(row.integer(7)),
                   .hidden = row.integer(8) != 0,
                   .placed_by = row.optional_text(9),
                   .created_at = row.text(10)};
}

}  // namespace

EditResult<Placement> PlacementStore::place(storage::Connection& connection,
                                            const PlacementRequest& request) {
  const auto resource =
      connection.query_one("SELECT status FROM resources WHERE id = ?", {request.resource_id});
  if (!resource) {
    return not_found("No resource with this id.");
  }
  if (resource->text(0) != "published") {
    return invalid("Only a published resource can be placed.");
  }
  Placement placement;
  placement.country_code = request.country_code;
  placement.resource_id = request.resource_id;
  placement.node_id = request.node_id;
  // Walk up from the node: its level, subject and unit.
  std::optional<std::string> current = request.node_id;
  bool first = true;
  for (int depth = 0; current && depth < 8; ++depth) {
    const auto node = connection.query_one(
        "SELECT country_code, parent_id, kind, subject_slug, retired FROM curriculum_nodes "
        "WHERE id = ?",
        {*current});
    if (!node) {
      return not_found("No curriculum node with this id.");
    }
    const std::string kind = node->text(2);
    if (first) {
      if (node->text(0) != request.country_code) {
        return invalid("A country places resources only in its own tree.");
      }
      if (node->integer(4) != 0) {
        return invalid("This node is retired.");
      }
      if (kind == "cycle") {
        return invalid("Place a resource at a level, subject, unit or topic.");
      }
      first = false;
    }
    if (kind == "level") {
      placement.level_id = *current;
    } else if (kind == "subject") {
      placement.subject_slug = node->optional_text(3);
    } else if (kind == "unit") {
      placement.unit_id = *current;
    }
    current = node->optional_text(1);
  }
  if (placement.level_id.empty()) {
    return invalid("This node is not under a level.");
  }
  if (connection.query_one(
          "SELECT 1 FROM placements WHERE country_code = ? AND resource_id = ? AND node_id = ?",
          {placement.country_code, placement.resource_id, placement.node_id})) {
    return conflict("This resource is already placed at this node.");
  }
  if (request.position) {
    placement.position = *request.position;
  } else {
    const auto last =
        connection.query_one("SELECT COALESCE(MAX(position), -1) FROM placements WHERE node_id = ?",
                             {placement.node_id});
    placement.position = static_cast<int>(last->integer(0)) + 1;
  }
  placement.placed_by = request.placed_by;
  insert_resolved(connection, placement);
  return placement;
}

EditResult<Placement> PlacementStore::place(const PlacementRequest& request) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  auto result = place(*connection, request);
  if (result) {
    transaction.commit();
  }
  return result;
}

EditResult<Placement> PlacementStore::set_hidden(std::string_view country_code,
                                                 std::string_view placement_id, bool hidden) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto row = connection->query_one("SELECT " + std::string(kPlacementColumns) +
                                             " FROM placements WHERE id = ? AND country_code = ?",
                                         {std::string(placement_id), std::string(country_code)});
  if (!row) {
    return not_found("No placement with this id in this country.");
  }
  Placement placement = placement_from(*row);
  const std::int64_t version = row->integer(11) + 1;
  connection->execute(
      "UPDATE placements SET hidden = ?, updated_at = ?, origin_node = ?, row_version = ? "
      "WHERE id = ?",
      {static_cast<std::int64_t>(hidden ? 1 : 0), core::now_timestamp(), node_id_, version,
       placement.id});
  transaction.commit();
  placement.hidden = hidden;
  return placement;
}

void PlacementStore::insert_resolved(storage::Connection& connection, Placement& placement) {
  placement.id = core::new_id();
  placement.created_at = core::now_timestamp();
  connection.execute(
      "INSERT INTO placements (id, country_code, resource_id, node_id, level_id, subject_slug, "
      "unit_id, position, hidden, placed_by, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
      {placement.id, placement.country_code, placement.resource_id, placement.node_id,
       placement.level_id, placement.subject_slug ? Value(*placement.subject_slug) : Value(nullptr),
       placement.unit_id ? Value(*placement.unit_id) : Value(nullptr),
       static_cast<std::int64_t>(placement.position),
       placement.placed_by ? Value(*placement.placed_by) : Value(nullptr), placement.created_at,
       placement.created_at, node_id_});
}

std::optional<Placement> PlacementStore::find(std::string_view placement_id) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT " + std::string(kPlacementColumns) + " FROM placements WHERE id = ?",
      {std::string(placement_id)});
  if (!row) {
    return std::nullopt;
  }
  return placement_from(*row);
}

}  // namespace imaginecole::catalog
