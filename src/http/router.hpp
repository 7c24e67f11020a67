// SPDX-License-Identifier: AGPL-3.0-or-later
// Maps (method, path) to a handler. Patterns are literal segments and "{name}" segments
// ("/api/v1/countries/{code}"). Capabilities register their own routes; the router knows none.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Who may call the route: "public", or the name of a permission checked by the accounts
  // capability. Every route must say (a test walks the router and refuses empty ones).
  // Empty means "nobody said": such a route is a bug that the isolation test reports.
  std::string access;
  // The handler may wait (writes, password hashing, imports): run it on the worker pool, never
  // on the event loop. Read-only handlers run on the event loop when the database is local.
  bool blocking = false;
  // Largest request body accepted, in bytes.
  std::size_t max_body_bytes = 64 * 1024;
  // Large uploads: the server writes the body to a file of ServerOptions::spool_dir instead of
  // memory; the handler finds it in Request::body_file (Request::body stays empty).
  bool spool_body_to_file = false;
  // The query string goes to the access log (false for routes whose query carries names).
  bool log_query = true;
};

// The options of a route anyone may call (catalogue pages, static files, health).
inline RouteOptions public_route(RouteOptions options = {}) {
  options.access = "public";
  return options;
}

struct Route {
  Method method = Method::get;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::size_t index = 0;  // position in registration order (metrics use it)
  std::vector<std::string> segments;
};

struct RouteMatch {
  enum class Kind { found, method_not_allowed, not_found };
  Kind kind = Kind::not_found;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;  // for 405: the methods that exist for this path
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler handler, RouteOptions options = {}) {
    add(Method::get, std::move(pattern), std::move(handler), options);
  }
  void post(std::string pattern, Handler handler, RouteOptions options = {}) {
    options.blocking = true;
    add(Method::post, std::move(pattern), std::move(handler), options);
  }

  // HEAD matches GET routes.
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace imaginecole::http
