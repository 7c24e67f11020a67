// SPDX-License-Identifier: AGPL-3.0-or-later
// A user's profile, password and disabled flag are three rows with their own versions
// (migration 0017), so that a change to one, made on one server, never carries the old value
// of another made elsewhere. On both backends.
#include <gtest/gtest.h>

#include "accounts/admin_store.hpp"
#include "accounts_fixture.hpp"
#include "core/errors.hpp"
#include "support/schema_at.hpp"

namespace imaginecole::accounts {
namespace {

class UserSplit : public AccountsTest {
 protected:
  std::int64_t version_of(const std::string& table, const std::string& key_column,
                          const std::string& id) {
    auto connection = db().read();
    return connection
        ->query_one("SELECT row_version FROM " + table + " WHERE " + key_column + " = ?", {id})
        ->integer(0);
  }
};

TEST_P(UserSplit, APasswordChangeLeavesTheProfileAndStatusVersionsAlone) {
  const auto user = accounts().users().staff_by_username("sn.editor");
  ASSERT_TRUE(user);
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    accounts().users().set_password_hash(*connection, user->id, "$argon2id$new");
    transaction.commit();
  }
  EXPECT_EQ(accounts().users().by_id(user->id)->password_hash, "$argon2id$new");
  EXPECT_EQ(version_of("user_credentials", "user_id", user->id), 2);
  EXPECT_EQ(version_of("users", "id", user->id), 1);
  EXPECT_EQ(version_of("user_status", "user_id", user->id), 1);
  auto connection = db().read();
  EXPECT_FALSE(connection
                   ->query_one("SELECT password_changed_at FROM user_credentials WHERE user_id = ?",
                               {user->id})
                   ->is_null(0));
}

TEST_P(UserSplit, DisablingWritesOnlyTheStatusAndSaysWhoDidIt) {
  const auto admin = accounts().users().staff_by_username("sn.admin");
  const auto user = accounts().users().staff_by_username("sn.editor");
  ASSERT_TRUE(admin && user);
  AdminStore store(db(), node_id_);
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    store.set_disabled(*connection, user->id, true, admin->id);
    transaction.commit();
  }
  EXPECT_TRUE(accounts().users().by_id(user->id)->disabled);
  EXPECT_EQ(accounts().sign_in().sign_in(staff("sn.editor", "ecole-demo")).status,
            SignInStatus::invalid);
  EXPECT_EQ(version_of("user_status", "user_id", user->id), 2);
  EXPECT_EQ(version_of("users", "id", user->id), 1);
  EXPECT_EQ(version_of("user_credentials", "user_id", user->id), 1);
  auto connection = db().read();
  EXPECT_EQ(
      connection->query_one("SELECT changed_by FROM user_status WHERE user_id = ?", {user->id})
          ->text(0),
      admin->id);
}

TEST_P(UserSplit, EveryNewAccountHasItsThreeRows) {
  auto connection = db().read();
  const auto missing = connection->query_one(
      "SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_credentials c WHERE "
      "c.user_id = u.id) OR NOT EXISTS (SELECT 1 FROM user_status s WHERE s.user_id = u.id)");
  EXPECT_EQ(missing->integer(0), 0);
  EXPECT_GT(connection->query_one("SELECT COUNT(*) FROM user_credentials")->integer(0), 5);
}

IMAGINECOLE_ON_BOTH_BACKENDS(UserSplit);

// Migration 0017 on a database filled at the schema before it: nothing is lost.
class UserSplitMigration : public testing::BackendTest {};

TEST_P(UserSplitMigration, CopiesPasswordsAndDisabledFlagsIntoTheirOwnRows) {
  auto fresh = testing::make_test_database(GetParam(), /*migrate=*/false);
  storage::Database& database = *fresh->database;
  testing::migrate_up_to(database, 16);
  {
    auto connection = database.write();
    connection->execute(
        "INSERT INTO users (id, username, display_name, password_hash, kind, disabled, "
        "created_at, updated_at, origin_node, row_version) VALUES "
        "('u-1', 'awa.staff', 'Awa', '$argon2id$awa', 'staff', 1, '2026-01-01T08:00:00Z', "
        "'2026-02-01T08:00:00Z', 'node-a', 4), "
        "('u-2', 'moussa.staff', 'Moussa', NULL, 'staff', 0, '2026-01-02T08:00:00Z', "
        "'2026-01-02T08:00:00Z', 'node-b', 1)");
  }
  storage::migrate(database);

  auto connection = database.read();
  const auto credentials = connection->query(
      "SELECT user_id, password_hash, password_changed_at, origin_node FROM user_credentials "
      "ORDER BY user_id");
  ASSERT_EQ(credentials.rows.size(), 2U);
  EXPECT_EQ(credentials.rows[0].text(1), "$argon2id$awa");
  EXPECT_EQ(credentials.rows[0].text(2), "2026-02-01T08:00:00Z");
  EXPECT_EQ(credentials.rows[0].text(3), "node-a");
  EXPECT_TRUE(credentials.rows[1].is_null(1));
  EXPECT_TRUE(credentials.rows[1].is_null(2));
  const auto status =
      connection->query("SELECT user_id, disabled FROM user_status ORDER BY user_id");
  ASSERT_EQ(status.rows.size(), 2U);
  EXPECT_EQ(status.rows[0].integer(1), 1);
  EXPECT_EQ(status.rows[1].integer(1), 0);
  // The profile row kept its version and lost the moved columns.
  EXPECT_EQ(connection->query_one("SELECT row_version FROM users WHERE id = 'u-1'")->integer(0), 4);
  EXPECT_THROW(connection->query("SELECT password_hash FROM users"), StorageError);
}

IMAGINECOLE_ON_BOTH_BACKENDS(UserSplitMigration);

}  // namespace
}  // namespace imaginecole::accounts
