// SPDX-License-Identifier: AGPL-3.0-or-later
// Signing in through the JSON API of a running server, as a client program would: the
// session cookie and the CSRF token come back as the headers of its later requests.
#pragma once

#include <cstdint>
#include <string>

#include "support/http_client.hpp"

namespace imaginecole::testing {

struct Credentials {
  std::string username;
  std::string password = "ecole-demo";  // the demo staff's password (docs/demo-accounts.md)
  std::string school;                   // a pupil's school code; empty for staff
};

// POST /api/v1/auth/login; returns {Cookie, X-CSRF-Token}. Throws std::runtime_error with
// the server's answer when the sign-in is refused.
Headers sign_in(std::uint16_t port, const Credentials& who);

// `headers` plus "Content-Type: application/json", for API writes.
Headers with_json(Headers headers);

}  // namespace imaginecole::testing
