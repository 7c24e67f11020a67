// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace imaginecole::core {
namespace {

std::uint64_t unix_millis() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

// Keeps ids from one process strictly increasing even within one millisecond (RFC 9562, §6.2
// method 3: the 12-bit rand_a field used as a counter).
struct Monotonic {
  std::mutex mutex;
  std::uint64_t last_millis = 0;
  std::uint16_t counter = 0;
};

constexpr char kHex[] = "0123456789abcdef";

std::string format_uuid(const std::array<std::uint8_t, 16>& bytes) {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out.push_back('-');
    }
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

// Chosen once at random; changing it would change every seeded id on every server.
constexpr std::array<std::uint8_t, 16> kNameNamespace = {
    0x41, 0x94, 0xa7, 0xa1, 0xf7, 0x4a, 0x4f, 0xbd, 0x9f, 0x83, 0x1f, 0x7b, 0xe9, 0xf2, 0x3b, 0x59};

}  // namespace

std::string name_based_id(std::string_view key) {
  static const bool sodium_ready = sodium_init() >= 0;
  (void)sodium_ready;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, kNameNamespace.data(), kNameNamespace.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  std::array<std::uint8_t, 16> bytes{};
  std::copy_n(digest.begin(), bytes.size(), bytes.begin());
  bytes[6] = static_cast<std::uint8_t>(0x80 | (bytes[6] & 0x0f));  // version 8
  bytes[8] = static_cast<std::uint8_t>(0x80 | (bytes[8] & 0x3f));  // RFC 9562 variant
  return format_uuid(bytes);
}

std::string new_id() {
  static Monotonic state;
  static const bool sodium_ready = sodium_init() >= 0;
  (void)sodium_ready;

  std::array<std::uint8_t, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());

  std::uint64_t millis = unix_millis();
  std::uint16_t counter = 0;
  {
    std::lock_guard lock(state.mutex);
    if (millis <= state.last_millis) {
      millis = state.last_millis;
      counter = ++state.counter;
      if (counter >= 0x0fff) {  // counter exhausted: borrow the next millisecond
        millis = ++state.last_millis;
        state.counter = counter = 0;
      }
    } else {
      state.last_millis = millis;
      state.counter = counter = static_cast<std::uint16_t>(bytes[6] & 0x03);
    }
  }

  for (int i = 0; i < 6; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(millis >> (40 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>(0x70 | ((counter >> 8) & 0x0f));
  bytes[7] = static_cast<std::uint8_t>(counter & 0xff);
  bytes[8] = static_cast<std::uint8_t>(0x80 | (bytes[8] & 0x3f));

  return format_uuid(bytes);
}

bool is_valid_id(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') {
        return false;
      }
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace imaginecole::core
