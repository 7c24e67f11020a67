// SPDX-License-Identifier: AGPL-3.0-or-later
// Hashes: SHA-256 (libsodium) for content addresses, FNV-1a for cheap ETags of small bodies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imaginecole::core {

std::string sha256_hex(std::string_view data);

// Incremental SHA-256 for files streamed from disk or the network.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string final_hex();

 private:
  alignas(64) unsigned char state_[128];
};

constexpr std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string to_hex(std::uint64_t value);

// Compares two secrets (tokens) in a time that depends on neither their contents nor their
// lengths: both are hashed first, then the digests compared with sodium_memcmp.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace imaginecole::core
