// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/hash.hpp"

#include <sodium.h>

#include <cstring>

namespace imaginecole::core {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

crypto_hash_sha256_state* as_state(unsigned char* storage) {
  static_assert(sizeof(crypto_hash_sha256_state) <= 128);
  return reinterpret_cast<crypto_hash_sha256_state*>(storage);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex(digest, sizeof digest);
}

Sha256::Sha256() {
  crypto_hash_sha256_init(as_state(state_));
}

void Sha256::update(std::string_view data) {
  crypto_hash_sha256_update(as_state(state_), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
}

std::string Sha256::final_hex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(as_state(state_), digest);
  return hex(digest, sizeof digest);
}

std::string to_hex(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[value & 0x0f];
    value >>= 4;
  }
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  unsigned char digest_a[crypto_hash_sha256_BYTES];
  unsigned char digest_b[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest_a, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_hash_sha256(digest_b, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  return sodium_memcmp(digest_a, digest_b, sizeof digest_a) == 0;
}

}  // namespace imaginecole::core
