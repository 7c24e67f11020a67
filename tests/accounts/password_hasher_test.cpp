// SPDX-License-Identifier: AGPL-3.0-or-later
// Argon2id hashing with the production parameters, the dummy verification and picture codes.
#include "accounts/password_hasher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "support/thread_cpu_time.hpp"

namespace imaginecole::accounts {
namespace {

using testing::thread_cpu_seconds;

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  PasswordHasher hasher;
  const std::string hash = hasher.hash("correct horse");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(hasher.verify(hash, "correct horse"));
  EXPECT_FALSE(hasher.needs_rehash(hash));
}

TEST(PasswordHasher, RefusesAWrongPassword) {
  PasswordHasher hasher;
  const std::string hash = hasher.hash("correct horse");
  EXPECT_FALSE(hasher.verify(hash, "correct horsf"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, SameSecretGivesDifferentHashes) {
  PasswordHasher hasher;
  EXPECT_NE(hasher.hash("soleil"), hasher.hash("soleil"));
}

TEST(PasswordHasher, MalformedStoredHashNeverVerifies) {
  PasswordHasher hasher;
  EXPECT_FALSE(hasher.verify("", "x"));
  EXPECT_FALSE(hasher.verify("not a hash", "not a hash"));
  EXPECT_FALSE(hasher.verify(std::string(500, '$'), "x"));
}

// The work is compared in processor time (the smallest of three interleaved runs of each), not
// in wall time.
TEST(PasswordHasher, DummyVerificationDoesAsMuchWorkAsARealOne) {
  PasswordHasher hasher;
  const std::string hash = hasher.hash("warm up");
  hasher.verify_dummy("warm up");  // the dummy hash is made on first use
  double real = 1e9;
  double dummy = 1e9;
  for (int run = 0; run < 3; ++run) {
    const double a = thread_cpu_seconds();
    hasher.verify(hash, "wrong");
    const double b = thread_cpu_seconds();
    hasher.verify_dummy("wrong");
    const double c = thread_cpu_seconds();
    real = std::min(real, b - a);
    dummy = std::min(dummy, c - b);
  }
  EXPECT_GT(dummy, real / 2) << "real " << real << " s, dummy " << dummy << " s";
  EXPECT_LT(dummy, real * 2) << "real " << real << " s, dummy " << dummy << " s";
}

TEST(PasswordHasher, OlderParametersAskForARehash) {
  PasswordHasher weak({.ops_limit = 1, .mem_limit = 8192, .max_concurrent = 1});
  PasswordHasher normal;
  EXPECT_TRUE(normal.needs_rehash(weak.hash("soleil")));
  EXPECT_TRUE(normal.verify(weak.hash("soleil"), "soleil"));
}

TEST(PasswordHasher, BoundsConcurrentHashes) {
  PasswordHasher hasher({.ops_limit = 1, .mem_limit = 8192, .max_concurrent = 2});
  EXPECT_EQ(hasher.max_concurrent(), 2u);
  PasswordHasher by_cores;
  EXPECT_GE(by_cores.max_concurrent(), 1u);
  EXPECT_LE(by_cores.max_concurrent(), 4u);
  // Forty pupils at once: all get through, none fails for lack of memory.
  std::vector<std::thread> threads;
  std::atomic<int> verified = 0;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&hasher, &verified, i] {
      const std::string secret = "pupil-" + std::to_string(i);
      if (hasher.verify(hasher.hash(secret), secret)) {
        ++verified;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(verified.load(), 40);
}

TEST(PictureCode, NormalizesThreePicturesOutOfNine) {
  EXPECT_EQ(normalize_picture_code("3-7-1"), "3-7-1");
  EXPECT_EQ(normalize_picture_code("3,7,1"), "3-7-1");
  EXPECT_EQ(normalize_picture_code("371"), "3-7-1");
  EXPECT_EQ(normalize_picture_code("3 7 1"), "3-7-1");
  EXPECT_FALSE(normalize_picture_code("3-7"));
  EXPECT_FALSE(normalize_picture_code("3-7-1-2"));
  EXPECT_FALSE(normalize_picture_code("0-7-1"));
  EXPECT_FALSE(normalize_picture_code("a-b-c"));
  EXPECT_FALSE(normalize_picture_code(""));
}

}  // namespace
}  // namespace imaginecole::accounts
