// SPDX-License-Identifier: AGPL-3.0-or-later
// Fills the shared library: the demo lessons (data/demo/resources.json, embedded) with their
// placements, the crosswalk (data/demo/crosswalk.json), and large generated catalogues for
// benchmarks (`imaginecole demo generate --resources N`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/placement_store.hpp"
#include "catalog/resource_store.hpp"

namespace imaginecole::catalog {

struct ResourcesLoadReport {
  bool already_present = false;
  int resources = 0;
  int placements = 0;
  int crosswalk_levels = 0;
};

// Loads `json` (see data/demo/README.md: {"resources": [...]}) in one transaction, after the
// curricula. Does nothing when resources already exist. Throws InvalidInput for a malformed
// document (naming the resource's key), leaving the database untouched.
ResourcesLoadReport load_resources(ResourceStore& resources, PlacementStore& placements,
                                   std::string_view json);

// The embedded data/demo/resources.json and crosswalk.json (empty when absent).
std::string_view embedded_resources_json();
// Another file of data/demo compiled into the binary; empty when absent.
std::string_view embedded_demo_file(std::string_view name);
std::string_view embedded_crosswalk_json();

// Loads the crosswalk in its own transaction; returns the number of levels.
int load_crosswalk(ResourceStore& resources, std::string_view json);

struct GenerateOptions {
  int count = 1000;
  std::uint64_t seed = 1;
  int batch = 2000;  // resources per transaction
  // Only this country's subject nodes (origin and own placement); empty: every country.
  std::string country;
  // Only this level slug ("cm2"); empty: every level.
  std::string level;
};

struct GenerateReport {
  int resources = 0;
  int placements = 0;
  double seconds = 0;
};

// Generates `count` published resources with French-looking titles and bodies spread over the
// countries, levels and subjects in the database (or one country's, one level's: options);
// each placed in its origin country and, for about a third, also at the matching level of
// another country. Needs the curricula; InvalidInput when no subject node fits the options.
GenerateReport generate_resources(ResourceStore& resources, PlacementStore& placements,
                                  const GenerateOptions& options);

}  // namespace imaginecole::catalog
