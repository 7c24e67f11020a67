// SPDX-License-Identifier: AGPL-3.0-or-later
// The judge the router consults before any handler runs. The http layer knows no capability:
// the accounts capability supplies the Gate (who calls, may they call this route, is a
// state-changing request really theirs), and the server asks it in two steps.
#pragma once

#include <optional>
#include <string_view>

#include "http/refusal.hpp"
#include "http/request.hpp"

namespace imaginecole::http {

struct Route;

class Gate {
 public:
  virtual ~Gate() = default;

  // From the headers alone, before a byte of the body is read: the caller (kept in the
  // request's context for the handler), the route's access rule, and the cross-site checks
  // that headers can settle. A refusal here is answered and the connection closed with the
  // body unread.
  virtual std::optional<Refusal> admit(Request& request, const Route& route) = 0;

  // After the body is read and before the handler: the CSRF token that a form carries in its
  // body (routes that change state, when no header settled it).
  virtual std::optional<Refusal> admit_body(Request& request, const Route& route) = 0;

  // Is this a rule the gate can judge ("public", a permission's name)? The router refuses to
  // register a route with any other.
  virtual bool knows_access_rule(std::string_view rule) const = 0;
};

}  // namespace imaginecole::http
