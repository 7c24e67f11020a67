// SPDX-License-Identifier: AGPL-3.0-or-later
// The class report, as data (pages, the API and print read the same value): pupils × assigned
// items with each pupil's attempts, best and last score and status; the questions most
// missed (the share of pupils whose last answer is wrong); who has not started. Built from
// three reads whatever the class's size: its pupils, its assignments, and one statement over
// their attempts (tally_rows.hpp).
#pragma once

#include <string>
#include <vector>

#include "accounts/models.hpp"
#include "learning/assignments.hpp"

namespace imaginecole::learning {

struct ReportItem {
  AssignmentView view;
  std::int64_t questions = 0;
};

struct ReportCell {
  bool assigned = true;  // false: the item is for other pupils of the class
  ItemProgress progress;
};

struct ReportPupil {
  accounts::User pupil;
  std::vector<ReportCell> cells;  // one per item, in the items' order
  bool started = false;           // an answer to some item assigned to them
};

struct MissedQuestion {
  std::string resource_id;
  std::string resource_title;
  std::string question_id;
  std::string prompt;  // Markdown
  std::int64_t pupils_answered = 0;
  std::int64_t pupils_wrong = 0;  // whose last answer is wrong
  double share_wrong = 0;
};

struct ClassReport {
  std::vector<ReportItem> items;
  std::vector<ReportPupil> pupils;
  std::vector<MissedQuestion> most_missed;  // at most kMostMissed, the worst first
  std::vector<accounts::User> not_started;
};

inline constexpr std::size_t kMostMissed = 10;

ClassReport class_report(storage::Database& database, Assignments& assignments,
                         accounts::Accounts& accounts, const classroom::ClassView& view);

}  // namespace imaginecole::learning
