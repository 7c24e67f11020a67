// SPDX-License-Identifier: AGPL-3.0-or-later
// The permission table and scope coverage: deny by default, a role at a scope covers the
// scopes below it, and nobody reaches across countries, schools or classes.
#include "accounts/permissions.hpp"

#include <gtest/gtest.h>

namespace imaginecole::accounts {
namespace {

// Senegal: school A (classes A1, A2) and school B (class B1). Mali: school M (class M1).
const ScopePath kPupilA1{.country_code = "SN", .school_id = "school-a", .class_id = "class-a1"};
const ScopePath kPupilA2{.country_code = "SN", .school_id = "school-a", .class_id = "class-a2"};
const ScopePath kPupilB1{.country_code = "SN", .school_id = "school-b", .class_id = "class-b1"};
const ScopePath kPupilM1{.country_code = "ML", .school_id = "school-m", .class_id = "class-m1"};
const ScopePath kSchoolA{.country_code = "SN", .school_id = "school-a", .class_id = {}};
const ScopePath kSenegal{.country_code = "SN", .school_id = {}, .class_id = {}};
const ScopePath kPlatform{};

Principal holding(Role role, ScopeKind kind, std::string id) {
  return Principal{.user_id = "user-1",
                   .grants = {RoleGrant{.id = "grant-1",
                                        .user_id = "user-1",
                                        .role = role,
                                        .scope = Scope{.kind = kind, .id = std::move(id)}}}};
}

struct Case {
  std::string name;
  Principal who;
  Permission permission;
  ScopePath target;
  bool allowed;
};

class PermissionTable : public ::testing::TestWithParam<Case> {};

TEST_P(PermissionTable, Decides) {
  const Case& c = GetParam();
  EXPECT_EQ(is_allowed(c.who, c.permission, c.target), c.allowed) << c.name;
}

const auto kTeacherA1 = holding(Role::teacher, ScopeKind::class_, "class-a1");
const auto kHeadA = holding(Role::school_head, ScopeKind::school, "school-a");
const auto kAdminSN = holding(Role::country_admin, ScopeKind::country, "SN");
const auto kAnalystSN = holding(Role::analyst, ScopeKind::country, "SN");
const auto kEditorSN = holding(Role::editor, ScopeKind::country, "SN");
const auto kPupilInA1 = holding(Role::pupil, ScopeKind::class_, "class-a1");
const auto kTeacherM1 = holding(Role::teacher, ScopeKind::class_, "class-m1");
const auto kPlatformAdmin = holding(Role::platform_admin, ScopeKind::platform, "");

INSTANTIATE_TEST_SUITE_P(
    Cases, PermissionTable,
    ::testing::Values(
        Case{"teacher reads a pupil of their class", kTeacherA1, Permission::pupils_read, kPupilA1,
             true},
        Case{"teacher of another class is refused", kTeacherA1, Permission::pupils_read, kPupilA2,
             false},
        Case{"teacher of another school is refused", kTeacherA1, Permission::pupils_read, kPupilB1,
             false},
        Case{"teacher from Mali is refused", kTeacherM1, Permission::pupils_read, kPupilA1, false},
        Case{"teacher manages pupils of their class", kTeacherA1, Permission::pupils_manage,
             kPupilA1, true},
        Case{"teacher cannot manage the school", kTeacherA1, Permission::classes_manage, kSchoolA,
             false},
        Case{"school head covers every class of the school", kHeadA, Permission::pupils_read,
             kPupilA2, true},
        Case{"school head of A is refused in school B", kHeadA, Permission::pupils_read, kPupilB1,
             false},
        Case{"country admin covers every school of the country", kAdminSN, Permission::pupils_read,
             kPupilB1, true},
        Case{"country admin covers classes", kAdminSN, Permission::pupils_delete, kPupilA1, true},
        Case{"country admin of Senegal is refused in Mali", kAdminSN, Permission::pupils_read,
             kPupilM1, false},
        Case{"country admin reads the country's audit log", kAdminSN, Permission::audit_read,
             kSenegal, true},
        Case{"country admin is refused platform resources", kAdminSN, Permission::users_manage,
             kPlatform, false},
        Case{"analyst reads statistics of the country", kAnalystSN, Permission::stats_read,
             kSchoolA, true},
        Case{"analyst never reads a pupil", kAnalystSN, Permission::pupils_read, kPupilA1, false},
        Case{"editor edits the country's content", kEditorSN, Permission::content_edit, kSenegal,
             true},
        Case{"editor never reads a pupil", kEditorSN, Permission::pupils_read, kPupilA1, false},
        Case{"editor cannot review", kEditorSN, Permission::content_review, kSenegal, false},
        Case{"pupil cannot read classmates", kPupilInA1, Permission::pupils_read, kPupilA1, false},
        Case{"platform admin covers everything", kPlatformAdmin, Permission::pupils_read, kPupilM1,
             true},
        Case{"signed out holds nothing", Principal{}, Permission::stats_read, kPlatform, false},
        Case{"account_self is never granted by a role", kPlatformAdmin, Permission::account_self,
             kPlatform, false}));

TEST(Permissions, GrantWithEmptyScopeIdCoversNothing) {
  const auto broken = holding(Role::country_admin, ScopeKind::country, "");
  EXPECT_FALSE(is_allowed(broken, Permission::pupils_read, ScopePath{}));
  EXPECT_FALSE(is_allowed(broken, Permission::pupils_read, kPupilA1));
}

TEST(Permissions, EveryPermissionHasAUniqueName) {
  for (const Permission permission : all_permissions()) {
    EXPECT_EQ(parse_permission(permission_name(permission)), permission);
  }
  EXPECT_FALSE(parse_permission("pupils.everything"));
}

TEST(Permissions, RouteAccessDeniesByDefault) {
  EXPECT_TRUE(may_call_route(nullptr, "public"));
  EXPECT_FALSE(may_call_route(nullptr, ""));
  EXPECT_FALSE(may_call_route(&kPlatformAdmin, ""));
  EXPECT_FALSE(may_call_route(&kPlatformAdmin, "no.such.permission"));
  EXPECT_FALSE(may_call_route(nullptr, "account.self"));
  EXPECT_TRUE(may_call_route(&kPupilInA1, "account.self"));
  EXPECT_FALSE(may_call_route(&kPupilInA1, "pupils.read"));
  EXPECT_TRUE(may_call_route(&kTeacherA1, "pupils.read"));
  EXPECT_FALSE(may_call_route(&kAnalystSN, "pupils.read"));
}

TEST(Permissions, SelfIsTheSameUser) {
  EXPECT_TRUE(is_self(kPupilInA1, "user-1"));
  EXPECT_FALSE(is_self(kPupilInA1, "user-2"));
  EXPECT_FALSE(is_self(Principal{}, ""));
}

}  // namespace
}  // namespace imaginecole::accounts
