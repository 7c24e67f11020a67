// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's parts, built once per process over one database: the stores,
// the hasher and its memory bound, throttling and device cookies, sign-in, the authenticator and
// user provisioning.
#pragma once

#include <memory>
#include <string>

#include "accounts/audit_log.hpp"
#include "accounts/authenticator.hpp"
#include "accounts/device_cookie.hpp"
#include "accounts/login_throttle.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/school_store.hpp"
#include "accounts/session_store.hpp"
#include "accounts/sign_in.hpp"
#include "accounts/user_provisioning.hpp"
#include "accounts/user_store.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

struct AccountsOptions {
  PasswordHasherOptions hasher;
  SessionOptions sessions;
  ThrottleOptions throttle;
};

class Accounts {
 public:
  Accounts(storage::Database& database, std::string node_id, AccountsOptions options = {});

  storage::Database& database() { return database_; }
  UserStore& users() { return users_; }
  SchoolStore& schools() { return schools_; }
  SessionStore& sessions() { return sessions_; }
  LoginThrottle& throttle() { return throttle_; }
  DeviceCookies& devices() { return devices_; }
  PasswordHasher& hasher() { return hasher_; }
  AuditLog& audit() { return audit_; }
  SignInService& sign_in() { return sign_in_; }
  Authenticator& authenticator() { return authenticator_; }
  UserProvisioning& provisioning() { return provisioning_; }

 private:
  storage::Database& database_;
  UserStore users_;
  SchoolStore schools_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  DeviceCookies devices_;
  PasswordHasher hasher_;
  AuditLog audit_;
  SignInService sign_in_;
  Authenticator authenticator_;
  UserProvisioning provisioning_;
};

}  // namespace imaginecole::accounts
