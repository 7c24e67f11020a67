// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/node_keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/errors.hpp"
#include "storage/node_settings.hpp"

namespace imaginecole::sync {
namespace {

constexpr const char* kKeyFile = "sync-key";
constexpr const char* kKeySetting = "sync_key_seed";

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t size) {
  std::size_t written = 0;
  return hex.size() == size * 2 &&
         sodium_hex2bin(out, size, hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == size;
}

void ensure_sodium() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not start");
  }
}

std::array<unsigned char, 32> parse_seed(std::string_view text, const std::string& where) {
  std::array<unsigned char, 32> seed{};
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if (!from_hex(text, seed.data(), seed.size())) {
    throw ConfigError(where + " does not hold a sync key (64 hex digits)");
  }
  return seed;
}

void write_key_file(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConfigError("cannot write " + temporary.string() + ": " + std::strerror(errno));
  }
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), file.c_str()) != 0) {
    std::filesystem::remove(temporary);
    throw ConfigError("cannot write " + file.string() + ": " + std::strerror(saved));
  }
}

}  // namespace

std::string PublicKeys::sign_hex() const {
  return to_hex(sign.data(), sign.size());
}

std::string PublicKeys::box_hex() const {
  return to_hex(box.data(), box.size());
}

std::optional<PublicKeys> PublicKeys::from_hex(std::string_view sign_hex,
                                               std::string_view box_hex) {
  PublicKeys keys;
  if (!sync::from_hex(sign_hex, keys.sign.data(), keys.sign.size()) ||
      !sync::from_hex(box_hex, keys.box.data(), keys.box.size())) {
    return std::nullopt;
  }
  return keys;
}

std::string PublicKeys::fingerprint() const {
  ensure_sodium();
  unsigned char digest[8];
  crypto_generichash(digest, sizeof digest, sign.data(), sign.size(), box.data(), box.size());
  std::string hex = to_hex(digest, sizeof digest);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    if (i > 0 && i % 4 == 0) {
      out += '-';
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
  }
  return out;
}

NodeKeys NodeKeys::generate() {
  ensure_sodium();
  std::array<unsigned char, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  NodeKeys keys = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return keys;
}

NodeKeys NodeKeys::from_seed(const std::array<unsigned char, 32>& seed) {
  ensure_sodium();
  NodeKeys keys;
  keys.seed_ = seed;
  crypto_sign_seed_keypair(keys.public_.sign.data(), keys.sign_secret_.data(), seed.data());
  if (crypto_sign_ed25519_pk_to_curve25519(keys.public_.box.data(), keys.public_.sign.data()) !=
          0 ||
      crypto_sign_ed25519_sk_to_curve25519(keys.box_secret_.data(), keys.sign_secret_.data()) !=
          0) {
    throw std::runtime_error("libsodium refused to derive the X25519 keys");
  }
  return keys;
}

NodeKeys::~NodeKeys() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(sign_secret_.data(), sign_secret_.size());
  sodium_memzero(box_secret_.data(), box_secret_.size());
}

NodeKeys load_node_keys(const KeyPlace& place) {
  if (place.data_dir.empty()) {
    const NodeKeys fresh = NodeKeys::generate();
    auto connection = place.database.write();
    const std::string kept = storage::keep_first_node_setting(
        *connection, kKeySetting, to_hex(fresh.seed().data(), fresh.seed().size()));
    return NodeKeys::from_seed(parse_seed(kept, "the node setting sync_key_seed"));
  }
  const std::filesystem::path file = place.data_dir / kKeyFile;
  std::ifstream in(file);
  if (!in) {
    const NodeKeys fresh = NodeKeys::generate();
    store_node_keys(place, fresh);
    return fresh;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return NodeKeys::from_seed(parse_seed(text, file.string()));
}

void store_node_keys(const KeyPlace& place, const NodeKeys& keys) {
  const std::string hex = to_hex(keys.seed().data(), keys.seed().size());
  if (place.data_dir.empty()) {
    auto connection = place.database.write();
    storage::replace_node_setting(*connection, kKeySetting, hex);
    return;
  }
  write_key_file(place.data_dir / kKeyFile, hex + "\n");
}

}  // namespace imaginecole::sync
