// SPDX-License-Identifier: AGPL-3.0-or-later
// What happens between a parsed request and the bytes written: routing, calling the handler,
// turning exceptions into responses, conditional GET, compression and default headers. Pure
// functions, tested without sockets.
#pragma once

#include "http/router.hpp"
#include "http/server.hpp"

namespace imaginecole::http {

// Calls the route's handler; maps InvalidInput to 400 and any other exception to 500 (logged).
Response call_handler(const Route& route, Request& request, const ErrorRenderer& errors);

// Conditional GET, ETags, compression, Vary and default headers; HEAD keeps headers only.
void finish_response(const Request& request, Response& response, const ServerOptions& options);

}  // namespace imaginecole::http
