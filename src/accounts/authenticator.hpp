// SPDX-License-Identifier: AGPL-3.0-or-later
// Who is asking, and may they call this route: the session cookie resolved to a user and
// their grants, the CSRF rule for state-changing API calls, and the route's access rule
// (decided by permissions.cpp). Handlers call check() first.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/models.hpp"
#include "accounts/permissions.hpp"
#include "accounts/school_store.hpp"
#include "accounts/session_cache.hpp"
#include "accounts/session_store.hpp"
#include "accounts/user_store.hpp"
#include "http/request.hpp"

namespace imaginecole::accounts {

inline constexpr std::string_view kSessionCookie = "imaginecole_session";

struct SignedIn {
  User user;
  std::vector<RoleGrant> grants;
  Session session;
  std::optional<School> school;  // the user's school, when they belong to one
  std::string csrf_token;        // csrf_token_for(session), computed once
  Principal as_principal;        // user.id and grants, for the access rules

  // Makes one whose derived members (csrf_token, as_principal) agree with the others: build it
  // this way, not member by member.
  static SignedIn make(User user, std::vector<RoleGrant> grants, Session session,
                       std::optional<School> school);
  const Principal& principal() const { return as_principal; }
};

// The signed-in caller, or nullptr. Shared and immutable: the session cache, the request's
// context and every handler hold the same object, so a request copies no user, grant or session.
using Caller = std::shared_ptr<const SignedIn>;

struct AccessCheck {
  int status = 0;  // 0: go ahead; 401 (sign in first) or 403 (refused)
  std::string message;
  Caller signed_in;

  bool allowed() const { return status == 0; }
};

// "imaginecole_session=…; Path=/; HttpOnly; SameSite=Lax" (+ "; Secure" over TLS). No
// Max-Age: the cookie ends with the browser, which suits shared classroom computers.
std::string session_cookie(std::string_view token, bool secure);
std::string expired_cookie(std::string_view name, bool secure);

class Authenticator {
 public:
  // `schools`, when given, fills SignedIn::school.
  Authenticator(UserStore& users, SessionStore& sessions, SchoolStore* schools = nullptr)
      : users_(users),
        sessions_(sessions),
        schools_(schools),
        cache_(sessions.options().trust_for) {}

  // The signed-in user, or nullptr (no cookie, unknown, expired, revoked or disabled). Records
  // activity on the session. Resolved once per request: the answer is kept in the request's
  // context (the door resolves it first, handlers then read it for free).
  Caller signed_in(const http::Request& request);

  // What signed_in() found for this request, without asking again: nullptr when it was not
  // asked yet or found nobody.
  static const SignedIn* resolved(const http::Request& request);

  // Resolves the session, refuses state-changing API calls that carry the session cookie
  // without a matching X-CSRF-Token header (403), then applies `access` (see
  // may_call_route): 401 when signing in would help, 403 otherwise.
  AccessCheck check(const http::Request& request, std::string_view access);

 private:
  Caller resolve(const http::Request& request);
  Caller read_caller(const Session& session);

  UserStore& users_;
  SessionStore& sessions_;
  SchoolStore* schools_;
  SessionCache cache_;
};

bool is_safe_method(http::Method method);

}  // namespace imaginecole::accounts
