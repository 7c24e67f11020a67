// SPDX-License-Identifier: AGPL-3.0-or-later
// Bulk imports of pupils and teachers: a teacher's class list (one CSV file) and OneRoster 1.1
// CSV folders. Always in two steps: the files are read and checked against the database into
// a plan (per row: create, update, unchanged, error, and remove only when asked), which is
// shown; applying rebuilds the same plan inside one write transaction and writes it only
// when it has no error, all or nothing. Accounts absent from the files are never deleted:
// with remove_absent they are disabled, their data kept.
#pragma once

#include <boost/json/fwd.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"
#include "classroom/roster_csv.hpp"

namespace imaginecole::classroom {

enum class RowAction { create, update, unchanged, remove, skip, error };
std::string_view row_action_name(RowAction action);

struct PlanRow {
  std::string file;
  std::size_t row = 0;  // 1-based record number, header = 1; 0 for removals
  RowAction action = RowAction::unchanged;
  std::string entity;                // "pupil", "teacher", "school", "class", "enrollment"
  std::string key;                   // username, school code or outside id
  std::string name;                  // display name, school or class name
  std::vector<std::string> changes;  // for updates: "display_name", "enabled", "enrolled", ...
  std::string message;               // for errors and skipped rows
  // Filled in when applied: a picture code generated for a new pupil (shown once, then only
  // its hash and the printable card remain).
  std::string picture_code;
};

struct RosterPlan {
  std::vector<PlanRow> rows;
  std::vector<RosterIssue> errors;  // every error, file-level ones included
  // What was left out without stopping the import, shown so that nothing goes unnoticed:
  // "blank_row" (its row), "unknown_column" (its name in `detail`).
  std::vector<RosterIssue> notices;
  // How a class list was read: its encoding and separator (when it could be read).
  std::optional<TextEncoding> encoding;
  char separator = 0;
  bool applied = false;
  std::optional<std::string> class_id;  // the class of a class-list import

  bool ok() const { return errors.empty(); }
  std::size_t count(RowAction action) const;
};

struct ClassListImport {
  std::string csv;
  std::string file_name = "classe.csv";
  std::string class_id;
  bool remove_absent = false;
  std::optional<std::string> actor_id;
  std::string remote_address;
};

struct OneRosterImport {
  std::map<std::string, std::string> files;  // "users.csv" -> its bytes
  std::string country_code;                  // schools are created in this country
  bool remove_absent = false;
  std::optional<std::string> actor_id;
  std::string remote_address;
};

// Reads the files of a OneRoster folder (the *.csv files directly in it). InvalidInput when
// the folder cannot be read.
std::map<std::string, std::string> read_oneroster_folder(const std::string& path);

class RosterImporter {
 public:
  RosterImporter(accounts::Accounts& accounts, std::string node_id)
      : accounts_(accounts), node_id_(std::move(node_id)) {}

  // With apply false, only the plan (a dry run). With apply true, the plan is written when it
  // has no error (plan.applied tells).
  RosterPlan import_class_list(const ClassListImport& request, bool apply);
  RosterPlan import_oneroster(const OneRosterImport& request, bool apply);

  // What building a plan fills in (defined in roster_import.cpp).
  struct Work;

 private:
  RosterPlan run(const std::function<void(storage::Connection&, Work&)>& build, bool apply,
                 const std::optional<std::string>& actor_id, const std::string& remote_address,
                 const std::string& audit_details);

  accounts::Accounts& accounts_;
  std::string node_id_;
};

// {"created":N,"updated":N,"unchanged":N,"removed":N,"skipped":N,"applied":bool,
//  "errors":[{"file","row","code","message"}],"rows":[...]}
boost::json::object plan_json(const RosterPlan& plan);
// The per-row report as a plain text table (the command line).
std::string plan_text(const RosterPlan& plan);

}  // namespace imaginecole::classroom
