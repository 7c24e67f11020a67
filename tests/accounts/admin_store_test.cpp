// SPDX-License-Identifier: AGPL-3.0-or-later
// What the administration pages read, scoped to the viewer, on both backends: user search
// (with LIKE's wildcards taken literally), the audit log of a scope, and the sessions list.
#include "accounts/admin_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "accounts_fixture.hpp"

namespace imaginecole::accounts {
namespace {

class AdminStoreTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    store_ = std::make_unique<AdminStore>(db(), node_id_);
  }

  Principal staff_principal(const std::string& username) {
    const auto user = accounts().users().staff_by_username(username);
    EXPECT_TRUE(user) << username;
    return Principal{.user_id = user->id, .grants = accounts().users().grants_of(user->id)};
  }

  std::set<std::string> usernames(const std::string& viewer, UserQuery query = {}) {
    const auto page =
        store_->search_users(scope_filter(staff_principal(viewer), Permission::users_read), query);
    std::set<std::string> out;
    for (const auto& user : page.users) {
      out.insert(user.username);
    }
    return out;
  }

  std::string school_id(const std::string& code) {
    return accounts().schools().school_by_code(code)->id;
  }

  void audit(const std::string& action, const std::string& kind, const std::string& id) {
    AuditEntry entry;
    entry.action = action;
    entry.scope_kind = kind;
    entry.scope_id = id;
    accounts().audit().record(entry);
  }

