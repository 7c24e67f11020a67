// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole demo pupils` (the classroom benchmark's pupils) through the real binary on both
// backends: classes of --class-size, pupils who can sign in with the shared password hashed
// once, and refusals that write nothing.
#include <gtest/gtest.h>

#include "accounts/password_hasher.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

// The demo platform (a copy of the template `init --demo` made once; demo_database.hpp).
class DemoPupilsCli : public DemoBackendTest {
 protected:
  CommandResult demo_pupils(std::vector<std::string> args) {
    std::vector<std::string> all = {"demo", "pupils"};
    all.insert(all.end(), args.begin(), args.end());
    const auto where = location();
    all.insert(all.end(), where.begin(), where.end());
    return run_imaginecole(all);
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(DemoPupilsCli);

TEST_P(DemoPupilsCli, FivePupilsInClassesOfTwoSharingOneHash) {
  const std::int64_t users = count("SELECT COUNT(*) FROM users");
  const std::int64_t classes = count("SELECT COUNT(*) FROM classes");
  const auto made = demo_pupils({"--school", "DKR001", "--count", "5", "--class-size", "2",
                                 "--prefix", "banc", "--password", "classe-banc"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("Created 3 classes and 5 pupils (banc1 to banc5) in school DKR001"),
            std::string::npos)
      << made.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users + 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM classes"), classes + 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE kind = 'pupil' AND username LIKE 'banc%'"), 5);
  // One hash for all: the published password of benchmark pupils, checked by the real hasher.
  EXPECT_EQ(count("SELECT COUNT(DISTINCT uc.password_hash) FROM users u JOIN user_credentials uc"
                  " ON uc.user_id = u.id WHERE u.username LIKE 'banc%'"),
            1);
  auto connection = db().read();
  const auto hash = connection->query_one(
      "SELECT uc.password_hash FROM users u JOIN user_credentials uc ON uc.user_id = u.id"
      " WHERE u.username = 'banc5'");
  ASSERT_TRUE(hash);
  accounts::PasswordHasher hasher;
  EXPECT_TRUE(hasher.verify(hash->text(0), "classe-banc"));
  EXPECT_FALSE(hasher.verify(hash->text(0), "autre-chose"));
  // A second run with the same prefix is refused before writing anything.
  const auto again = demo_pupils(
      {"--school", "DKR001", "--count", "5", "--prefix", "banc", "--password", "classe-banc"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already has a pupil banc1"), std::string::npos) << again.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users + 5);
  // The third class holds the fifth pupil alone.
  EXPECT_EQ(count("SELECT COUNT(*) FROM classes WHERE name = 'banc 3'"), 1);
}

TEST_P(DemoPupilsCli, RefusalsExitTwoAndWriteNothing) {
  const std::int64_t users = count("SELECT COUNT(*) FROM users");
  const auto no_school =
      demo_pupils({"--school", "NOPE01", "--count", "3", "--password", "classe-banc"});
  EXPECT_EQ(no_school.exit_code, 2);
  EXPECT_NE(no_school.err.find("no school with code 'NOPE01'"), std::string::npos) << no_school.err;
  const auto short_password =
      demo_pupils({"--school", "DKR001", "--count", "3", "--password", "abc"});
  EXPECT_EQ(short_password.exit_code, 2);
  EXPECT_NE(short_password.err.find("--password must have at least 4 characters"),
            std::string::npos)
      << short_password.err;
  EXPECT_EQ(demo_pupils({"--school", "DKR001", "--count", "3", "--prefix", "Banc!", "--password",
                         "classe-banc"})
                .exit_code,
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users);
}

}  // namespace
}  // namespace imaginecole::testing
