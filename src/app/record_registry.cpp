// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/record_registry.hpp"

#include "accounts/synced_tables.hpp"
#include "authoring/synced_tables.hpp"
#include "catalog/synced_tables.hpp"
#include "classroom/synced_tables.hpp"
#include "exercises/synced_tables.hpp"
#include "learning/synced_tables.hpp"
#include "media/synced_tables.hpp"
#include "search/synced_tables.hpp"
#include "storage/change_triggers.hpp"
#include "sync/synced_tables.hpp"

namespace imaginecole::app {

const storage::RecordRegistry& platform_record_registry() {
  static const storage::RecordRegistry registry = [] {
    storage::RecordRegistry out;
    storage::register_storage_tables(out);
    catalog::register_synced_tables(out);
    accounts::register_synced_tables(out);
    classroom::register_synced_tables(out);
    exercises::register_synced_tables(out);
    learning::register_synced_tables(out);
    authoring::register_synced_tables(out);
    media::register_synced_tables(out);
    search::register_synced_tables(out);
    sync::register_synced_tables(out);
    return out;
  }();
  return registry;
}

storage::NodeIdentity prepare_records(storage::Database& database) {
  storage::NodeIdentity identity = storage::load_node_identity(database);
  storage::install_change_triggers(database, platform_record_registry());
  return identity;
}

}  // namespace imaginecole::app