  std::unique_ptr<AdminStore> store_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(AdminStoreTest);

TEST_P(AdminStoreTest, CountryAdminSeesTheirCountryOnly) {
  const auto seen = usernames("sn.admin");
  for (const std::string name :
       {"sn.admin", "sn.editor", "sn.analyst", "sn.head", "sn.teacher", "awa", "moussa", "fatou"}) {
    EXPECT_TRUE(seen.contains(name)) << name;
  }
  for (const std::string name : {"platform.admin", "ci.admin", "ci.head", "ci.teacher", "aya"}) {
    EXPECT_FALSE(seen.contains(name)) << name;
  }
}

TEST_P(AdminStoreTest, SchoolHeadSeesTheirSchoolOnly) {
  const auto seen = usernames("sn.head");
  EXPECT_EQ(seen, (std::set<std::string>{"sn.head", "sn.teacher", "awa", "moussa", "fatou"}));
  EXPECT_TRUE(usernames("ci.head").contains("aya"));
  EXPECT_FALSE(usernames("ci.head").contains("awa"));
}

TEST_P(AdminStoreTest, PlatformAdminSeesEveryoneAndAnalystNobody) {
  const auto seen = usernames("platform.admin", UserQuery{.limit = 100});
  EXPECT_TRUE(seen.contains("aya"));
  EXPECT_TRUE(seen.contains("awa"));
  EXPECT_TRUE(seen.contains("platform.admin"));
  EXPECT_TRUE(usernames("sn.analyst").empty());
  EXPECT_TRUE(usernames("sn.teacher").empty());
}

TEST_P(AdminStoreTest, SearchIsCaseInsensitiveAndTakesWildcardsLiterally) {
  EXPECT_EQ(usernames("sn.admin", UserQuery{.text = "AWA"}), (std::set<std::string>{"awa"}));
  EXPECT_EQ(usernames("sn.admin", UserQuery{.text = "ndèye"}), (std::set<std::string>{"sn.head"}));
  EXPECT_TRUE(usernames("sn.admin", UserQuery{.text = "%"}).empty());
  EXPECT_TRUE(usernames("sn.admin", UserQuery{.text = "_"}).empty());
  EXPECT_TRUE(usernames("sn.admin", UserQuery{.text = "\\"}).empty());
  NewUser request;
  request.username = "under_score";
  request.display_name = "100% certain";
  request.password = "long-enough";
  request.role = "teacher";
  request.scope = "school:DKR001";
  ASSERT_TRUE(accounts().provisioning().add(request));
  EXPECT_EQ(usernames("sn.admin", UserQuery{.text = "_"}), (std::set<std::string>{"under_score"}));
  EXPECT_EQ(usernames("sn.admin", UserQuery{.text = "0%"}), (std::set<std::string>{"under_score"}));
  EXPECT_TRUE(usernames("ci.admin", UserQuery{.text = "_"}).empty());
}

TEST_P(AdminStoreTest, FiltersByRoleKindScopeAndPaginates) {
  EXPECT_EQ(usernames("sn.admin", UserQuery{.role = Role::teacher}),
            (std::set<std::string>{"sn.teacher"}));
  EXPECT_EQ(usernames("sn.admin", UserQuery{.kind = UserKind::pupil}),
            (std::set<std::string>{"awa", "moussa", "fatou"}));
  // Narrowing to a school of another country finds nothing: both filters apply.
  EXPECT_TRUE(usernames("sn.admin", UserQuery{.within = scope_filter(
                                                  Scope{ScopeKind::school, school_id("ABJ001")})})
                  .empty());
  EXPECT_EQ(
      usernames("sn.admin",
                UserQuery{.kind = UserKind::pupil,
                          .within = scope_filter(Scope{ScopeKind::school, school_id("DKR001")})}),
      (std::set<std::string>{"awa", "moussa", "fatou"}));
  const ScopeFilter filter = scope_filter(staff_principal("sn.admin"), Permission::users_read);
  const auto first = store_->search_users(filter, UserQuery{.limit = 3});
  const auto second = store_->search_users(filter, UserQuery{.offset = 3, .limit = 3});
  ASSERT_EQ(first.users.size(), 3u);
  EXPECT_TRUE(first.more);
  for (const auto& user : second.users) {
    EXPECT_TRUE(std::none_of(first.users.begin(), first.users.end(),
                             [&](const User& u) { return u.id == user.id; }));
  }
}

TEST_P(AdminStoreTest, UserWithinFollowsTheScope) {
  const auto aya = accounts().users().pupil_by_username(school_id("ABJ001"), "aya");
  const auto awa = accounts().users().pupil_by_username(school_id("DKR001"), "awa");
  const ScopeFilter sn = scope_filter(staff_principal("sn.admin"), Permission::users_manage);
  EXPECT_TRUE(store_->user_within(sn, awa->id));
  EXPECT_FALSE(store_->user_within(sn, aya->id));
  EXPECT_FALSE(store_->user_within(ScopeFilter{}, awa->id));
}

TEST_P(AdminStoreTest, AuditReadingIsScopedNewestFirstAndFiltered) {
  const std::string dkr = school_id("DKR001");
  const std::string abj = school_id("ABJ001");
  const std::string dkr_class = accounts().schools().classes_of(dkr).front().id;
  audit("test.country", "country", "SN");
  audit("test.school", "school", dkr);
  audit("test.class", "class", dkr_class);
  audit("test.other", "school", abj);
  audit("test.other", "country", "CI");
  auto actions = [&](const std::string& viewer, AuditQuery query) {
    std::vector<std::string> out;
    const auto page =
        store_->read_audit(scope_filter(staff_principal(viewer), Permission::audit_read), query);
    for (const auto& line : page.lines) {
      if (line.entry.action.starts_with("test.")) {
        out.push_back(line.entry.action);
      }
    }
    return out;
  };
  EXPECT_EQ(actions("sn.head", {}), (std::vector<std::string>{"test.class", "test.school"}));
  EXPECT_EQ(actions("sn.admin", {}),
            (std::vector<std::string>{"test.class", "test.school", "test.country"}));
  EXPECT_EQ(actions("ci.admin", {}), (std::vector<std::string>{"test.other", "test.other"}));
  EXPECT_TRUE(actions("sn.analyst", {}).empty());
  EXPECT_EQ(actions("sn.admin", AuditQuery{.action = "test.school"}),
            (std::vector<std::string>{"test.school"}));
  EXPECT_TRUE(actions("sn.admin", AuditQuery{.to = "2000-01-01"}).empty());
  EXPECT_EQ(actions("sn.admin", AuditQuery{.from = "2000-01-01"}).size(), 3u);
  const auto page = store_->read_audit(scope_filter(Scope{}), AuditQuery{.limit = 2});
  EXPECT_EQ(page.lines.size(), 2u);
  EXPECT_TRUE(page.more);
  EXPECT_GE(page.lines[0].entry.occurred_at, page.lines[1].entry.occurred_at);
}

TEST_P(AdminStoreTest, SessionsOfOneUserCanBeListedAndRevoked) {
  const auto admin = accounts().users().staff_by_username("sn.admin");
  const auto other = accounts().users().staff_by_username("ci.admin");
  const auto a = accounts().sessions().create(admin->id, "192.0.2.1", "phone");
  const auto b = accounts().sessions().create(admin->id, "192.0.2.2", "laptop");
  const auto c = accounts().sessions().create(other->id, "192.0.2.3", "other");
  EXPECT_EQ(store_->live_sessions(admin->id).size(), 2u);
  EXPECT_FALSE(store_->revoke_session(admin->id, c.session.id)) << "not their session";
  EXPECT_TRUE(accounts().sessions().find(c.token));
  EXPECT_EQ(store_->revoke_other_sessions(admin->id, a.session.id), 1);
  EXPECT_TRUE(accounts().sessions().find(a.token));
  EXPECT_FALSE(accounts().sessions().find(b.token));
}

TEST_P(AdminStoreTest, DisablingRevokesSessionsAndIsInTheChangeLog) {
  const auto teacher = accounts().users().staff_by_username("sn.teacher");
  const auto session = accounts().sessions().create(teacher->id, "192.0.2.1", "phone");
  std::int64_t before = 0;
  {
    auto connection = db().read();
    before = connection->query_one("SELECT COALESCE(MAX(seq), 0) FROM change_log")->integer(0);
  }
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    store_->set_disabled(*connection, teacher->id, true, std::nullopt);
    transaction.commit();
  }
  EXPECT_TRUE(accounts().users().by_id(teacher->id)->disabled);
  EXPECT_FALSE(accounts().sessions().find(session.token));
  auto connection = db().read();
  EXPECT_GT(connection->query_one("SELECT COALESCE(MAX(seq), 0) FROM change_log")->integer(0),
            before);
}

}  // namespace
}  // namespace imaginecole::accounts
