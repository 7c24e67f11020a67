// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql_placeholders.hpp"

#include <gtest/gtest.h>

#include "storage/open_database.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::storage {
namespace {

TEST(SqlPlaceholders, NumbersQuestionMarksOutsideQuotesAndComments) {
  EXPECT_EQ(to_numbered_placeholders("SELECT * FROM t WHERE a = ? AND b = ?"),
            "SELECT * FROM t WHERE a = $1 AND b = $2");
  EXPECT_EQ(to_numbered_placeholders("SELECT '?', \"odd?\" FROM t WHERE c = ?"),
            "SELECT '?', \"odd?\" FROM t WHERE c = $1");
  EXPECT_EQ(to_numbered_placeholders("SELECT 'it''s ?' -- what?\n, ?"),
            "SELECT 'it''s ?' -- what?\n, $1");
}

TEST(OpenDatabase, ExplainsWhatIsWrong) {
  try {
    open_database(DatabaseConfig{.data_dir = {}, .url = "mysql://nope"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("postgresql://"), std::string::npos);
  }
  try {
    open_database(DatabaseConfig{.data_dir = "/nonexistent/imaginecole"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("imaginecole init"), std::string::npos);
  }
  EXPECT_THROW(
      open_database(DatabaseConfig{.data_dir = {}, .url = "postgresql://nobody@127.0.0.1:1/none"}),
      StorageError);
}

TEST(OpenDatabase, PasswordsNeverReachLogs) {
  EXPECT_EQ(redact_url("postgresql://app:s3cret@db:5432/x"), "postgresql://app:***@db:5432/x");
  EXPECT_EQ(redact_url("postgresql://app@db/x"), "postgresql://app@db/x");
}

}  // namespace
}  // namespace imaginecole::storage
