// SPDX-License-Identifier: AGPL-3.0-or-later
// Signing in and out, the same for the JSON API and the HTML form: throttling first (before
// any hashing), the account looked up (pupils by school code + username, staff by username),
// the password or picture code verified, and a session created. Unknown accounts and wrong
// passwords take the same time and give the same answer.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "accounts/audit_log.hpp"
#include "accounts/login_throttle.hpp"
#include "accounts/models.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/school_store.hpp"
#include "accounts/session_store.hpp"
#include "accounts/user_store.hpp"

namespace imaginecole::accounts {

struct Credentials {
  std::string username;
  std::optional<std::string> school_code;  // pupils
  std::optional<std::string> password;
  std::optional<std::string> picture_code;  // pupils, instead of a password: "3-7-1"
  std::string remote_address;
  std::string user_agent;
};

enum class SignInStatus { signed_in, invalid, throttled };

struct SignInResult {
  SignInStatus status = SignInStatus::invalid;
  std::optional<User> user;
  std::optional<NewSession> session;
  std::chrono::seconds retry_after{0};
};

class SignInService {
 public:
  SignInService(UserStore& users, SchoolStore& schools, SessionStore& sessions,
                LoginThrottle& throttle, PasswordHasher& hasher, AuditLog& audit)
      : users_(users),
        schools_(schools),
        sessions_(sessions),
        throttle_(throttle),
        hasher_(hasher),
        audit_(audit) {}

  // Blocks for the hash (~70 ms, more when other sign-ins hold the hashing slots).
  SignInResult sign_in(const Credentials& credentials);
  // Revokes the session; audited.
  void sign_out(const Session& session, const std::string& remote_address);

 private:
  std::optional<User> find_account(const Credentials& credentials);

  UserStore& users_;
  SchoolStore& schools_;
  SessionStore& sessions_;
  LoginThrottle& throttle_;
  PasswordHasher& hasher_;
  AuditLog& audit_;
};

// The throttling key of an account, whether or not it exists.
std::string account_key(const Credentials& credentials);

}  // namespace imaginecole::accounts
