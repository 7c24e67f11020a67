// SPDX-License-Identifier: AGPL-3.0-or-later
// Node keys on both backends: a SQLite server keeps its seed in the data folder (0600), a
// PostgreSQL hub in the node settings its app servers share; a new pairing replaces them.
#include "sync/node_keys.hpp"

#include <gtest/gtest.h>

#include "support/backends.hpp"

namespace imaginecole::sync {
namespace {

using testing::BackendTest;

class NodeKeysOnBackends : public BackendTest {
 protected:
  KeyPlace place() {
    return KeyPlace{.database = db(),
                    .data_dir = db().backend() == storage::Backend::sqlite
                                    ? test_db().data_dir.path()
                                    : std::filesystem::path()};
  }
};

TEST_P(NodeKeysOnBackends, AreMadeOnceKeptAndReplacedByANewPairing) {
  const std::string first = load_node_keys(place()).public_keys().fingerprint();
  EXPECT_EQ(load_node_keys(place()).public_keys().fingerprint(), first);
  if (db().backend() == storage::Backend::sqlite) {
    const auto rights =
        std::filesystem::status(test_db().data_dir.path() / "sync-key").permissions();
    EXPECT_EQ(rights & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  } else {
    EXPECT_FALSE(std::filesystem::exists(test_db().data_dir.path() / "sync-key"));
  }
  const NodeKeys fresh = NodeKeys::generate();
  store_node_keys(place(), fresh);
  const std::string replaced = load_node_keys(place()).public_keys().fingerprint();
  EXPECT_NE(replaced, first);
  EXPECT_EQ(replaced, fresh.public_keys().fingerprint());
}

TEST(NodeKeys, TheX25519KeyIsDerivedFromTheSigningSeed) {
  const NodeKeys keys = NodeKeys::generate();
  const NodeKeys again = NodeKeys::from_seed(keys.seed());
  EXPECT_EQ(again.public_keys().box_hex(), keys.public_keys().box_hex());
  EXPECT_EQ(again.public_keys().sign_hex(), keys.public_keys().sign_hex());
  EXPECT_FALSE(PublicKeys::from_hex("zz", keys.public_keys().box_hex()));
  const auto parsed =
      PublicKeys::from_hex(keys.public_keys().sign_hex(), keys.public_keys().box_hex());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->fingerprint(), keys.public_keys().fingerprint());
}

IMAGINECOLE_ON_BOTH_BACKENDS(NodeKeysOnBackends);

}  // namespace
}  // namespace imaginecole::sync
