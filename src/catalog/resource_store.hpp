// SPDX-License-Identifier: AGPL-3.0-or-later
// Reads and writes the shared library's resources, and lists them as each country placed
// them. Writes stamp the record and append to the change log in the same transaction; only
// published resources are ever listed or shown publicly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/resource.hpp"
#include "storage/database.hpp"

namespace imaginecole::catalog {

class ResourceStore {
 public:
  ResourceStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // Writes inside the caller's write transaction. Fills id, slug and stamps when empty.
  // Throws InvalidInput for a kind, audience or licence the schema refuses.
  void insert(storage::Connection& connection, Resource& resource);
  // The same in its own transaction.
  void create(Resource& resource);

  // The editorial workflow's projection (authoring/): copies a published version into the
  // row pupils, lists and search read, in the caller's transaction. `attribution` is the JSON
  // of an adaptation's origin line (null otherwise); `questions` (exercise sets) the JSON
  // array of the published questions, written only when given. `version` is the number shown
  // to people, `version_id` the UUID of that version (what sync trusts, migration 0016).
  void write_published(storage::Connection& connection, const Resource& resource, int version,
                       std::string_view version_id, const std::optional<std::string>& attribution,
                       const std::optional<std::string>& questions);
  // The same, for a projection written outside the workflow (the demo's questions, before any
  // version row exists): no version UUID to point at yet.
  void write_published(storage::Connection& connection, const Resource& resource, int version,
                       const std::optional<std::string>& attribution,
                       const std::optional<std::string>& questions) {
    write_published(connection, resource, version, {}, attribution, questions);
  }
  // "unpublished" hides the resource from every public page; "draft"/"in_review" before the
  // first publication.
  void set_status(storage::Connection& connection, std::string_view id, std::string_view status);
  // An adaptation's attribution (JSON object), for the resource page.
  std::optional<std::string> attribution_of(std::string_view id);

  // A published resource; nullopt for unknown or unpublished ids.
  std::optional<Resource> find_published(std::string_view id);
  // The questions (JSON array) of a published exercise set; nullopt for anything else.
  std::optional<std::string> published_questions(std::string_view id);
  // Every placement of a resource, hidden ones too, by country, with level and node names.
  std::vector<Placement> placements_of(std::string_view resource_id);

  // Published resources placed (not hidden) in the filter's country, one line per resource,
  // ordered by the country's position, then newest first, then id.
  ResourceList list(const ResourceFilter& filter);
  // The newest published resources placed in `country`.
  std::vector<ResourceSummary> newest(std::string_view country, int count);
  // The most opened resources placed in `country` (resource_usage).
  std::vector<ResourceSummary> most_used(std::string_view country, int count);

  // Levels of other countries matched with the levels where the resource is placed.
  std::vector<CrosswalkSuggestion> crosswalk_suggestions(std::string_view resource_id);
  // Replaces the crosswalk with `json` (data/demo/crosswalk.json), in the caller's
  // transaction; returns the number of levels listed.
  int load_crosswalk(storage::Connection& connection, std::string_view json);

  storage::Database& database() { return database_; }
  const std::string& node_id() const { return node_id_; }

 private:
  storage::Database& database_;
  std::string node_id_;
};

// "Équations du premier degré" -> "equations-du-premier-degre".
std::string slugify(std::string_view title);

}  // namespace imaginecole::catalog
