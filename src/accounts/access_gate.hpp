// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's judge at the router's door (http::Gate). For every route, before
// the body is read: who is calling (the session, kept in the request for the handler), may
// they call this route (RouteOptions::access), and, when the route changes state, is the
// request from our own pages (Sec-Fetch-Site, Origin, the X-CSRF-Token header). A form's
// token, which travels in its body, is checked after the body and before the handler.
#pragma once

#include "accounts/authenticator.hpp"
#include "http/gate.hpp"
#include "http/router.hpp"

namespace imaginecole::accounts {

class AccessGate : public http::Gate {
 public:
  explicit AccessGate(Authenticator& authenticator) : authenticator_(authenticator) {}

  std::optional<http::Refusal> admit(http::Request& request, const http::Route& route) override;
  std::optional<http::Refusal> admit_body(http::Request& request,
                                          const http::Route& route) override;
  bool knows_access_rule(std::string_view rule) const override;

 private:
  Authenticator& authenticator_;
};

// The caller the door admitted on a route that is not public (or nullptr when signed out on a
// public route). Valid for the request's life.
const SignedIn* caller(const http::Request& request);
// The same, for routes whose access rule requires signing in: never null there (throws
// std::logic_error if the door was bypassed).
const SignedIn& signed_in_caller(const http::Request& request);

}  // namespace imaginecole::accounts
