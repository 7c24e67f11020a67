// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/curriculum_editor.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;
using storage::Connection;
using storage::Value;

// Renumbers the siblings of `parent` (in `country`) 0, 1, 2… with `moved` at `position`.
void renumber(Connection& connection, const std::string& country,
              const std::optional<std::string>& parent, const std::string& moved, int position,
              const std::string& origin_node) {
  const auto siblings =
      parent ? connection.query(
                   "SELECT id, row_version FROM curriculum_nodes WHERE parent_id = ? "
                   "AND retired = 0 ORDER BY position, slug",
                   {*parent})
             : connection.query(
                   "SELECT id, row_version FROM curriculum_nodes WHERE parent_id IS "
                   "NULL AND country_code = ? AND retired = 0 ORDER BY position, slug",
                   {country});
  std::vector<std::pair<std::string, std::int64_t>> order;
  for (const auto& row : siblings.rows) {
    if (row.text(0) != moved) {
      order.emplace_back(row.text(0), row.integer(1));
    }
  }
  const auto at = static_cast<std::size_t>(std::clamp(position, 0, static_cast<int>(order.size())));
  std::int64_t moved_version = 0;
  if (const auto row =
          connection.query_one("SELECT row_version FROM curriculum_nodes WHERE id = ?", {moved})) {
    moved_version = row->integer(0);
  }
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), {moved, moved_version});
  const std::string now = core::now_timestamp();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto changed = connection.execute(
        "UPDATE curriculum_nodes SET position = ?, updated_at = ?, origin_node = ?, "
        "row_version = row_version + 1 WHERE id = ? AND position <> ?",
        {static_cast<std::int64_t>(i), now, origin_node, order[i].first,
         static_cast<std::int64_t>(i)});
    if (changed > 0) {
    }
  }
}

}  // namespace

bool valid_slug(std::string_view slug) {
  return !slug.empty() && slug.size() <= 60 && std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<std::string> valid_names(std::string_view text) {
  json::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_object() || value.as_object().empty() || value.as_object().size() > 8) {
    return std::nullopt;
  }
  for (const auto& [language, name] : value.as_object()) {
    if (language.empty() || language.size() > 12 || !name.is_string() || name.as_string().empty() ||
        name.as_string().size() > 200) {
      return std::nullopt;
    }
  }
  return json::serialize(value);
}

