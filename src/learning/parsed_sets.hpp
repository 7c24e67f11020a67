// SPDX-License-Identifier: AGPL-3.0-or-later
// Published exercise sets, parsed once and shared by every answer graded against them. Each
// answer used to parse its set's questions from JSON again: 13 % of the CPU of recording an
// attempt. An entry is found by the version's id and used only when the questions' text is the
// very text it was parsed from, so a version whose row changed is parsed again, never graded
// against what it used to say.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::learning {

struct ParsedSet {
  std::string version_id;
  std::string questions_json;                  // what it was parsed from
  std::vector<exercises::Question> questions;  // in the set's order
  std::map<std::string, std::size_t, std::less<>> index_by_id;

  // nullptr when the set has no question with this id.
  const exercises::Question* find(std::string_view question_id) const {
    const auto found = index_by_id.find(question_id);
    return found == index_by_id.end() ? nullptr : &questions[found->second];
  }
};

class ParsedSets {
 public:
  explicit ParsedSets(std::size_t max_sets = 512) : max_sets_(max_sets) {}

  // The set of this version with these questions, parsed now or earlier. Throws what
  // exercises::questions_from_json throws.
  std::shared_ptr<const ParsedSet> get(const std::string& version_id,
                                       std::string_view questions_json);

 private:
  std::size_t max_sets_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const ParsedSet>> by_version_;
};

}  // namespace imaginecole::learning
