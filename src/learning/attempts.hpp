// SPDX-License-Identifier: AGPL-3.0-or-later
// Recording pupils' answers: each submission is graded against the published version of its
// exercise set and appended as an attempt, acknowledged only once durable (the write
// transaction's commit waits for it). The client's UUID makes a submission idempotent: sent
// again, it returns the first result and records nothing.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/privacy_data.hpp"
#include "learning/attempt.hpp"
#include "learning/attempt_rows.hpp"
#include "learning/parsed_sets.hpp"
#include "learning/skill_mastery.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

struct Pupil {
  std::string id;
  std::optional<std::string> school_id;
  std::string country_code;
};

struct Submission {
  std::string client_id;
  std::string question_id;
  std::string resource_id;
  boost::json::value response;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> answered_at;  // offline devices say when; else the server's now
};

// What became of one submission.
struct Outcome {
  int status = 200;   // 200: recorded now or earlier; else 400, 404, 409, 422 with `error`
  std::string error;  // for people
  Attempt attempt;
  bool recorded = false;  // false on a replay: the first result, nothing written
};

class Attempts {
 public:
  Attempts(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)), mastery_(database, node_id_) {}

  // One outcome per submission, in order. The new attempts are written in one transaction.
  std::vector<Outcome> submit(const Pupil& pupil, const std::vector<Submission>& submissions);

  std::vector<ResourceProgress> progress(std::string_view pupil_id);
  std::vector<Attempt> recent(std::string_view pupil_id, std::int64_t limit);
  // Mastery per skill, derived from the attempts (decision 0032).
  SkillMastery& mastery() { return mastery_; }
  storage::Database& database() { return database_; }
  const std::string& node_id() const { return node_id_; }
  // Published sets parsed once per version (the player's pages use them too).
  ParsedSets& parsed_sets() { return parsed_sets_; }

  // Export and erasure of a pupil's attempts (accounts::PupilData).
  accounts::PupilDataSection pupil_data_section();

 private:
  storage::Database& database_;
  std::string node_id_;
  SkillMastery mastery_;
  ParsedSets parsed_sets_;
};

}  // namespace imaginecole::learning
