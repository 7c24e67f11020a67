// SPDX-License-Identifier: AGPL-3.0-or-later
// One learning record: an answer a pupil gave to one question of a published exercise set, as
// it was graded then. Appended once, never changed (the attempts table, migration 0021).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace imaginecole::learning {

struct Attempt {
  std::string id;         // UUIDv7 made by the server that recorded it
  std::string client_id;  // UUID made by the pupil's device: the same answer sent again
  std::string pupil_id;
  std::optional<std::string> school_id;
  std::string country_code;
  std::string resource_id;
  std::string version_id;  // the published version answered ("" before versions existed)
  std::string question_id;
  std::string question_type;
  std::string response;  // JSON (learning/response.hpp)
  bool correct = false;
  double score = 0;                   // 0..1
  std::vector<std::string> feedback;  // the lines shown to the pupil (Markdown)
  std::optional<std::int64_t> duration_ms;
  std::string answered_at;  // the device's clock when offline
  std::string recorded_at;  // when this server made it durable
  std::string origin_node;
};

}  // namespace imaginecole::learning