EditResult<CurriculumNode> CurriculumEditor::add(std::string_view country_code,
                                                 const NewNode& request) {
  if (!valid_slug(request.slug)) {
    return invalid("The slug must be 1 to 60 lower-case letters, digits or dashes.");
  }
  const auto names = valid_names(request.names);
  if (!names) {
    return invalid("Names must be an object of texts by language, e.g. {\"fr\": \"…\"}.");
  }
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  CurriculumNode node;
  node.country_code = std::string(country_code);
  node.kind = request.kind;
  node.slug = request.slug;
  node.names = *names;
  node.parent_id = request.parent_id;
  if (request.kind == NodeKind::cycle) {
    if (request.parent_id) {
      return invalid("A cycle has no parent.");
    }
  } else {
    if (!request.parent_id) {
      return invalid("This node needs a parent.");
    }
    const auto parent = connection->query_one(
        "SELECT country_code, kind, retired, subsystem, language, subject_slug FROM "
        "curriculum_nodes WHERE id = ?",
        {*request.parent_id});
    if (!parent || parent->text(0) != country_code) {
      return not_found("No node with this id in this country.");
    }
    if (parent->integer(2) != 0) {
      return invalid("The parent node is retired.");
    }
    const auto parent_kind = parse_node_kind(parent->text(1));
    if (!parent_kind || static_cast<int>(*parent_kind) + 1 != static_cast<int>(request.kind)) {
      return invalid("A " + std::string(node_kind_name(request.kind)) + " cannot go under a " +
                     parent->text(1) + ".");
    }
    node.subsystem = parent->optional_text(3);
    node.language = parent->optional_text(4);
    node.subject_slug = parent->optional_text(5);
  }
  if (request.kind == NodeKind::subject) {
    if (!connection->query_one("SELECT 1 FROM subjects WHERE slug = ?", {request.slug})) {
      return invalid("A subject node's slug must be a known subject (see /api/v1/countries).");
    }
    node.subject_slug = request.slug;
  }
  const bool top = request.kind == NodeKind::cycle || request.kind == NodeKind::level;
  const auto taken =
      top ? connection->query_one(
                "SELECT 1 FROM curriculum_nodes WHERE country_code = ? AND "
                "slug = ? AND kind IN ('cycle', 'level')",
                {node.country_code, node.slug})
          : connection->query_one("SELECT 1 FROM curriculum_nodes WHERE parent_id = ? AND slug = ?",
                                  {*node.parent_id, node.slug});
  if (taken) {
    return conflict("This slug is already used here.");
  }
  const auto count =
      node.parent_id
          ? connection->query_one(
                "SELECT COUNT(*) FROM curriculum_nodes WHERE parent_id = ? AND retired = 0",
                {*node.parent_id})
          : connection->query_one(
                "SELECT COUNT(*) FROM curriculum_nodes WHERE parent_id IS NULL "
                "AND country_code = ? AND retired = 0",
                {node.country_code});
  node.position = static_cast<int>(count->integer(0));
  // A random UUIDv7, not a name-based id like the seeded nodes (demo_loader.cpp): a node an
  // editor adds is a new record, owned by the country that made it, and its slug may change.
  node.id = core::new_id();
  const std::string now = core::now_timestamp();
  connection->execute(
      "INSERT INTO curriculum_nodes (id, country_code, parent_id, kind, slug, names, position, "
      "subsystem, language, subject_slug, retired, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
      {node.id, node.country_code, node.parent_id ? Value(*node.parent_id) : Value(nullptr),
       std::string(node_kind_name(node.kind)), node.slug, node.names,
       static_cast<std::int64_t>(node.position),
       node.subsystem ? Value(*node.subsystem) : Value(nullptr),
       node.language ? Value(*node.language) : Value(nullptr),
       node.subject_slug ? Value(*node.subject_slug) : Value(nullptr), now, now, node_id_});
  if (request.position && *request.position < node.position) {
    renumber(*connection, node.country_code, node.parent_id, node.id, *request.position, node_id_);
    node.position = std::max(*request.position, 0);
  }
  transaction.commit();
  return node;
}

EditResult<CurriculumNode> CurriculumEditor::change(std::string_view country_code,
                                                    std::string_view node_id,
                                                    const NodeChange& change) {
  std::optional<std::string> names;
  if (change.names) {
    names = valid_names(*change.names);
    if (!names) {
      return invalid("Names must be an object of texts by language, e.g. {\"fr\": \"…\"}.");
    }
  }
  if (!names && !change.position && !change.retired) {
    return invalid("Nothing to change: give names, position or retired.");
  }
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto row = connection->query_one(
      "SELECT country_code, parent_id, kind, slug, names, position, retired, row_version "
      "FROM curriculum_nodes WHERE id = ?",
      {std::string(node_id)});
  if (!row || row->text(0) != country_code) {
    return not_found("No node with this id in this country.");
  }
  CurriculumNode node;
  node.id = std::string(node_id);
  node.country_code = row->text(0);
  node.parent_id = row->optional_text(1);
  node.kind = parse_node_kind(row->text(2)).value_or(NodeKind::topic);
  node.slug = row->text(3);
  node.names = names.value_or(row->text(4));
  node.position = static_cast<int>(row->integer(5));
  node.retired = change.retired.value_or(row->integer(6) != 0);
  const std::int64_t version = row->integer(7) + 1;
  connection->execute(
      "UPDATE curriculum_nodes SET names = ?, retired = ?, updated_at = ?, origin_node = ?, "
      "row_version = ? WHERE id = ?",
      {node.names, static_cast<std::int64_t>(node.retired ? 1 : 0), core::now_timestamp(), node_id_,
       version, node.id});
  if (change.position && !node.retired) {
    renumber(*connection, node.country_code, node.parent_id, node.id, *change.position, node_id_);
    node.position = static_cast<int>(
        connection->query_one("SELECT position FROM curriculum_nodes WHERE id = ?", {node.id})
            ->integer(0));
  }
  transaction.commit();
  return node;
}

}  // namespace imaginecole::catalog
