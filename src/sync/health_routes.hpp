// SPDX-License-Identifier: AGPL-3.0-or-later
// The health of sync on the web (issue 15, item 8; decision 0049). On a school server,
// /admin/sync (and GET /api/v1/sync/health) shows its school head this box's sync: its hub,
// the last good sync, the last error, what waits to go up and to come down, version, disk,
// revocation. On a hub, /admin/sync/schools (and GET /api/v1/sync/schools) lists the paired
// school servers its admin may manage, the ones in trouble first, each saying why.
#pragma once

#include "accounts/accounts.hpp"
#include "http/router.hpp"
#include "media/media_store.hpp"
#include "storage/database.hpp"

namespace imaginecole::sync {

struct HealthRouteDeps {
  storage::Database& database;
  accounts::Accounts& accounts;
  const media::MediaStore& media;  // the box's files: the ones its rows name and it lacks
};

void register_health_routes(http::Router& router, const HealthRouteDeps& deps);

}  // namespace imaginecole::sync
