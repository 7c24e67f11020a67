// SPDX-License-Identifier: AGPL-3.0-or-later
// The learning_paths and learning_path_steps tables, and the append-only step_completions.
// Every function runs on the caller's connection, inside its transaction when it has one.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "learning/path.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

void insert_path(storage::Connection& connection, const LearningPath& path,
                 std::string_view node_id);
// Title, level, description and steps (rewritten in order).
void update_path(storage::Connection& connection, const LearningPath& path,
                 std::string_view node_id);
std::optional<LearningPath> find_path(storage::Connection& connection, std::string_view id);
// The national paths of a level, then those of `school_id` (when given), by title.
std::vector<LearningPath> paths_of_level(storage::Connection& connection,
                                         std::string_view country_code, std::string_view level_slug,
                                         const std::optional<std::string>& school_id);

struct StepCompletion {
  std::string id;
  std::string client_id;
  std::string pupil_id;
  std::optional<std::string> school_id;
  std::string country_code;
  std::string path_id;
  std::string resource_id;
  std::string completed_at;
  std::string origin_node;
};
struct AppendedCompletion {
  StepCompletion completion;  // the one stored under the client's UUID (the first)
  bool recorded = false;
};
AppendedCompletion append_completion(storage::Connection& connection,
                                     const StepCompletion& completion);
// The resources of `path_id` the pupil said were done.
std::set<std::string> completed_resources(storage::Connection& connection,
                                          std::string_view pupil_id, std::string_view path_id);
std::int64_t delete_completions_of_pupil(storage::Connection& connection,
                                         std::string_view pupil_id);

}  // namespace imaginecole::learning
