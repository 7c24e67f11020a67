// SPDX-License-Identifier: AGPL-3.0-or-later
// Skills from placements: a resource a country placed at a unit or a topic of its curriculum
// practises that unit or topic. Its questions without tags of their own count for it
// (decision 0032).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::catalog {

// For each of `resource_ids` that `country_code` placed (visibly) at a unit or topic node, the
// ids of those nodes.
std::map<std::string, std::vector<std::string>> skill_placements(
    storage::Connection& connection, std::string_view country_code,
    const std::vector<std::string>& resource_ids);

// The subject slug of the placements of each of `resource_ids` in `country_code` (the first
// one with a subject), for progress per subject.
std::map<std::string, std::string> subject_placements(storage::Connection& connection,
                                                      std::string_view country_code,
                                                      const std::vector<std::string>& resource_ids);

}  // namespace imaginecole::catalog
