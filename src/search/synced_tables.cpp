// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/synced_tables.hpp"

namespace imaginecole::search {

void register_synced_tables(storage::RecordRegistry& registry) {
  // Derived from resources by triggers on every server.
  registry.add_local({.name = "resource_search",
                      .owner = "search",
                      .why = "the full-text index, rebuilt from resources"});
  registry.add_local({.name = "resource_title_search",
                      .owner = "search",
                      .why = "titles indexed on their own, rebuilt from resources (SQLite)"});
  registry.add_local({.name = "resource_search_rows",
                      .owner = "search",
                      .why = "the index's row numbers and filters (SQLite)"});
}

}  // namespace imaginecole::search
