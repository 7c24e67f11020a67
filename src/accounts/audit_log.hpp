// SPDX-License-Identifier: AGPL-3.0-or-later
// The audit log: who did what, to what, in which scope, when and from where. Append-only and
// synced, so that the admins of a scope can read it on the national hub.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::accounts {

struct AuditEntry {
  std::optional<std::string> actor_id;  // nullopt: the command line or the system
  std::string action;                   // "user.create", "auth.login", "auth.logout"
  std::optional<std::string> target_kind;
  std::optional<std::string> target_id;
  std::optional<std::string> scope_kind;
  std::optional<std::string> scope_id;
  std::string remote_address;
  std::string details = "{}";  // a JSON object
  std::string occurred_at;     // filled in by record()
  std::string id;              // filled in by record()
};

class AuditLog {
 public:
  AuditLog(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // Inside the caller's write transaction, so the entry exists exactly when the action does.
  void record(storage::Connection& connection, AuditEntry& entry);
  // In its own transaction (for actions that are not themselves writes, like signing in).
  void record(AuditEntry entry);
  // For an erasure: the lines about `target_kind`/`target_id` keep who did what and when,
  // but their details (which may name a person) become {"erased":true}. Returns how many.
  std::int64_t erase_details_of(storage::Connection& connection, std::string_view target_kind,
                                std::string_view target_id);
  // Most recent first.
  std::vector<AuditEntry> recent(std::size_t limit);

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::accounts
