// SPDX-License-Identifier: AGPL-3.0-or-later
// A request refused: the one outcome type of the door and of handlers. The server's error
// renderer (src/web/page.cpp) turns it into a status with a page, a redirect to sign in, or
// JSON, in one place; handlers only say why.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "http/request.hpp"

namespace imaginecole::http {

struct Refusal {
  int status = 403;
  std::string message;  // for people, in the request's language when the refuser knows it
};

// Thrown by a handler that refuses (caught by call_handler and rendered like the door's).
class Refused : public std::runtime_error {
 public:
  explicit Refused(Refusal refusal)
      : std::runtime_error(refusal.message), refusal_(std::move(refusal)) {}
  Refused(int status, std::string message) : Refused(Refusal{status, std::move(message)}) {}
  const Refusal& refusal() const { return refusal_; }

 private:
  Refusal refusal_;
};

// Set by the server when a route's form_refusal_page renders a refused form (RouteOptions).
inline constexpr const char* kFormRefusedKey = "door.form_refused";
inline bool form_was_refused(const Request& request) {
  return request.context.contains(kFormRefusedKey);
}

}  // namespace imaginecole::http
