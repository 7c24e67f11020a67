// SPDX-License-Identifier: AGPL-3.0-or-later
// The school server's side of the hub's HTTP API: one JSON POST with deadlines. Plain HTTP
// only for now (a hub behind TLS is reached through its public URL once network sync adds
// TLS; pairing checks the hub's key fingerprint either way, decision 0037).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace imaginecole::sync {

struct HubAnswer {
  int status = 0;
  std::string body;
};

// POSTs `json_body` to `hub_url` + `path` ("http://host:port" or "http://host:port/prefix").
// std::runtime_error with a readable reason when the hub cannot be reached.
HubAnswer post_json_to_hub(std::string_view hub_url, std::string_view path,
                           std::string_view json_body,
                           std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace imaginecole::sync
