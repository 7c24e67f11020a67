// SPDX-License-Identifier: AGPL-3.0-or-later
// A practice session "until mastery" as a plain value kept in the page (hidden fields and the
// "next" link), never in the server's memory: the questions still to answer (the first is
// shown), those answered right once, and the current run of right answers. It ends when every
// question was answered right once or after kMasteryStreak right answers in a row. A wrong
// answer sends its question back a few places later.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::learning {

inline constexpr int kMasteryStreak = 5;
inline constexpr std::size_t kComeBackAfter = 2;  // questions shown before a missed one returns

struct PracticeSession {
  std::vector<std::size_t> left;  // indexes into the set's questions, the first is current
  std::vector<std::size_t> right;
  int streak = 0;

  // A new session over `gradable` (indexes, in the order to ask them).
  static PracticeSession start(std::vector<std::size_t> gradable);
  // From the page's fields ("3,4,1", "0,2", "2"); indexes not below `count` or repeated are
  // dropped (the set may have changed since the page was made). Empty `left` means none left.
  static PracticeSession parse(std::string_view left, std::string_view right,
                               std::string_view streak, std::size_t count);

  bool finished() const { return left.empty() || streak >= kMasteryStreak; }
  // After the current question was answered: right, or wrong (it comes back later).
  PracticeSession after(bool correct) const;
  // The current question skipped: it goes to the end.
  PracticeSession skipped() const;

  std::string left_field() const;
  std::string right_field() const;
  // "?mode=practice&left=…&right=…&streak=…" for the link to the next page.
  std::string query() const;
};

std::string join_indexes(const std::vector<std::size_t>& indexes);

}  // namespace imaginecole::learning
