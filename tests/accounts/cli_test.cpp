// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole user add` on both backends.
#include <gtest/gtest.h>

#include "core/ids.hpp"
#include "support/backends.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

class UserAddCommand : public BackendTest {
 protected:
  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"user", "add"});
    args.insert(args.end(), {"--data", test_db().data_dir.path().string()});
    if (!test_db().url.empty()) {
      args.insert(args.end(), {"--database", test_db().url});
    }
    return run_imaginecole(args);
  }
  static std::string trimmed(std::string text) {
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    return text;
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(UserAddCommand);

TEST_P(UserAddCommand, CreatesAnAccountAndPrintsItsId) {
  const auto created =
      run({"--username", "Country.Admin", "--password", "a-long-password", "--role",
           "country_admin", "--scope", "country:sn", "--display-name", "Administratrice"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string id = trimmed(created.out);
  EXPECT_TRUE(core::is_valid_id(id)) << created.out;
  auto connection = db().read();
  const auto row = connection->query_one(
      "SELECT u.username, u.display_name, u.kind, g.role, g.scope_kind, g.scope_id FROM users u "
      "JOIN role_grants g ON g.user_id = u.id WHERE u.id = ?",
      {id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "country.admin");
  EXPECT_EQ(row->text(1), "Administratrice");
  EXPECT_EQ(row->text(2), "staff");
  EXPECT_EQ(row->text(3), "country_admin");
  EXPECT_EQ(row->text(4), "country");
  EXPECT_EQ(row->text(5), "SN");
  const auto platform = run({"--username", "root", "--password", "a-long-password", "--role",
                             "platform_admin", "--scope", "platform"});
  EXPECT_EQ(platform.exit_code, 0) << platform.err;
}

TEST_P(UserAddCommand, RefusesWithOneClearLine) {
  ASSERT_EQ(run({"--username", "taken", "--password", "a-long-password", "--role", "editor",
                 "--scope", "country:CI"})
                .exit_code,
            0);
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"--username", "taken", "--password", "a-long-password", "--role", "editor", "--scope",
        "country:SN"},
       "imaginecole: username 'taken' is already taken\n"},
      {{"--username", "u1", "--password", "a-long-password", "--role", "wizard", "--scope",
        "platform"},
       "imaginecole: unknown role 'wizard' (expected one of: platform_admin, country_admin, "
       "editor, reviewer, analyst, school_head, teacher, pupil)\n"},
      {{"--username", "u1", "--password", "a-long-password", "--role", "editor", "--scope",
        "country:Senegal"},
       "imaginecole: invalid scope 'country:Senegal': a country is its two-letter ISO code "
       "(country:SN)\n"},
      {{"--username", "u1", "--password", "a-long-password", "--role", "teacher", "--scope",
        "school:NOWHERE"},
       "imaginecole: no school with code 'NOWHERE'\n"},
      {{"--username", "u1", "--password", "a-long-password", "--role", "school_head", "--scope",
        "platform"},
       "imaginecole: role school_head cannot be granted at scope platform\n"},
      {{"--username", "u1", "--password", "short", "--role", "editor", "--scope", "country:SN"},
       "imaginecole: the password must have at least 8 characters\n"},
  };
  for (const auto& bad : cases) {
    const auto result = run(bad.args);
    EXPECT_EQ(result.exit_code, 2) << bad.message;
    EXPECT_EQ(result.err, bad.message);
    EXPECT_EQ(result.out, "");
  }
  const auto missing = run({"--username", "u1", "--role", "editor"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("--scope"), std::string::npos) << missing.err;
  auto connection = db().read();
  EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM users")->integer(0), 1);
}

TEST_P(UserAddCommand, PupilsJoinAClassAndMayHaveAPictureCode) {
  std::vector<std::string> init = {"init", "--demo", "--data", test_db().data_dir.path().string()};
  if (!test_db().url.empty()) {
    init.insert(init.end(), {"--database", test_db().url});
  }
  ASSERT_EQ(run_imaginecole(init).exit_code, 0);
  auto connection = db().read();
  const std::string class_id =
      connection
          ->query_one(
              "SELECT c.id FROM classes c JOIN schools s ON s.id = c.school_id "
              "WHERE s.code = 'DKR001'")
          ->text(0);
  const auto created = run({"--username", "binta", "--picture-code", "2-5-8", "--role", "pupil",
                            "--scope", "class:" + class_id});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto row = connection->query_one(
      "SELECT u.kind, u.school_id IS NOT NULL, c.password_hash IS NULL, u.picture_code_hash "
      "FROM users u JOIN user_credentials c ON c.user_id = u.id WHERE u.id = ?",
      {trimmed(created.out)});
  EXPECT_EQ(row->text(0), "pupil");
  EXPECT_EQ(row->integer(1), 1);
  EXPECT_EQ(row->integer(2), 1);
  EXPECT_TRUE(row->text(3).starts_with("$argon2id$"));
  // Same username in the same school: refused.
  EXPECT_EQ(run({"--username", "awa", "--password", "soleil", "--role", "pupil", "--scope",
                 "class:" + class_id})
                .err,
            "imaginecole: username 'awa' is already taken in this school\n");
}

}  // namespace
}  // namespace imaginecole::testing
