// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/audit_log.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::accounts {
namespace {

using storage::Value;

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

}  // namespace

void AuditLog::record(storage::Connection& connection, AuditEntry& entry) {
  entry.id = core::new_id();
  entry.occurred_at = core::now_timestamp();
  connection.execute(
      "INSERT INTO audit_log (id, actor_id, action, target_kind, target_id, scope_kind, scope_id, "
      "remote_address, occurred_at, details, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {entry.id, optional_value(entry.actor_id), entry.action, optional_value(entry.target_kind),
       optional_value(entry.target_id), optional_value(entry.scope_kind),
       optional_value(entry.scope_id), entry.remote_address, entry.occurred_at, entry.details,
       node_id_});
}

std::int64_t AuditLog::erase_details_of(storage::Connection& connection,
                                        std::string_view target_kind, std::string_view target_id) {
  return connection.execute(
      "UPDATE audit_log SET details = '{\"erased\":true}', row_version = row_version + 1 "
      "WHERE target_kind = ? AND target_id = ? AND details <> '{\"erased\":true}'",
      {std::string(target_kind), std::string(target_id)});
}

void AuditLog::record(AuditEntry entry) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  record(*connection, entry);
  transaction.commit();
}

std::vector<AuditEntry> AuditLog::recent(std::size_t limit) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, actor_id, action, target_kind, target_id, scope_kind, scope_id, "
      "remote_address, occurred_at, details FROM audit_log ORDER BY occurred_at DESC, id DESC "
      "LIMIT ?",
      {static_cast<std::int64_t>(limit)});
  std::vector<AuditEntry> out;
  for (const auto& row : result.rows) {
    out.push_back(AuditEntry{.actor_id = row.optional_text(1),
                             .action = row.text(2),
                             .target_kind = row.optional_text(3),
                             .target_id = row.optional_text(4),
                             .scope_kind = row.optional_text(5),
                             .scope_id = row.optional_text(6),
                             .remote_address = row.text(7),
                             .details = row.text(9),
                             .occurred_at = row.text(8),
                             .id = row.text(0)});
  }
  return out;
}

}  // namespace imaginecole::accounts
