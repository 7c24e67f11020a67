// SPDX-License-Identifier: AGPL-3.0-or-later
// The classroom's small values: picture codes, generated secrets, join codes, names and the
// usernames suggested from them, with broken input.
#include <gtest/gtest.h>

#include <set>

#include "accounts/password_hasher.hpp"
#include "accounts/user_provisioning.hpp"
#include "accounts/user_store.hpp"
#include "classroom/secrets.hpp"

namespace imaginecole::classroom {
namespace {

TEST(ClassroomSecrets, NinePicturesNumberedOneToNine) {
  std::set<std::string_view> keys;
  for (int number = 1; number <= 9; ++number) {
    EXPECT_EQ(picture(number).number, number);
    EXPECT_TRUE(picture(number).svg.starts_with("<"));
    keys.insert(picture(number).key);
  }
  EXPECT_EQ(keys.size(), 9U);
}

TEST(ClassroomSecrets, NewPictureCodesAreThreeDifferentPictures) {
  for (const std::string_view good : {"3-7-1", "371", "3 7 1", "9,8,7"}) {
    EXPECT_TRUE(valid_new_picture_code(good)) << good;
  }
  EXPECT_EQ(valid_new_picture_code("3 7 1"), "3-7-1");
  for (const std::string_view bad :
       {"1-1-1", "1-2-1", "0-2-3", "a-b-c", "", "1-2", "1-2-3-4", "1;2;3", "١-٢-٣"}) {
    EXPECT_FALSE(valid_new_picture_code(bad)) << bad;
  }
  EXPECT_EQ(picture_numbers("3-7-1"), (std::vector<int>{3, 7, 1}));
  for (int round = 0; round < 200; ++round) {
    const std::string code = new_picture_code();
    ASSERT_EQ(valid_new_picture_code(code), code);
    // Accepted by the sign-in's own parser too.
    ASSERT_EQ(accounts::normalize_picture_code(code), code);
  }
}

TEST(ClassroomSecrets, GeneratedPasswordsAndJoinCodes) {
  std::set<std::string> seen;
  for (int round = 0; round < 100; ++round) {
    const std::string password = new_pupil_password();
    EXPECT_EQ(password.size(), 8U);
    EXPECT_GE(password.size(), accounts::kMinPupilPasswordLength);
    seen.insert(password);
    const std::string code = new_join_code();
    ASSERT_EQ(code.size(), 6U);
    EXPECT_EQ(code.find_first_of("0O1IL2Z5S8B"), std::string::npos) << code;
    EXPECT_EQ(normalize_join_code(code), code);
  }
  EXPECT_GT(seen.size(), 90U);
  EXPECT_EQ(normalize_join_code(" kx3 9pq "), "KX39PQ");
  EXPECT_EQ(normalize_join_code("lib-cm2a"), "LIB-CM2A");
  EXPECT_FALSE(normalize_join_code(""));
  EXPECT_FALSE(normalize_join_code("   "));
  EXPECT_FALSE(normalize_join_code("AB'; DROP"));
  EXPECT_FALSE(normalize_join_code(std::string(40, 'A')));
}

TEST(ClassroomSecrets, DisplayNames) {
  EXPECT_EQ(normalize_display_name("  Aïssatou   Ndiaye "), "Aïssatou Ndiaye");
  EXPECT_EQ(normalize_display_name("مريم"), "مريم");
  EXPECT_FALSE(normalize_display_name(""));
  EXPECT_FALSE(normalize_display_name("   "));
  EXPECT_FALSE(normalize_display_name(std::string(10000, 'a')));
  EXPECT_FALSE(normalize_display_name(std::string(81, 'a')));
  EXPECT_TRUE(normalize_display_name(std::string(80, 'a')));
  EXPECT_FALSE(normalize_display_name("Awa\nDiop"));
  EXPECT_FALSE(normalize_display_name(std::string("Awa\0Diop", 8)));
  EXPECT_FALSE(normalize_display_name("\xC3"));           // cut UTF-8
  EXPECT_FALSE(normalize_display_name("\xC0\xAF"));       // overlong
  EXPECT_FALSE(normalize_display_name("a\xED\xA0\x80"));  // surrogate
}

TEST(ClassroomSecrets, UsernamesSuggestedFromNames) {
  EXPECT_EQ(suggest_username("Aïssatou Ndiaye"), "aissatou.ndiaye");
  EXPECT_EQ(suggest_username("  Jean-Baptiste   Kaboré "), "jean.baptiste.kabore");
  EXPECT_EQ(suggest_username("Cœur Ŋom"), "coeur.nom");
  EXPECT_EQ(suggest_username("مريم"), "eleve");
  EXPECT_EQ(suggest_username(""), "eleve");
  const std::string long_name = suggest_username(std::string(200, 'x'));
  EXPECT_EQ(long_name.size(), 30U);
  for (const std::string_view name : {"Aïssatou Ndiaye", "O'Neil", "مريم ba", "a..b", "\xFF\xFE"}) {
    EXPECT_TRUE(accounts::normalize_username(suggest_username(name))) << name;
  }
}

}  // namespace
}  // namespace imaginecole::classroom
