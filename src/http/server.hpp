// SPDX-License-Identifier: AGPL-3.0-or-later
// The HTTP/1.1 server: event-driven (Boost.Beast + Asio, C++20 coroutines), one event loop per
// core sharing the port through SO_REUSEPORT, a bounded worker pool for handlers that may
// wait. Idle keep-alive connections cost a few kilobytes, not a thread.
//
// Beast stays inside server.cpp; everything else sees Request and Response values.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/access_log.hpp"
#include "http/client_address.hpp"
#include "http/compression.hpp"
#include "http/metrics.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace imaginecole::http {

class Acknowledgements;

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::size_t threads = 0;                // event loops; 0 = one per core
  std::size_t workers = 4;                // worker pool for blocking handlers
  // Pool for routes that hash passwords (RouteOptions::hashes_passwords); 0 = one per core, at
  // most 4 (as many as hashes may run at once).
  std::size_t hashing_workers = 0;
  // When set, a handler's writes are acknowledged once durable without holding a worker until
  // then (http/acknowledgements.hpp). Unset: a handler's commits wait for the disk themselves.
  std::shared_ptr<Acknowledgements> acknowledgements;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_target_bytes = 4 * 1024;
  std::chrono::milliseconds idle_timeout{30'000};     // waiting for the next request
  std::chrono::milliseconds request_timeout{30'000};  // reading a body / writing a response
  std::chrono::milliseconds shutdown_grace{10'000};   // in-flight requests may finish
  // Read-only handlers run on the event loop (database reads are local calls).
  bool run_reads_inline = true;
  CompressionLevels compression;
  std::size_t compress_min_bytes = 512;
  // Added to every response that does not set them (security headers...).
  std::vector<std::pair<std::string, std::string>> default_headers;
  std::shared_ptr<AccessLogSink> access_log;
  // Where bodies of routes with spool_body_to_file are written (leftovers of a crashed server
  // are removed by start()). Empty: such bodies are read into memory like any other.
  std::filesystem::path spool_dir;
  // Proxies whose X-Forwarded-For / Forwarded / X-Forwarded-Proto are believed.
  TrustedProxies trusted_proxies;
  // Open connections past which new ones get 503 (0: no cap). Trusted proxies are exempt from
  // the per-address cap.
  std::size_t max_connections = 10'000;
  std::size_t max_connections_per_address = 1'000;
  // After refusing a request whose body was not read, how long and how much of it the server
  // discards before closing, so that the client reads the refusal instead of a reset.
  std::chrono::milliseconds linger_timeout{2'000};
  std::size_t linger_bytes = 1024 * 1024;
};

// Renders an error for a person (HTML) or a client (JSON); supplied by the web layer.
using ErrorRenderer = std::function<Response(const Request&, int status, std::string_view message)>;

// The plain fallback: a tiny HTML page or {"error": {...}} JSON.
Response default_error_response(const Request& request, int status, std::string_view message);

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics,
         ErrorRenderer error_renderer = default_error_response);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the port (throws std::runtime_error with a clear message when it cannot).
  void start();
  std::uint16_t port() const;
  // Serves until stop() or, when `handle_signals`, SIGINT/SIGTERM. Returns after the graceful
  // drain.
  void run(bool handle_signals = true);
  // Graceful stop, callable from any thread: stop accepting, close idle connections, let
  // requests in flight finish (up to shutdown_grace), then return from run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace imaginecole::http
