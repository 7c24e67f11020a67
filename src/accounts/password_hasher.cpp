// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/password_hasher.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <semaphore>
#include <stdexcept>
#include <thread>

namespace imaginecole::accounts {
namespace {

constexpr std::ptrdiff_t kMaxSlots = 64;

std::size_t default_concurrency() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp<std::size_t>(cores == 0 ? 1 : cores, 1, 4);
}

// Holds one hashing slot for its lifetime.
class SlotGuard {
 public:
  explicit SlotGuard(std::counting_semaphore<kMaxSlots>& slots) : slots_(slots) {
    slots_.acquire();
  }
  ~SlotGuard() { slots_.release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  std::counting_semaphore<kMaxSlots>& slots_;
};

}  // namespace

struct PasswordHasher::Impl {
  explicit Impl(PasswordHasherOptions opts)
      : options(opts),
        concurrency(std::min<std::size_t>(
            opts.max_concurrent == 0 ? default_concurrency() : opts.max_concurrent, kMaxSlots)),
        slots(static_cast<std::ptrdiff_t>(concurrency)) {}

  std::string hash_now(std::string_view secret) {
    char out[crypto_pwhash_STRBYTES];
    SlotGuard slot(slots);
    if (crypto_pwhash_str(out, secret.data(), secret.size(), options.ops_limit,
                          options.mem_limit) != 0) {
      throw std::runtime_error("password hashing ran out of memory");
    }
    return std::string(out);
  }

  const std::string& dummy_hash() {
    std::call_once(dummy_once, [this] {
      unsigned char random[16];
      randombytes_buf(random, sizeof random);
      dummy = hash_now(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
    });
    return dummy;
  }

  PasswordHasherOptions options;
  std::size_t concurrency;
  std::counting_semaphore<kMaxSlots> slots;
  std::once_flag dummy_once;
  std::string dummy;
};

PasswordHasher::PasswordHasher(PasswordHasherOptions options) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  impl_ = std::make_unique<Impl>(options);
}

PasswordHasher::~PasswordHasher() = default;

std::string PasswordHasher::hash(std::string_view secret) {
  return impl_->hash_now(secret);
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view secret) {
  // crypto_pwhash_str_verify wants a NUL-terminated string that fits its buffer.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) {
    verify_dummy(secret);
    return false;
  }
  const std::string terminated(stored_hash);
  SlotGuard slot(impl_->slots);
  return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

void PasswordHasher::verify_dummy(std::string_view secret) {
  const std::string& dummy = impl_->dummy_hash();
  SlotGuard slot(impl_->slots);
  // The outcome is meaningless; only the time spent matters.
  [[maybe_unused]] const int outcome =
      crypto_pwhash_str_verify(dummy.c_str(), secret.data(), secret.size());
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const {
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), impl_->options.ops_limit,
                                        impl_->options.mem_limit) != 0;
}

std::size_t PasswordHasher::max_concurrent() const {
  return impl_->concurrency;
}

std::optional<std::string> normalize_picture_code(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '1' && c <= '9') {
      digits.push_back(c);
    } else if (c != '-' && c != ',' && c != ' ') {
      return std::nullopt;
    }
  }
  if (digits.size() != 3) {
    return std::nullopt;
  }
  return std::string{digits[0], '-', digits[1], '-', digits[2]};
}

}  // namespace imaginecole::accounts
