// SPDX-License-Identifier: AGPL-3.0-or-later
// A pupil's data, for the country admin's export and deletion (privacy of minors). Every
// capability that keeps something about a pupil adds a section: a name, how to export it and
// how to erase it. The accounts capability registers its own three (account, enrolments,
// audit); learning records and the like add theirs at start-up.
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/models.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

struct PupilDataSection {
  std::string name;  // "account", "enrolments", "attempts", ...
  // Everything this section holds about the pupil, read on `connection`.
  std::function<boost::json::value(storage::Connection&, const User&)> export_data;
  // Deletes or anonymizes it inside the caller's write transaction; returns a short count
  // of what it did ("3 attempts deleted").
  std::function<std::string(storage::Connection&, const User&)> erase;
};

struct ErasureReport {
  std::string user_id;
  // The id of the anonymous account that took the pupil's place.
  std::string anonymous_id;
  std::vector<std::pair<std::string, std::string>> sections;  // name, what was done
  // The database's files hold no copy of what was erased (Database::purge_erased_pages).
  bool files_purged = false;
};

class PupilData {
 public:
  PupilData(storage::Database& database, std::string node_id);

  void add_section(PupilDataSection section);
  const std::vector<PupilDataSection>& sections() const { return sections_; }

  // {"pupil_id", "exported_at", "sections": [{"name", "data"}, ...]}.
  boost::json::value export_pupil(const User& pupil);
  // Erases every section, replaces the account by an anonymous one under a new id and writes
  // the audit entry (`entry` carries actor, address and scope), all in one transaction; then
  // purges the old pages from the database's files.
  ErasureReport erase_pupil(const User& pupil, AuditLog& audit, AuditEntry entry);

 private:
  storage::Database& database_;
  std::string node_id_;
  std::vector<PupilDataSection> sections_;
};

}  // namespace imaginecole::accounts
