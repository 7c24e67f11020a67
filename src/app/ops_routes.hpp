// SPDX-License-Identifier: AGPL-3.0-or-later
// What operators and load balancers ask: GET /healthz and GET /metrics (Prometheus).
#pragma once

#include <string>

#include "http/router.hpp"
#include "storage/database.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::app {

class Platform;

void register_ops_routes(http::Router& router, Platform& platform);
void append_database_metrics(storage::Database& database, std::string& out);
void append_cache_metrics(const web::ViewCache& cache, std::string& out);

}  // namespace imaginecole::app
