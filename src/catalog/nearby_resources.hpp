// SPDX-License-Identifier: AGPL-3.0-or-later
// What the catalogue shows around a level or an empty subject so that no page is a dead end:
// how many resources each subject of a level has, the same subject at the other levels of a
// country, and what other countries placed at the levels the crosswalk matches with this one.
// Each is one grouped query, whatever the number of subjects or levels on the page.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::catalog {

// Published resources `country` placed (and did not hide) at the level `level_id`, by subject
// slug; a resource placed twice under one subject counts once.
std::map<std::string, std::int64_t> resources_per_subject(storage::Database& database,
                                                          std::string_view country,
                                                          std::string_view level_id);

// Published resources `country` placed under `subject_slug`, by level id.
std::map<std::string, std::int64_t> resources_per_level(storage::Database& database,
                                                        std::string_view country,
                                                        std::string_view subject_slug);

struct CrosswalkResource {
  std::string id;
  std::string title;
  std::string country_code;  // the country that placed it
  std::string level_names;   // JSON object: that country's name of the level
};

// Published resources that other countries placed under `subject_slug` at a level the
// crosswalk matches with `country`'s `level_slug`, newest first, each once.
std::vector<CrosswalkResource> crosswalk_resources(storage::Database& database,
                                                   std::string_view country,
                                                   std::string_view level_slug,
                                                   std::string_view subject_slug, int limit);

}  // namespace imaginecole::catalog
