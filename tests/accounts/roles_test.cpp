// SPDX-License-Identifier: AGPL-3.0-or-later
// Role and scope texts, as the command line and the API write them.
#include "accounts/roles.hpp"

#include <gtest/gtest.h>

namespace imaginecole::accounts {
namespace {

TEST(Roles, RoundTripThroughTheirNames) {
  for (const Role role : all_roles()) {
    EXPECT_EQ(parse_role(role_name(role)), role);
  }
  EXPECT_FALSE(parse_role("wizard"));
  EXPECT_FALSE(parse_role("Teacher"));
}

TEST(Scopes, ParseTheCommandLineForms) {
  EXPECT_EQ(parse_scope_spec("platform")->kind, ScopeKind::platform);
  const auto country = parse_scope_spec("country:sn");
  ASSERT_TRUE(country);
  EXPECT_EQ(country->kind, ScopeKind::country);
  EXPECT_EQ(country->id, "SN");
  EXPECT_EQ(parse_scope_spec("school:DKR001")->id, "DKR001");
  EXPECT_EQ(parse_scope_spec("class:0190f3c2-aaaa")->kind, ScopeKind::class_);
  EXPECT_EQ(scope_spec(*country), "country:SN");
}

TEST(Scopes, RefuseMalformedScopes) {
  for (const std::string_view bad :
       {"", "country", "country:", "country:SEN", "country:S1", "galaxy:1", "platform:x", ":x"}) {
    EXPECT_FALSE(parse_scope_spec(bad)) << bad;
  }
}

TEST(Scopes, RolesFitOnlyTheirScopes) {
  EXPECT_TRUE(role_fits_scope(Role::platform_admin, ScopeKind::platform));
  EXPECT_FALSE(role_fits_scope(Role::platform_admin, ScopeKind::country));
  EXPECT_TRUE(role_fits_scope(Role::country_admin, ScopeKind::country));
  EXPECT_TRUE(role_fits_scope(Role::teacher, ScopeKind::class_));
  EXPECT_FALSE(role_fits_scope(Role::teacher, ScopeKind::country));
  EXPECT_TRUE(role_fits_scope(Role::pupil, ScopeKind::class_));
  EXPECT_FALSE(role_fits_scope(Role::pupil, ScopeKind::school));
}

}  // namespace
}  // namespace imaginecole::accounts
