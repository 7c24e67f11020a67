// SPDX-License-Identifier: AGPL-3.0-or-later
// Learning paths: made and edited by editors (national) and teachers (their school), followed
// by pupils step by step. A pupil's progress is derived from records, never kept in place: an
// exercise step is done once the pupil's attempts with that set cover all its questions; any
// other step once the pupil said "j'ai lu" (an append-only completion, idempotent by the
// client's UUID).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/privacy_data.hpp"
#include "catalog/resource_store.hpp"
#include "learning/attempts.hpp"
#include "learning/path.hpp"
#include "learning/path_rows.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

struct StepDoneOutcome {
  int status = 200;   // 200, or 404 / 409 with `error`
  std::string error;  // for people
  StepCompletion completion;
  bool recorded = false;  // false on a replay of the same client UUID
};

class Paths {
 public:
  Paths(storage::Database& database, std::string node_id, catalog::ResourceStore& resources)
      : database_(database), node_id_(std::move(node_id)), resources_(resources) {}

  std::optional<LearningPath> find(std::string_view id);
  std::vector<LearningPath> of_level(std::string_view country, std::string_view level,
                                     const std::optional<std::string>& school_id);
  // Sets the id and times.
  void create(LearningPath& path);
  void save(LearningPath& path);

  // A published resource placed in `country`'s tree (what a path of that country may hold).
  bool can_be_step(std::string_view resource_id, std::string_view country);

  // The steps with titles; with a pupil, their progress.
  std::vector<PathStep> steps(const LearningPath& path, const std::optional<std::string>& pupil_id);

  // "J'ai lu" for step `number` (from 1). Exercise steps are done by answering, not by saying.
  StepDoneOutcome mark_done(const Pupil& pupil, const LearningPath& path, int number,
                            const std::string& client_id);

  // Export and erasure of a pupil's completions (accounts::PupilData).
  accounts::PupilDataSection pupil_data_section();

 private:
  storage::Database& database_;
  std::string node_id_;
  catalog::ResourceStore& resources_;
};

}  // namespace imaginecole::learning
