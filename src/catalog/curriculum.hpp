// SPDX-License-Identifier: AGPL-3.0-or-later
// The countries and their curricula as values: country > cycle > level > subject > unit >
// topic, national exams attached to the levels they close. Names are JSON objects keyed by
// language ({"fr": "...", "en": "..."}) because every country names things in several.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace imaginecole::catalog {

struct Country {
  std::string id;
  std::string code;            // ISO 3166-1 alpha-2
  std::string names;           // JSON object
  std::string languages;       // JSON array of BCP 47 codes
  std::string streams = "[]";  // JSON array of {slug, name, language}
  int position = 0;
};

enum class NodeKind { cycle, level, subject, unit, topic };
std::string_view node_kind_name(NodeKind kind);
std::optional<NodeKind> parse_node_kind(std::string_view text);

struct CurriculumNode {
  std::string id;
  std::string country_code;
  std::optional<std::string> parent_id;
  NodeKind kind = NodeKind::cycle;
  std::string slug;
  std::string names;
  std::optional<std::string> full_names;
  int position = 0;
  std::optional<std::string> subsystem;  // Cameroon: francophone / anglophone
  std::optional<std::string> language;
  std::optional<int> typical_age;
  std::optional<std::string> subject_slug;
  bool retired = false;
};

struct Exam {
  std::string id;
  std::string country_code;
  std::string code;
  std::string names;
  std::string kind;  // certificate | competitive
  std::string level_id;
  bool unverified = false;
};

struct Subject {
  std::string id;
  std::string slug;
  std::string names;
  int position = 0;
};

// A country's whole tree, as the pages and the API need it.
struct CountryCurriculum {
  Country country;
  std::vector<CurriculumNode> nodes;  // ordered by kind depth, then position
  std::vector<Exam> exams;

  std::vector<const CurriculumNode*> children_of(const std::string& parent_id) const;
  std::vector<const CurriculumNode*> cycles() const;
  const CurriculumNode* find_level(std::string_view slug) const;
  const CurriculumNode* find(std::string_view id) const;
};

}  // namespace imaginecole::catalog
