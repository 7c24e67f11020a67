// SPDX-License-Identifier: AGPL-3.0-or-later
// The workflow's SQL: versions (appended, never changed), the workflow row of each resource
// and the transitions. Writes take the caller's write transaction and append to the change
// log; AuthoringService decides whether a write is allowed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "authoring/workflow.hpp"
#include "storage/database.hpp"

namespace imaginecole::authoring {

// A line of a list (dashboard, review queue).
struct WorkflowSummary {
  std::string resource_id;
  std::string country_code;
  State state = State::draft;
  std::string title;
  std::optional<std::string> class_id;
  int current_version = 0;
  std::optional<int> published_version;
  std::optional<std::string> origin_resource_id;
  std::string updated_at;
  std::optional<int> class_version;
};

class AuthoringStore {
 public:
  AuthoringStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  std::optional<Workflow> workflow(storage::Connection& connection, std::string_view resource_id);
  std::optional<Workflow> workflow(std::string_view resource_id);
  void insert_workflow(storage::Connection& connection, Workflow& workflow);
  // Writes every field of `workflow` and bumps its row version.
  void update_workflow(storage::Connection& connection, Workflow& workflow);

  // Appends version `number` (the caller's next number: the UNIQUE key refuses a race).
  Version append_version(storage::Connection& connection, std::string_view resource_id, int number,
                         const Content& content, std::string_view author_id,
                         std::string_view comment);
  std::optional<Version> version(storage::Connection& connection, std::string_view resource_id,
                                 int number);
  std::optional<Version> version(std::string_view resource_id, int number);
  // Version `version_id` of the resource (nullopt when it is another resource's).
  std::optional<Version> version_by_id(std::string_view resource_id, std::string_view version_id);
  // Newest first, without their content's body (history lists).
  std::vector<Version> versions(std::string_view resource_id);

  void record_transition(storage::Connection& connection, Transition& transition);
  // Oldest first.
  std::vector<Transition> transitions(std::string_view resource_id);
  // Was version `number` ever published? (Anyone who edits somewhere may then compare it.)
  bool was_published(std::string_view resource_id, int number);

  // The country's resources in `state` (queue), or in any state (empty), newest first.
  std::vector<WorkflowSummary> in_country(std::string_view country, std::optional<State> state,
                                          int limit);
  std::vector<WorkflowSummary> created_by(std::string_view user_id, int limit);
  // Resources of a class (teachers' resources), newest first.
  std::vector<WorkflowSummary> of_class(std::string_view class_id, int limit);
  // Adaptations of `origin_id`.
  std::vector<WorkflowSummary> adaptations_of(std::string_view origin_id);

  storage::Database& database() { return database_; }
  const std::string& node_id() const { return node_id_; }

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::authoring
