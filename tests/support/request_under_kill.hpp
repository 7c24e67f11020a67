// SPDX-License-Identifier: AGPL-3.0-or-later
// A request sent while the server may be killed at any moment (the crash tests): the answer,
// or nothing, counting how the request ended without one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "support/http_client.hpp"

namespace imaginecole::testing {

// How the requests that got no answer ended: cut (sent, then the connection died: the write
// may or may not have committed) or refused (the server was already gone: nothing was sent).
struct Unanswered {
  int cut = 0;
  int refused = 0;
};

// What became of one request sent to a server that may be killed.
enum class Delivery { answered, cut, refused };

struct KillableAnswer {
  Delivery delivery = Delivery::refused;
  std::optional<HttpResponse> response;  // when answered
};

// Sends the request on a new connection; counts a request left unanswered in `unanswered`.
KillableAnswer send_under_kill(std::uint16_t port, const std::string& method,
                               const std::string& target, const Headers& headers,
                               const std::string& body, Unanswered& unanswered);

}  // namespace imaginecole::testing
