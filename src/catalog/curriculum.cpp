// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/curriculum.hpp"

namespace imaginecole::catalog {

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::cycle:
      return "cycle";
    case NodeKind::level:
      return "level";
    case NodeKind::subject:
      return "subject";
    case NodeKind::unit:
      return "unit";
    case NodeKind::topic:
      return "topic";
  }
  return "cycle";
}

std::optional<NodeKind> parse_node_kind(std::string_view text) {
  for (const NodeKind kind :
       {NodeKind::cycle, NodeKind::level, NodeKind::subject, NodeKind::unit, NodeKind::topic}) {
    if (node_kind_name(kind) == text) {
      return kind;
    }
  }
  return std::nullopt;
}

std::vector<const CurriculumNode*> CountryCurriculum::children_of(
    const std::string& parent_id) const {
  std::vector<const CurriculumNode*> out;
  for (const auto& node : nodes) {
    if (node.parent_id && *node.parent_id == parent_id) {
      out.push_back(&node);
    }
  }
  return out;
}

std::vector<const CurriculumNode*> CountryCurriculum::cycles() const {
  std::vector<const CurriculumNode*> out;
  for (const auto& node : nodes) {
    if (node.kind == NodeKind::cycle) {
      out.push_back(&node);
    }
  }
  return out;
}

const CurriculumNode* CountryCurriculum::find_level(std::string_view slug) const {
  for (const auto& node : nodes) {
    if (node.kind == NodeKind::level && node.slug == slug) {
      return &node;
    }
  }
  return nullptr;
}

const CurriculumNode* CountryCurriculum::find(std::string_view id) const {
  for (const auto& node : nodes) {
    if (node.id == id) {
      return &node;
    }
  }
  return nullptr;
}

}  // namespace imaginecole::catalog
