// SPDX-License-Identifier: AGPL-3.0-or-later
// The attempts table: append, find by the client's UUID, a pupil's records. Every function
// runs on the caller's connection, inside the caller's transaction when it has one.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "learning/attempt.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

struct Appended {
  Attempt attempt;        // the record stored under the client's UUID (the first one)
  bool recorded = false;  // false: that UUID was already used, nothing was written
};

// Appends `attempt` unless an attempt with its client_id exists. Safe against a concurrent
// append of the same client_id: one row wins, both callers get it.
Appended append_attempt(storage::Connection& connection, const Attempt& attempt);

std::optional<Attempt> find_attempt_by_client_id(storage::Connection& connection,
                                                 std::string_view client_id);

// A pupil's attempts, newest first.
std::vector<Attempt> attempts_of_pupil(storage::Connection& connection, std::string_view pupil_id,
                                       std::int64_t limit);

// Deletes a pupil's attempts (erasure of a minor's data); returns how many.
std::int64_t delete_attempts_of_pupil(storage::Connection& connection, std::string_view pupil_id);

// The distinct questions of `resource_id` the pupil answered (right or wrong).
std::set<std::string> answered_questions(storage::Connection& connection, std::string_view pupil_id,
                                         std::string_view resource_id);

struct ResourceProgress {
  std::string resource_id;
  std::int64_t attempts = 0;
  std::int64_t questions_answered = 0;  // distinct questions
  std::int64_t questions_correct = 0;   // distinct questions answered right at least once
  std::string last_at;
};
// Per exercise set the pupil answered, most recent first.
std::vector<ResourceProgress> progress_of_pupil(storage::Connection& connection,
                                                std::string_view pupil_id);

std::optional<Attempt> find_attempt(storage::Connection& connection, std::string_view id);

// Open answers (question_type 'essay') of these pupils that no teacher has marked yet, oldest
// first: the marking queue.
std::vector<Attempt> essays_waiting_for_mark(storage::Connection& connection,
                                             const std::vector<std::string>& pupil_ids,
                                             std::int64_t limit);

}  // namespace imaginecole::learning
