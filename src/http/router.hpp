// SPDX-License-Identifier: AGPL-3.0-or-later
// Maps (method, path) to a handler. Patterns are literal segments and "{name}" segments
// ("/api/v1/countries/{code}"). Capabilities register their own routes; the router knows none.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/refusal.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::http {

using Handler = std::function<Response(Request&)>;

// What a route says about itself when it is registered. The router enforces access, CSRF and
// the body limit from the headers, before the body is read and before the handler runs
// (src/http/server.cpp asks the Gate); a route without an access rule stops the server at
// start-up.
struct RouteOptions {
  // Who may call the route: "public", or the name of a permission checked by the accounts
  // capability ("account.self": anyone signed in). Required.
  std::string access;
  // Does a call change state (so it must come from our own pages: CSRF)? Unset: every method
  // but GET/HEAD does. A POST that only computes (grading a practice answer, a preview) says
  // false; a GET can never say true.
  std::optional<bool> changes_state;
  // The handler may wait (writes, password hashing, imports): run it on the worker pool, never
  // on the event loop. Read-only handlers run on the event loop when the database is local.
  bool blocking = false;
  // The handler hashes a password on purpose slowly (Argon2id sign-in): it runs on the server's
  // small hashing pool with its own queue, so that sign-ins beyond what the processor can hash
  // wait there and never hold the workers every other request needs. Implies blocking.
  bool hashes_passwords = false;
  // Largest request body accepted, in bytes.
  std::size_t max_body_bytes = 64 * 1024;
  // Large uploads: the server writes the body to a file of ServerOptions::spool_dir instead of
  // memory; the handler finds it in Request::body_file (Request::body stays empty).
  bool spool_body_to_file = false;
  // The query string goes to the access log (false for routes whose query carries names).
  bool log_query = true;
  // How this route's page looks when its form's CSRF token is refused (a long text must come
  // back to its author, not vanish). It is called with form_was_refused(request) true and
  // must change nothing. Unset: the door's usual page.
  std::function<Response(Request&, const Refusal&)> form_refusal_page;
};

// Options for a form whose handler also shows it again, with the reason and what was typed,
// when the door refuses its token (the handler sees form_was_refused(request) and saves
// nothing).
inline RouteOptions shown_again_when_refused(RouteOptions options, Handler handler) {
  options.form_refusal_page = [handler = std::move(handler)](Request& request, const Refusal&) {
    return handler(request);
  };
  return options;
}

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

  // Resolved at registration from options.changes_state and the method.
  bool changes_state() const { return options.changes_state.value_or(false); }
};

struct RouteMatch {
  enum class Kind { found, method_not_allowed, not_found };
  Kind kind = Kind::not_found;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;  // for 405: the methods that exist for this path
};

class Gate;

class Router {
 public:
  // Throws std::invalid_argument for a route without an access rule, a GET that says it
  // changes state, or a pattern registered twice: the server does not start.
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

  // The judge of every request (supplied by the accounts capability). Without one, only
  // public routes are served: any other route is refused with 403.
  void set_gate(Gate* gate) { gate_ = gate; }
  Gate* gate() const { return gate_; }

 private:
  std::vector<Route> routes_;
  Gate* gate_ = nullptr;
};

}  // namespace imaginecole::http
