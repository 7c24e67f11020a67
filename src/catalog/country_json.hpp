// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON shape of countries in the API (documented in docs/api/openapi.yaml).
#pragma once

#include <boost/json/object.hpp>

#include <string_view>
#include <vector>

#include "catalog/curriculum.hpp"

namespace imaginecole::catalog {

// {code, name, names, languages, streams, cycles: [{..., levels: [...]}], exams: [...]}.
// With `subjects`, each level lists its subjects.
boost::json::object country_to_json(const Country& country,
                                    const std::vector<const CurriculumNode*>& nodes,
                                    const std::vector<const Exam*>& exams,
                                    std::string_view language, bool with_subjects);

}  // namespace imaginecole::catalog
