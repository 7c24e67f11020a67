// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/parsed_sets.hpp"

namespace imaginecole::learning {

std::shared_ptr<const ParsedSet> ParsedSets::get(const std::string& version_id,
                                                 std::string_view questions_json) {
  {
    std::lock_guard lock(mutex_);
    if (const auto found = by_version_.find(version_id);
        found != by_version_.end() && found->second->questions_json == questions_json) {
      return found->second;
    }
  }
  // Parsed outside the lock: two answers to a new version may both parse it, once each.
  auto parsed = std::make_shared<ParsedSet>();
  parsed->version_id = version_id;
  parsed->questions_json = std::string(questions_json);
  parsed->questions = exercises::questions_from_json(questions_json);
  for (std::size_t i = 0; i < parsed->questions.size(); ++i) {
    parsed->index_by_id.emplace(parsed->questions[i].id, i);  // the first of a repeated id
  }
  std::lock_guard lock(mutex_);
  if (by_version_.size() >= max_sets_ && !by_version_.contains(version_id)) {
    by_version_.clear();  // bounded memory; the sets in use come back at their next answer
  }
  by_version_.insert_or_assign(version_id, parsed);
  return parsed;
}

}  // namespace imaginecole::learning
