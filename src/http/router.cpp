// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/router.hpp"

#include "http/gate.hpp"

#include <stdexcept>

namespace imaginecole::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  for (const Route& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) {
      throw std::invalid_argument("route registered twice: " + pattern);
    }
  }
  if (options.access.empty()) {
    throw std::invalid_argument("route without an access rule: " + pattern +
                                " (say who may call it in RouteOptions::access)");
  }
  if (gate_ != nullptr && !gate_->knows_access_rule(options.access)) {
    throw std::invalid_argument("route with an unknown access rule \"" + options.access +
                                "\": " + pattern);
  }
  const bool safe_method = method == Method::get || method == Method::head;
  if (safe_method && options.changes_state.value_or(false)) {
    throw std::invalid_argument("a GET route cannot change state: " + pattern);
  }
  if (!options.changes_state) {
    options.changes_state = !safe_method;
  }
  Route route;
  route.method = method;
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  route.options = options;
  route.index = routes_.size();
  for (const auto segment : split_path(route.pattern)) {
    route.segments.emplace_back(segment);
  }
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') {
    return result;
  }
  const auto segments = split_path(path);
  const Method wanted = method == Method::head ? Method::get : method;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) {
      continue;
    }
    std::vector<std::pair<std::string, std::string>> params;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const std::string& expected = route.segments[i];
      if (is_param(expected)) {
        if (segments[i].empty()) {
          matches = false;
          break;
        }
        params.emplace_back(expected.substr(1, expected.size() - 2), std::string(segments[i]));
      } else if (expected != segments[i]) {
        matches = false;
        break;
      }
    }
    if (!matches) {
      continue;
    }
    if (route.method == wanted) {
      result.kind = RouteMatch::Kind::found;
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.kind = RouteMatch::Kind::method_not_allowed;
    if (!result.allow.empty()) {
      result.allow += ", ";
    }
    result.allow += method_name(route.method);
    if (route.method == Method::get) {
      result.allow += ", HEAD";
    }
  }
  return result;
}

}  // namespace imaginecole::http
