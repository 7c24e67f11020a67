// SPDX-License-Identifier: AGPL-3.0-or-later
// Password and picture-code hashing with Argon2id (libsodium's crypto_pwhash_str).
//
// Each hash takes ~19 MiB for ~70 ms on purpose. A counting semaphore bounds how many run at
// once, so that 40 pupils signing in together on a Raspberry Pi queue for a few hundred
// milliseconds instead of exhausting its memory. Call from the worker pool, never the event
// loop.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::accounts {

struct PasswordHasherOptions {
  unsigned long long ops_limit = 2;
  std::size_t mem_limit = 19 * 1024 * 1024;
  // Hashes computed at the same time; 0 means one per core, at most 4.
  std::size_t max_concurrent = 0;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordHasherOptions options = {});
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // A self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string. Throws
  // std::runtime_error when memory cannot be had (an environment failure).
  std::string hash(std::string_view secret);
  // Constant-time comparison inside libsodium; false for a malformed stored hash.
  bool verify(std::string_view stored_hash, std::string_view secret);
  // Spends the same time as verify() against a hash of nothing: used when the account does
  // not exist, so that response times do not tell whether a username is taken.
  void verify_dummy(std::string_view secret);
  // True when `stored_hash` was made with other parameters (rehash after a good sign-in).
  bool needs_rehash(std::string_view stored_hash) const;

  std::size_t max_concurrent() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Pupils' picture codes: three picture numbers out of 1..9, written "3-7-1". Accepts
// "3-7-1", "3,7,1", "371" and "3 7 1"; nullopt otherwise.
std::optional<std::string> normalize_picture_code(std::string_view text);

}  // namespace imaginecole::accounts
