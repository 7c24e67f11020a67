// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/assignment.hpp"

#include <algorithm>
#include <array>

namespace imaginecole::learning {
namespace {

bool digits(std::string_view text, std::size_t from, std::size_t count) {
  if (text.size() < from + count) {
    return false;
  }
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                     text.begin() + static_cast<std::ptrdiff_t>(from + count),
                     [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view text, std::size_t from, std::size_t count) {
  int out = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    out = out * 10 + (text[i] - '0');
  }
  return out;
}

bool plausible_date(std::string_view text) {
  if (text.size() < 10 || !digits(text, 0, 4) || text[4] != '-' || !digits(text, 5, 2) ||
      text[7] != '-' || !digits(text, 8, 2)) {
    return false;
  }
  const int month = number(text, 5, 2);
  const int day = number(text, 8, 2);
  return number(text, 0, 4) >= 2000 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

bool is_assignment_mode(std::string_view text) {
  return text == "practice" || text == "quiz";
}
bool is_assignment_order(std::string_view text) {
  return text == "fixed" || text == "shuffled";
}
bool is_solutions_rule(std::string_view text) {
  return text == "always" || text == "after_attempt" || text == "after_due" || text == "never";
}

bool Assignment::includes(std::string_view pupil_id) const {
  return pupil_ids.empty() ||
         std::find(pupil_ids.begin(), pupil_ids.end(), pupil_id) != pupil_ids.end();
}

std::string_view status_name(AssignmentStatus status) {
  switch (status) {
    case AssignmentStatus::not_started:
      return "not_started";
    case AssignmentStatus::in_progress:
      return "in_progress";
    case AssignmentStatus::done:
      return "done";
    case AssignmentStatus::overdue:
      return "overdue";
  }
  return "not_started";
}

std::optional<std::string> normalize_time(std::string_view text, bool end_of_day) {
  if (!plausible_date(text)) {
    return std::nullopt;
  }
  const std::string date(text.substr(0, 10));
  if (text.size() == 10) {
    return date + (end_of_day ? "T23:59:59.999Z" : "T00:00:00.000Z");
  }
  // "T08:30", then optionally ":00", ".123", "Z".
  if (text[10] != 'T' || !digits(text, 11, 2) || text.size() < 16 || text[13] != ':' ||
      !digits(text, 14, 2) || number(text, 11, 2) > 23 || number(text, 14, 2) > 59) {
    return std::nullopt;
  }
  std::string seconds = "00";
  std::string millis = "000";
  std::string_view rest = text.substr(16);
  if (!rest.empty() && rest.front() == ':') {
    if (!digits(rest, 1, 2) || number(rest, 1, 2) > 59) {
      return std::nullopt;
    }
    seconds = std::string(rest.substr(1, 2));
    rest.remove_prefix(3);
  }
  if (!rest.empty() && rest.front() == '.') {
    if (!digits(rest, 1, 3)) {
      return std::nullopt;
    }
    millis = std::string(rest.substr(1, 3));
    rest.remove_prefix(4);
  }
  if (rest == "Z") {
    rest.remove_prefix(1);
  }
  if (!rest.empty()) {
    return std::nullopt;
  }
  return date + "T" + std::string(text.substr(11, 5)) + ":" + seconds + "." + millis + "Z";
}

}  // namespace imaginecole::learning
