// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/synced_tables.hpp"

namespace imaginecole::media {

using storage::ConflictRule;

void register_synced_tables(storage::RecordRegistry& registry) {
  // A file's bytes are named by their hash, so two servers storing one file agree on it.
  registry.add({.name = "media",
                .owner = "media",
                .rule = ConflictRule::last_writer_wins,
                .scope = {"SELECT {row}.country_code AS country, NULL AS school"},
                .content = true});
  registry.add_local(
      {.name = "media_jobs", .owner = "media", .why = "each server converts the videos it stores"});
}

}  // namespace imaginecole::media
