// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/record_registry.hpp"

#include <stdexcept>

#include "core/hash.hpp"

namespace imaginecole::storage {

std::string_view conflict_rule_name(ConflictRule rule) {
  switch (rule) {
    case ConflictRule::append_only:
      return "append-only";
    case ConflictRule::last_writer_wins:
      return "last writer wins";
    case ConflictRule::owner_wins:
      return "owner wins";
  }
  return "?";
}

void RecordRegistry::add(SyncedTable table) {
  if (knows(table.name)) {
    throw std::logic_error("table " + table.name + " is registered twice");
  }
  if (table.key.empty()) {
    throw std::logic_error("synced table " + table.name + " has no key");
  }
  synced_.push_back(std::move(table));
}

void RecordRegistry::add_local(LocalTable table) {
  if (knows(table.name)) {
    throw std::logic_error("table " + table.name + " is registered twice");
  }
  local_.push_back(std::move(table));
}

const SyncedTable* RecordRegistry::find_synced(std::string_view name) const {
  for (const auto& table : synced_) {
    if (table.name == name) {
      return &table;
    }
  }
  return nullptr;
}

bool RecordRegistry::is_local(std::string_view name) const {
  for (const auto& table : local_) {
    if (table.name == name) {
      return true;
    }
  }
  return false;
}

std::string RecordRegistry::digest() const {
  std::string text;
  for (const auto& table : synced_) {
    text += table.name + '|' + std::string(conflict_rule_name(table.rule)) + '|' + table.scope.sql +
            '|' + (table.content ? "c" : "-") + (table.has_row_version ? "v" : "-");
    for (const auto& column : table.key) {
      text += '|' + column;
    }
    for (const auto& also : table.also_logs) {
      text += '|' + also.entity + '|' + also.id_sql + '|' + also.scope.sql;
    }
    text += '\n';
  }
  return core::sha256_hex(text);
}

void register_storage_tables(RecordRegistry& registry) {
  const auto local = [&](std::string name, std::string why) {
    registry.add_local({.name = std::move(name), .owner = "storage", .why = std::move(why)});
  };
  local("schema_migrations", "which migrations this database has applied");
  local("node_settings", "this server's identity and settings");
  local("change_log", "this server's positions; peers keep their own");
  local("content_version", "the counter page caches watch");
  local("node_clock", "the floor of this server's clock, raised by what peers sent");
  local("erased_records", "ids erased here, refused if a copy comes back");
}

}  // namespace imaginecole::storage
