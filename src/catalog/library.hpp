// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared library's parts, built once per process over one database: resources,
// placements, curriculum edits and the usage counter.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "catalog/curriculum_editor.hpp"
#include "catalog/placement_store.hpp"
#include "catalog/resource_store.hpp"
#include "catalog/usage_counter.hpp"

namespace imaginecole::catalog {

struct LibraryOptions {
  // How often page views counted in memory are written to resource_usage (0: only on
  // flush() and at shutdown).
  std::chrono::milliseconds usage_flush_every{5000};
  // An exercise set's questions (resources.questions) as pupils receive them, without the
  // answers, for GET /api/v1/resources/{id}; the exercises capability provides it (it knows
  // the questions' form). Unset: the API lists no questions.
  std::function<boost::json::value(std::string_view questions_json)> questions_for_pupils;
};

class Library {
 public:
  Library(storage::Database& database, const std::string& node_id, LibraryOptions options = {})
      : resources_(database, node_id),
        placements_(database, node_id),
        editor_(database, node_id),
        usage_(database, options.usage_flush_every),
        questions_for_pupils_(std::move(options.questions_for_pupils)) {}

  ResourceStore& resources() { return resources_; }
  PlacementStore& placements() { return placements_; }
  CurriculumEditor& editor() { return editor_; }
  UsageCounter& usage() { return usage_; }
  const std::function<boost::json::value(std::string_view)>& questions_for_pupils() const {
    return questions_for_pupils_;
  }

 private:
  ResourceStore resources_;
  PlacementStore placements_;
  CurriculumEditor editor_;
  UsageCounter usage_;
  std::function<boost::json::value(std::string_view)> questions_for_pupils_;
};

}  // namespace imaginecole::catalog
