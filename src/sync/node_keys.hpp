// SPDX-License-Identifier: AGPL-3.0-or-later
// This server's long-term keys for sync (decision 0037): an Ed25519 pair that signs what it
// sends, and the X25519 pair derived from it that opens what is sealed for it. One 32-byte
// seed holds both. A SQLite server keeps the seed in its data folder (file `sync-key`, mode
// 0600); a PostgreSQL hub, whose app servers share one database and no folder, keeps it in
// the node settings.
#pragma once

#include <array>
#include <filesystem>
#include <string>

#include "storage/database.hpp"

namespace imaginecole::sync {

struct PublicKeys {
  std::array<unsigned char, 32> sign{};  // Ed25519
  std::array<unsigned char, 32> box{};   // X25519

  std::string sign_hex() const;
  std::string box_hex() const;
  // From the hex a peer sent; nullopt when either is not 64 hex digits.
  static std::optional<PublicKeys> from_hex(std::string_view sign_hex, std::string_view box_hex);
  // Short text two people can compare by voice: "3F2A-91C0-77BE-0D14".
  std::string fingerprint() const;
};

class NodeKeys {
 public:
  // Fresh random keys.
  static NodeKeys generate();
  static NodeKeys from_seed(const std::array<unsigned char, 32>& seed);

  const PublicKeys& public_keys() const { return public_; }
  const std::array<unsigned char, 64>& sign_secret() const { return sign_secret_; }
  const std::array<unsigned char, 32>& box_secret() const { return box_secret_; }
  const std::array<unsigned char, 32>& seed() const { return seed_; }

  NodeKeys(const NodeKeys&) = default;
  NodeKeys& operator=(const NodeKeys&) = default;
  ~NodeKeys();

 private:
  NodeKeys() = default;
  std::array<unsigned char, 32> seed_{};
  std::array<unsigned char, 64> sign_secret_{};
  std::array<unsigned char, 32> box_secret_{};
  PublicKeys public_;
};

// Where the keys live: the data folder (SQLite) or the database (no data folder).
struct KeyPlace {
  storage::Database& database;
  std::filesystem::path data_dir;  // empty: the database's node settings
};

// This server's keys; created on first use.
NodeKeys load_node_keys(const KeyPlace& place);
// Replaces them (a new pairing gives a box new keys, so that a cloned card's copy of the old
// ones is no longer trusted). The file is written atomically with mode 0600.
void store_node_keys(const KeyPlace& place, const NodeKeys& keys);

}  // namespace imaginecole::sync
