// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/ops_routes.hpp"

#include "app/platform.hpp"
#include "core/version.hpp"
#include "http/access_log.hpp"

namespace imaginecole::app {

void append_database_metrics(storage::Database& database, std::string& out) {
  const storage::DatabaseStats stats = database.stats();
  const std::string backend =
      "{backend=\"" + std::string(storage::backend_name(database.backend())) + "\"}";
  out +=
      "# HELP imaginecole_db_queries_total Statements run.\n"
      "# TYPE imaginecole_db_queries_total counter\n"
      "imaginecole_db_queries_total" +
      backend + " " + std::to_string(stats.queries) + "\n";
  out +=
      "# HELP imaginecole_db_errors_total Statements that failed.\n"
      "# TYPE imaginecole_db_errors_total counter\n"
      "imaginecole_db_errors_total" +
      backend + " " + std::to_string(stats.errors) + "\n";
  out +=
      "# HELP imaginecole_db_writer_waits_total Writes that queued for the writer connection.\n"
      "# TYPE imaginecole_db_writer_waits_total counter\n"
      "imaginecole_db_writer_waits_total" +
      backend + " " + std::to_string(stats.busy_waits) + "\n";
  out +=
      "# HELP imaginecole_db_pool_connections Connections in the pool, and in use.\n"
      "# TYPE imaginecole_db_pool_connections gauge\n"
      "imaginecole_db_pool_connections{state=\"open\"} " +
      std::to_string(stats.pool_size) +
      "\n"
      "imaginecole_db_pool_connections{state=\"in_use\"} " +
      std::to_string(stats.pool_in_use) + "\n";
  out +=
      "# HELP imaginecole_db_query_duration_seconds Time spent per statement.\n"
      "# TYPE imaginecole_db_query_duration_seconds histogram\n";
  for (std::size_t i = 0; i < stats.query_buckets.size(); ++i) {
    char le[32];
    std::snprintf(le, sizeof le, "%g", static_cast<double>(storage::kQueryBucketsMicros[i]) / 1e6);
    out += "imaginecole_db_query_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " +
           std::to_string(stats.query_buckets[i]) + "\n";
  }
  out += "imaginecole_db_query_duration_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(stats.queries) + "\n";
  char sum[32];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(stats.query_micros_total) / 1e6);
  out += "imaginecole_db_query_duration_seconds_sum " + std::string(sum) + "\n";
  out += "imaginecole_db_query_duration_seconds_count " + std::to_string(stats.queries) + "\n";
  out +=
      "# HELP imaginecole_db_commits_total Write transactions committed by this process.\n"
      "# TYPE imaginecole_db_commits_total counter\n"
      "imaginecole_db_commits_total" +
      backend + " " + std::to_string(stats.commits) + "\n";
}

void append_cache_metrics(const web::ViewCache& cache, std::string& out) {
  const auto stats = cache.stats();
  out +=
      "# HELP imaginecole_view_cache_requests_total Rendered views served from memory (hit) or "
      "rendered again (miss).\n# TYPE imaginecole_view_cache_requests_total counter\n"
      "imaginecole_view_cache_requests_total{result=\"hit\"} " +
      std::to_string(stats.hits) +
      "\n"
      "imaginecole_view_cache_requests_total{result=\"miss\"} " +
      std::to_string(stats.misses) + "\n";
  out +=
      "# HELP imaginecole_view_cache_bytes Bytes held by the view cache.\n"
      "# TYPE imaginecole_view_cache_bytes gauge\n"
      "imaginecole_view_cache_bytes " +
      std::to_string(stats.bytes) + "\n";
}

void register_ops_routes(http::Router& router, Platform& platform) {
  // Blocking: it asks the database, which may be remote or locked.
  router.get(
      "/healthz",
      [&platform](http::Request&) {
        std::string body = "{\"status\":";
        int status = 200;
        try {
          auto connection = platform.database().read();
          connection->query("SELECT 1");
          body += "\"ok\"";
        } catch (const std::exception& error) {
          status = 503;
          body += "\"unavailable\",\"error\":";
          http::append_json_string(body, error.what());
        }
        body += ",\"version\":\"" + std::string(kVersion) + "\",\"database\":\"" +
                std::string(storage::backend_name(platform.database().backend())) +
                "\",\"node\":\"" + platform.node_id() + "\"}";
        http::Response response = http::Response::json(std::move(body), status);
        response.set_header("Cache-Control", "no-store");
        return response;
      },
      http::public_route({.blocking = true}));
  router.get(
      "/metrics",
      [&platform](http::Request&) {
        http::Response response;
        response.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        response.set_header("Cache-Control", "no-store");
        response.body = platform.metrics().render();
        return response;
      },
      http::public_route());
}

}  // namespace imaginecole::app
