// SPDX-License-Identifier: AGPL-3.0-or-later
// An HTTP request as capabilities see it: plain values, no Beast types, so that capability code
// compiles fast and is tested without sockets.
#pragma once

#include <any>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace imaginecole::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view method_name(Method method);
Method parse_method(std::string_view text);

struct Request {
  Method method = Method::get;
  std::string target;                                        // as received: path + "?" + query
  std::string path;                                          // percent-decoded path
  std::string query;                                         // raw query string, without "?"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;
  bool secure = false;  // received over TLS (through a trusted proxy)

  // Filled by the router from "{name}" segments of the route's pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // The pattern of the matched route (for logs and metrics).
  std::string_view route_pattern;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string> path_param(std::string_view name) const;
  // First value of a query parameter, percent-decoded ('+' is a space).
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  bool is_api() const { return path.starts_with("/api/"); }
  bool wants_json() const;

  // Per-request values computed once and shared by layers (e.g. the chosen language).
  mutable std::unordered_map<std::string, std::any> context;
};

// Decodes %XX and, when `plus_is_space`, '+'. Invalid escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);
std::string percent_encode(std::string_view text);

// All key=value pairs of an application/x-www-form-urlencoded string or a query string.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

}  // namespace imaginecole::http
