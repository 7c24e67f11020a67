// SPDX-License-Identifier: AGPL-3.0-or-later
// Resources of the shared library and their placements in countries' trees, as values; and
// the filters the pages and the API list them with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::catalog {

// The kinds, audiences and licences the schema accepts (0003_resources.sql).
bool is_resource_kind(std::string_view text);
bool is_audience(std::string_view text);
bool is_licence(std::string_view text);
const std::vector<std::string_view>& resource_kinds();

struct Resource {
  std::string id;
  std::string kind = "lesson";
  std::string slug;
  std::string title;
  std::string summary;
  std::string body;  // Markdown
  std::string language = "fr";
  std::string audience = "pupil";
  std::string licence = "CC-BY-SA-4.0";
  std::vector<std::string> authors;
  std::string origin_country;
  std::optional<int> duration_minutes;
  std::vector<std::string> subject_slugs;
  std::vector<std::string> exam_codes;
  std::string status = "published";
  std::optional<std::string> published_at;
  std::string created_at;
  std::string updated_at;
};

struct Placement {
  std::string id;
  std::string country_code;
  std::string resource_id;
  std::string node_id;
  std::string level_id;
  std::optional<std::string> subject_slug;
  std::optional<std::string> unit_id;
  int position = 0;
  bool hidden = false;
  std::optional<std::string> placed_by;
  std::string created_at;
  // Filled when read for display: the level's and the node's slugs and names (JSON).
  std::string level_slug;
  std::string level_names;
  std::string node_kind;
  std::string node_names;
};

// What a list shows: resources placed (not hidden) in `country`'s tree.
struct ResourceFilter {
  std::string country;                 // required
  std::optional<std::string> level;    // level slug
  std::optional<std::string> subject;  // subject slug
  std::optional<std::string> unit_id;  // a unit node
  std::optional<std::string> kind;
  std::optional<std::string> language;
  std::optional<std::string> exam;  // exam code
  int page = 1;                     // from 1
};

inline constexpr int kPageSize = 20;

struct ResourceSummary {
  std::string id;
  std::string kind;
  std::string title;
  std::string summary;
  std::string language;
  std::string origin_country;
  std::optional<std::string> published_at;
  std::optional<int> duration_minutes;
};

struct ResourceList {
  std::int64_t total = 0;
  int page = 1;
  std::vector<ResourceSummary> results;

  int page_count() const { return static_cast<int>((total + kPageSize - 1) / kPageSize); }
};

// A level of another country where a resource could be placed (from the crosswalk).
struct CrosswalkSuggestion {
  std::string country_code;
  std::string level_slug;
  std::string level_names;
  std::string group_key;
};

}  // namespace imaginecole::catalog
