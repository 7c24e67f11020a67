// SPDX-License-Identifier: AGPL-3.0-or-later
// The attempt_marks table: a teacher's mark (score and comment) for one attempt, appended; the
// latest mark of an attempt is the one that counts (migration 0024). Attempts are never
// updated: a mark lives beside its attempt.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::learning {

struct Mark {
  std::string id;
  std::string attempt_id;
  std::string marker_id;
  std::optional<std::string> school_id;
  std::string country_code;
  double score = 0;  // 0..1
  std::string comment;
  std::string marked_at;
};

inline constexpr std::size_t kMaxMarkComment = 2000;

void append_mark(storage::Connection& connection, const Mark& mark);
// The latest mark of each of `attempt_ids` that has one.
std::map<std::string, Mark> latest_marks(storage::Connection& connection,
                                         const std::vector<std::string>& attempt_ids);

}  // namespace imaginecole::learning
