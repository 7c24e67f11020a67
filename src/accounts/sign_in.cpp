// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/sign_in.hpp"

namespace imaginecole::accounts {

std::string account_key(const Credentials& credentials) {
  const std::string username =
      normalize_username(credentials.username).value_or(credentials.username.substr(0, 64));
  const auto school =
      credentials.school_code ? normalize_school_code(*credentials.school_code) : std::nullopt;
  return school ? "school:" + *school + ":" + username : "staff:" + username;
}

std::optional<User> SignInService::find_account(const Credentials& credentials) {
  if (credentials.school_code && !credentials.school_code->empty()) {
    if (const auto school = schools_.school_by_code(*credentials.school_code)) {
      if (auto pupil = users_.pupil_by_username(school->id, credentials.username)) {
        return pupil;
      }
    }
  }
  // Staff ignore the school code: a teacher may fill it in out of habit.
  return users_.staff_by_username(credentials.username);
}

SignInResult SignInService::sign_in(const Credentials& credentials) {
  SignInResult result;
  const std::string key = account_key(credentials);
  if (const auto wait = throttle_.retry_after(key, credentials.remote_address)) {
    result.status = SignInStatus::throttled;
    result.retry_after = *wait;
    return result;
  }
  // A reference, not a view of value_or("")'s temporary (AddressSanitizer caught that).
  static const std::string kNoSecret;
  const std::string& secret = credentials.password       ? *credentials.password
                              : credentials.picture_code ? *credentials.picture_code
                                                         : kNoSecret;
  auto user = find_account(credentials);
  bool good = false;
  if (!user || user->disabled) {
    hasher_.verify_dummy(secret);
  } else if (credentials.password) {
    good = user->password_hash && hasher_.verify(*user->password_hash, *credentials.password);
    if (!user->password_hash) {
      hasher_.verify_dummy(secret);
    }
  } else if (credentials.picture_code) {
    const auto code = normalize_picture_code(*credentials.picture_code);
    const bool usable = code && user->kind == UserKind::pupil && user->picture_code_hash;
    if (usable) {
      good = hasher_.verify(*user->picture_code_hash, *code);
    } else {
      hasher_.verify_dummy(secret);
    }
  } else {
    hasher_.verify_dummy(secret);
  }
  if (!good) {
    throttle_.record_failure(key, credentials.remote_address);
    result.status = SignInStatus::invalid;
    return result;
  }
  throttle_.record_success(key);
  if (credentials.password && hasher_.needs_rehash(*user->password_hash)) {
    const std::string fresh = hasher_.hash(*credentials.password);
    auto connection = users_.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    users_.set_password_hash(*connection, user->id, fresh);
    transaction.commit();
  }
  result.session = sessions_.create(user->id, credentials.remote_address, credentials.user_agent);
  AuditEntry entry;
  entry.actor_id = user->id;
  entry.action = "auth.login";
  entry.target_kind = "user";
  entry.target_id = user->id;
  if (user->school_id) {
    entry.scope_kind = "school";
    entry.scope_id = user->school_id;
  }
  entry.remote_address = credentials.remote_address;
  entry.details =
      credentials.password ? R"({"method":"password"})" : R"({"method":"picture_code"})";
  audit_.record(std::move(entry));
  result.status = SignInStatus::signed_in;
  result.user = std::move(user);
  return result;
}

void SignInService::sign_out(const Session& session, const std::string& remote_address) {
  if (sessions_.revoke(session.id)) {
    AuditEntry entry;
    entry.actor_id = session.user_id;
    entry.action = "auth.logout";
    entry.target_kind = "user";
    entry.target_id = session.user_id;
    entry.remote_address = remote_address;
    audit_.record(std::move(entry));
  }
}

}  // namespace imaginecole::accounts
