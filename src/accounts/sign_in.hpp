// SPDX-License-Identifier: AGPL-3.0-or-later
// Signing in and out, the same for the JSON API, the HTML form and the picture screen: the
// account looked up (pupils by school code + username, staff by username), throttling by that
// account and by device before any hashing, the password or picture code verified, a session
// created and the device remembered. Unknown accounts and wrong passwords take the same time
// and give the same answer. The rules: docs/decisions/0017-sign-in-throttling.md.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "accounts/audit_log.hpp"
#include "accounts/device_cookie.hpp"
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
  std::string device_cookie;  // the imaginecole_device cookie's value, if the browser sent one
};

enum class SignInStatus { signed_in, invalid, throttled };

struct SignInResult {
  SignInStatus status = SignInStatus::invalid;
  std::optional<User> user;
  std::optional<NewSession> session;
  std::chrono::seconds retry_after{0};
  // After a good sign-in: the device cookie's new value, to send back (device_cookie_for).
  std::string device_cookie;
};

class SignInService {
 public:
  SignInService(UserStore& users, SchoolStore& schools, SessionStore& sessions,
                LoginThrottle& throttle, DeviceCookies& devices, PasswordHasher& hasher,
                AuditLog& audit)
      : users_(users),
        schools_(schools),
        sessions_(sessions),
        throttle_(throttle),
        devices_(devices),
        hasher_(hasher),
        audit_(audit) {}

  // Blocks for the hash (~70 ms, more when other sign-ins hold the hashing slots).
  SignInResult sign_in(const Credentials& credentials);
  // Revokes the session; audited.
  void sign_out(const Session& session, const std::string& remote_address);

 private:
  // The account the credentials name, and the key of its failure counter: its user id, or
  // for nobody a canonical name, so that no spelling of the request gives a fresh counter.
  struct Target {
    std::optional<User> user;
    std::string key;
  };
  Target find_account(const Credentials& credentials);
  // How long this attempt must wait (nullopt: go ahead); `trusted` names the device entry
  // when the request comes from a trusted device of the account that is not itself locked.
  std::optional<std::chrono::seconds> wait_before(const Credentials& credentials,
                                                  const Target& target,
                                                  std::optional<DeviceEntry>& trusted);
  void count_failure(const Credentials& credentials, const Target& target,
                     const std::optional<DeviceEntry>& trusted);

  UserStore& users_;
  SchoolStore& schools_;
  SessionStore& sessions_;
  LoginThrottle& throttle_;
  DeviceCookies& devices_;
  PasswordHasher& hasher_;
  AuditLog& audit_;
};

}  // namespace imaginecole::accounts
