// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/ops_routes.hpp"

#include <cstdio>
#include <optional>

#include "app/platform.hpp"
#include "core/hash.hpp"
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

namespace {

bool is_loopback_address(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

// A caller on this machine, talking to us directly. A request a local reverse proxy forwarded
// carries its client in these headers and is not "local", whatever the socket says (and
// whether or not that proxy is configured as trusted).
bool is_local_caller(const http::Request& request) {
  for (const std::string_view header : {"x-forwarded-for", "forwarded", "x-real-ip"}) {
    if (request.header(header)) {
      return false;
    }
  }
  return is_loopback_address(request.remote_address);
}

// nullopt: go ahead; else the refusal. Outsiders without a token learn nothing (404, as if the
// endpoint did not exist); a wrong token is told so (403).
std::optional<http::Response> metrics_refusal(const http::Request& request,
                                              const std::string& token) {
  const auto authorization = request.header("authorization");
  if (authorization && !token.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    const std::string_view given =
        authorization->starts_with(kBearer) ? authorization->substr(kBearer.size()) : "";
    if (core::equal_in_constant_time(given, token)) {
      return std::nullopt;
    }
    return http::Response::text("Wrong metrics token.\n", 403);
  }
  if (is_local_caller(request)) {
    return std::nullopt;
  }
  return http::Response::text("Not found.\n", 404);
}

// Which build and node answer: for operators (and the two-servers test), not load balancers.
void append_build_info(Platform& platform, std::string& out) {
  out +=
      "# HELP imaginecole_build_info The running version, database backend and node id.\n"
      "# TYPE imaginecole_build_info gauge\n"
      "imaginecole_build_info{version=\"" +
      std::string(kVersion) + "\",database=\"" +
      std::string(storage::backend_name(platform.database().backend())) + "\",node=\"" +
      platform.node_id() + "\"} 1\n";
}

}  // namespace

void register_ops_routes(http::Router& router, Platform& platform) {
  // Blocking: it asks the database, which may be remote or locked. A load balancer needs
  // "ok" or not: the version and node id would tell an outsider what to attack, and the
  // database's error goes to the server's log, not to the caller.
  router.get(
      "/healthz",
      [&platform](http::Request&) {
        int status = 200;
        std::string body = R"({"status":"ok"})";
        try {
          auto connection = platform.database().read();
          connection->query("SELECT 1");
        } catch (const std::exception& error) {
          status = 503;
          body = R"({"status":"unavailable"})";
          std::string line = "{\"level\":\"error\",\"msg\":\"health check failed\",\"error\":";
          http::append_json_string(line, error.what());
          line += "}\n";
          std::fputs(line.c_str(), stderr);
        }
        http::Response response = http::Response::json(std::move(body), status);
        response.set_header("Cache-Control", "no-store");
        return response;
      },
      http::public_route({.blocking = true}));
  // Public as a route (a scraper has no session); metrics_refusal is its own door.
  router.get(
      "/metrics",
      [&platform](http::Request& request) {
        if (auto refusal = metrics_refusal(request, platform.metrics_token())) {
          refusal->set_header("Cache-Control", "no-store");
          return *refusal;
        }
        http::Response response;
        response.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        response.set_header("Cache-Control", "no-store");
        response.body = platform.metrics().render();
        append_build_info(platform, response.body);
        return response;
      },
      http::public_route());
}

}  // namespace imaginecole::app
