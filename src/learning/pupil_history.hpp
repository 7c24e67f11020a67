// SPDX-License-Identifier: AGPL-3.0-or-later
// A pupil's history for their teacher: their attempts, newest first, each with the question,
// their response, the verdict and the latest mark of an open answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "learning/attempt.hpp"
#include "learning/mark_rows.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

struct HistoryEntry {
  Attempt attempt;
  std::string resource_title;
  std::string prompt;  // Markdown; "" when the question left the set
  std::optional<Mark> mark;
};

inline constexpr std::int64_t kHistoryPage = 200;

std::vector<HistoryEntry> pupil_history(storage::Database& database, std::string_view pupil_id);

// A response as a person reads it: the text typed, the choices' numbers, "vrai"/"faux"…
std::string readable_response(const std::string& response_json);

}  // namespace imaginecole::learning
