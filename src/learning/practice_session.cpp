// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/practice_session.hpp"

#include <algorithm>
#include <charconv>

namespace imaginecole::learning {
namespace {

std::vector<std::size_t> parse_indexes(std::string_view text, std::size_t count,
                                       std::vector<bool>& seen) {
  std::vector<std::size_t> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error == std::errc() && end == part.data() + part.size() && value < count && !seen[value]) {
      seen[value] = true;
      out.push_back(value);
    }
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

std::string join_indexes(const std::vector<std::size_t>& indexes) {
  std::string out;
  for (const std::size_t index : indexes) {
    out += (out.empty() ? "" : ",") + std::to_string(index);
  }
  return out;
}

PracticeSession PracticeSession::start(std::vector<std::size_t> gradable) {
  return PracticeSession{.left = std::move(gradable), .right = {}, .streak = 0};
}

PracticeSession PracticeSession::parse(std::string_view left, std::string_view right,
                                       std::string_view streak, std::size_t count) {
  std::vector<bool> seen(count, false);
  PracticeSession session;
  session.left = parse_indexes(left, count, seen);
  session.right = parse_indexes(right, count, seen);
  int value = 0;
  const auto [end, error] = std::from_chars(streak.data(), streak.data() + streak.size(), value);
  (void)end;
  session.streak = error == std::errc() ? std::clamp(value, 0, kMasteryStreak) : 0;
  return session;
}

PracticeSession PracticeSession::after(bool correct) const {
  PracticeSession next = *this;
  if (next.left.empty()) {
    return next;
  }
  const std::size_t current = next.left.front();
  next.left.erase(next.left.begin());
  if (correct) {
    next.right.push_back(current);
    ++next.streak;
  } else {
    next.streak = 0;
    const std::size_t at = std::min(kComeBackAfter, next.left.size());
    next.left.insert(next.left.begin() + static_cast<std::ptrdiff_t>(at), current);
  }
  return next;
}

PracticeSession PracticeSession::skipped() const {
  PracticeSession next = *this;
  if (next.left.size() > 1) {
    std::rotate(next.left.begin(), next.left.begin() + 1, next.left.end());
  }
  return next;
}

std::string PracticeSession::left_field() const {
  return join_indexes(left);
}
std::string PracticeSession::right_field() const {
  return join_indexes(right);
}

std::string PracticeSession::query() const {
  // Commas are allowed in a query; an empty `left` after answers still says "started".
  return "?mode=practice&left=" + left_field() + "&right=" + right_field() +
         "&streak=" + std::to_string(streak) + "&started=1";
}

}  // namespace imaginecole::learning
