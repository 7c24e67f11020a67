// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/device_cookie.hpp"

#include "http/cookie.hpp"
#include "storage/node_settings.hpp"

#include <sodium.h>

namespace imaginecole::accounts {
namespace {

constexpr std::size_t kNonceBytes = 16;
// 128 bits of HMAC-SHA-256 are plenty against forgery and keep eight entries near 800 bytes.
constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kUserIdMax = 64;

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

bool plain_id(std::string_view text) {
  if (text.empty() || text.size() > kUserIdMax) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

const std::string& DeviceCookies::secret() {
  std::lock_guard lock(mutex_);
  if (secret_.empty()) {
    unsigned char fresh[crypto_auth_hmacsha256_KEYBYTES];
    randombytes_buf(fresh, sizeof fresh);
    auto connection = database_.write();
    // Whoever writes first wins; every server then reads the same secret.
    const std::string text = storage::keep_first_node_setting(*connection, "device_cookie_secret",
                                                              hex(fresh, sizeof fresh));
    std::string bytes(crypto_auth_hmacsha256_KEYBYTES, '\0');
    std::size_t length = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                       text.size(), nullptr, &length, nullptr) != 0 ||
        length != bytes.size()) {
      throw std::runtime_error("node_settings.device_cookie_secret is not 64 hex characters");
    }
    secret_ = std::move(bytes);
  }
  return secret_;
}

std::string DeviceCookies::sign(std::string_view user_id, std::string_view nonce) {
  const std::string& key = secret();
  const std::string message =
      "imaginecole-device-v1|" + std::string(user_id) + "|" + std::string(nonce);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return hex(mac, kMacBytes);
}

// "<user id>:<nonce>:<mac>" entries separated by '.'; anything malformed or forged is dropped.
std::vector<DeviceEntry> DeviceCookies::valid_entries(std::string_view cookie_value) {
  std::vector<DeviceEntry> out;
  while (!cookie_value.empty() && out.size() < kMaxAccountsPerDevice) {
    const auto end = cookie_value.find('.');
    const std::string_view entry = cookie_value.substr(0, end);
    cookie_value =
        end == std::string_view::npos ? std::string_view() : cookie_value.substr(end + 1);
    const auto first = entry.find(':');
    const auto second = first == std::string_view::npos ? first : entry.find(':', first + 1);
    if (second == std::string_view::npos) {
      continue;
    }
    const std::string_view user_id = entry.substr(0, first);
    const std::string_view nonce = entry.substr(first + 1, second - first - 1);
    const std::string_view mac = entry.substr(second + 1);
    if (!plain_id(user_id) || nonce.size() != kNonceBytes * 2 || !plain_id(nonce) ||
        mac.size() != kMacBytes * 2) {
      continue;
    }
    const std::string expected = sign(user_id, nonce);
    if (sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) {
      continue;
    }
    out.push_back(DeviceEntry{.user_id = std::string(user_id), .nonce = std::string(nonce)});
  }
  return out;
}

std::optional<DeviceEntry> DeviceCookies::trusted_entry(std::string_view cookie_value,
                                                        std::string_view user_id) {
  for (auto& entry : valid_entries(cookie_value)) {
    if (entry.user_id == user_id) {
      return std::move(entry);
    }
  }
  return std::nullopt;
}

std::string DeviceCookies::after_sign_in(std::string_view cookie_value, std::string_view user_id) {
  unsigned char random[kNonceBytes];
  randombytes_buf(random, sizeof random);
  const std::string nonce = hex(random, sizeof random);
  std::string value = std::string(user_id) + ":" + nonce + ":" + sign(user_id, nonce);
  std::size_t kept = 1;
  for (const auto& entry : valid_entries(cookie_value)) {
    if (entry.user_id == user_id || kept >= kMaxAccountsPerDevice) {
      continue;
    }
    value += "." + entry.user_id + ":" + entry.nonce + ":" + sign(entry.user_id, entry.nonce);
    ++kept;
  }
  return value;
}

http::Cookie device_cookie_for(std::string_view value) {
  return http::Cookie{
      .name = std::string(kDeviceCookie), .value = std::string(value), .max_age = 365 * 24 * 3600};
}

}  // namespace imaginecole::accounts
