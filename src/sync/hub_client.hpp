// SPDX-License-Identifier: AGPL-3.0-or-later
// The school server's side of the hub's HTTP API: one POST with deadlines, straight to the hub
// or through a plain HTTP proxy (absolute-form request target, RFC 9112 3.2.2). Plain HTTP
// only: a hub behind TLS is reached through its public URL once TLS is added; every sync
// payload is signed and sealed for its receiver either way (decision 0037).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace imaginecole::sync {

struct HubAnswer {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HubCallOptions {
  std::string content_type = "application/json";
  // "http://host:port" of a forwarding proxy; empty: none.
  std::string proxy;
  std::chrono::seconds timeout{30};
  std::size_t max_answer_bytes = 1024 * 1024;
};

// POSTs `body` to `hub_url` + `path` ("http://host:port" or "http://host:port/prefix").
// std::runtime_error with a readable reason when the hub (or the proxy) cannot be reached or
// the connection is cut.
HubAnswer post_to_hub(std::string_view hub_url, std::string_view path, std::string_view body,
                      const HubCallOptions& options);

HubAnswer post_json_to_hub(std::string_view hub_url, std::string_view path,
                           std::string_view json_body,
                           std::chrono::seconds timeout = std::chrono::seconds(30));

// The proxy for `hub_url` from the environment: http_proxy (or HTTP_PROXY), unless no_proxy
// (or NO_PROXY) names the hub's host (a comma list of hosts or domain suffixes, "*": all).
std::string proxy_from_environment(std::string_view hub_url);

}  // namespace imaginecole::sync
