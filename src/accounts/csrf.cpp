// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/csrf.hpp"

#include <sodium.h>

#include <algorithm>

namespace imaginecole::accounts {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string csrf_token_for(const Session& session) {
  unsigned char digest[32];
  // The secret is 64 hex characters: within BLAKE2b's key size limits (16 to 64 bytes).
  const std::string_view key = session.csrf_secret;
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(session.id.data()), session.id.size(),
                     reinterpret_cast<const unsigned char*>(key.data()),
                     std::min<std::size_t>(key.size(), crypto_generichash_KEYBYTES_MAX));
  return to_hex(digest, sizeof digest);
}

bool csrf_token_matches(const Session& session, std::string_view token) {
  return same_text(csrf_token_for(session), token);
}

std::string new_presession_token() {
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  return to_hex(random, sizeof random);
}

bool presession_token_matches(std::string_view cookie_value, std::string_view form_value) {
  return cookie_value.size() == 64 && same_text(cookie_value, form_value);
}

}  // namespace imaginecole::accounts
