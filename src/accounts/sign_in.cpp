// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/sign_in.hpp"

namespace imaginecole::accounts {

SignInService::Target SignInService::find_account(const Credentials& credentials) {
  const std::string username =
      normalize_username(credentials.username).value_or(credentials.username.substr(0, 64));
  std::string school_id;
  if (credentials.school_code && !credentials.school_code->empty()) {
    if (const auto school = schools_.school_by_code(*credentials.school_code)) {
      if (auto pupil = users_.pupil_by_username(school->id, credentials.username)) {
        std::string key = pupil->id;
        return Target{.user = std::move(pupil), .key = std::move(key)};
      }
      school_id = school->id;
    }
  }
  // Staff ignore the school code: a teacher may fill it in out of habit. Whatever the code
  // says, a staff account has one counter, its id.
  if (auto staff = users_.staff_by_username(credentials.username)) {
    std::string key = staff->id;
    return Target{.user = std::move(staff), .key = std::move(key)};
  }
  // Nobody: a name in a real school, or a name alone (a made-up code is no school).
  return Target{.user = std::nullopt, .key = "nobody:" + school_id + ":" + username};
}

std::optional<std::chrono::seconds> SignInService::wait_before(
    const Credentials& credentials, const Target& target, std::optional<DeviceEntry>& trusted) {
  const ThrottleOptions& options = throttle_.options();
  trusted.reset();
  if (target.user && !credentials.device_cookie.empty()) {
    if (auto entry = devices_.trusted_entry(credentials.device_cookie, target.user->id)) {
      // A trusted device that failed too often is treated as a stranger again.
      if (!throttle_.retry_after(AttemptKind::device, entry->counter_key(),
                                 options.max_failures_per_device)) {
        trusted = std::move(entry);
        return std::nullopt;
      }
    }
  }
  if (auto wait = throttle_.retry_after(AttemptKind::account, target.key,
                                        options.max_failures_per_account)) {
    return wait;
  }
  // A hot address (many failures) is never refused as a whole: a school shares it. Only the
  // accounts tried from it get a smaller allowance, so spraying one password over a school's
  // accounts stays slow while the classmates of a failing pupil sign in.
  if (throttle_.failures(AttemptKind::address, credentials.remote_address,
                         options.hot_address_failures) >= options.hot_address_failures) {
    return throttle_.retry_after(AttemptKind::address_account,
                                 credentials.remote_address + "|" + target.key,
                                 options.max_failures_per_account_from_hot_address);
  }
  return std::nullopt;
}

void SignInService::count_failure(const Credentials& credentials, const Target& target,
                                  const std::optional<DeviceEntry>& trusted) {
  if (trusted) {
    throttle_.record_failure({{AttemptKind::device, trusted->counter_key()}});
    return;
  }
  throttle_.record_failure(
      {{AttemptKind::account, target.key},
       {AttemptKind::address, credentials.remote_address},
       {AttemptKind::address_account, credentials.remote_address + "|" + target.key}});
}

SignInResult SignInService::sign_in(const Credentials& credentials) {
  SignInResult result;
  // Looking the account up costs two indexed reads and no hashing: throttling needs to know
  // which account is tried, however the request spells it.
  Target target = find_account(credentials);
  std::optional<DeviceEntry> trusted;
  if (const auto wait = wait_before(credentials, target, trusted)) {
    result.status = SignInStatus::throttled;
    result.retry_after = *wait;
    return result;
  }
  // A reference, not a view of value_or("")'s temporary (AddressSanitizer caught that).
  static const std::string kNoSecret;
  const std::string& secret = credentials.password       ? *credentials.password
                              : credentials.picture_code ? *credentials.picture_code
                                                         : kNoSecret;
  auto& user = target.user;
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
    count_failure(credentials, target, trusted);
    result.status = SignInStatus::invalid;
    return result;
  }
  if (trusted) {
    throttle_.forget(AttemptKind::device, trusted->counter_key());
  } else {
    throttle_.forget(AttemptKind::account, target.key);
  }
  result.device_cookie = devices_.after_sign_in(credentials.device_cookie, user->id);
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
