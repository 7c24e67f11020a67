// SPDX-License-Identifier: AGPL-3.0-or-later
// OWASP's "device cookie": after a good sign-in, the browser keeps a long-lived cookie naming
// the account(s) that signed in on it, each entry signed with HMAC-SHA-256 under a server
// secret. A sign-in that carries a valid entry for the account it tries comes from the owner's
// trusted device: its failures count on that device's own counter, and a lockout of the
// account for untrusted clients does not apply to it (docs/decisions/0017-sign-in-throttling.md).
//
// The secret is 32 random bytes in the database (node_settings 'device_cookie_secret'), made by
// whichever server needs it first, so that every app server on one database accepts the
// cookies of the others.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/cookie.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

inline constexpr std::string_view kDeviceCookie = "imaginecole_device";
// A shared classroom computer remembers this many of the accounts last signed in on it.
inline constexpr std::size_t kMaxAccountsPerDevice = 8;

// One account trusted on this device: the counter of its failures is "<user id>:<nonce>".
struct DeviceEntry {
  std::string user_id;
  std::string nonce;  // 32 hex characters, new at each good sign-in

  std::string counter_key() const { return user_id + ":" + nonce; }
};

class DeviceCookies {
 public:
  explicit DeviceCookies(storage::Database& database) : database_(database) {}

  // The entry of `cookie_value` naming `user_id` whose signature holds, if any.
  std::optional<DeviceEntry> trusted_entry(std::string_view cookie_value, std::string_view user_id);
  // The cookie's value once `user_id` has signed in on this device: a fresh entry for them
  // first, then the other valid entries, at most kMaxAccountsPerDevice.
  std::string after_sign_in(std::string_view cookie_value, std::string_view user_id);

 private:
  std::string sign(std::string_view user_id, std::string_view nonce);
  std::vector<DeviceEntry> valid_entries(std::string_view cookie_value);
  const std::string& secret();

  storage::Database& database_;
  std::mutex mutex_;
  std::string secret_;  // 32 bytes, loaded once
};

// The long-lived cookie that carries a device's signed entries (one year, HttpOnly).
http::Cookie device_cookie_for(std::string_view value);

}  // namespace imaginecole::accounts
