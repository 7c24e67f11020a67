// SPDX-License-Identifier: AGPL-3.0-or-later
// Loads the ten countries' school systems (data/demo/countries.json, embedded) into the
// database: the demo data of `imaginecole init --demo`, and the starting curricula that
// country admins then edit.
#pragma once

#include <string>
#include <string_view>

#include "catalog/curriculum_store.hpp"

namespace imaginecole::catalog {

struct CurriculaLoadReport {
  bool already_present = false;
  int countries = 0;
  int levels = 0;
  int exams = 0;
  int subjects = 0;
};

// Loads `json` (the countries.json schema, see data/demo/README.md) in one transaction.
// Does nothing when countries already exist. Throws InvalidInput for a malformed document,
// leaving the database untouched.
CurriculaLoadReport load_curricula(CurriculumStore& store, std::string_view json);

// The embedded data/demo/countries.json.
std::string_view embedded_countries_json();

}  // namespace imaginecole::catalog
