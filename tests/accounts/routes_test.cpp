// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts routes declare who may call them, hash only on the worker pool, and have their
// messages in every language.
#include "accounts/routes.hpp"

#include <gtest/gtest.h>

#include "accounts/accounts.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"
#include "web/i18n.hpp"
#include "web/templates.hpp"

namespace imaginecole::accounts {
namespace {

TEST(AccountRoutes, EveryRouteSaysWhoMayCallIt) {
  auto test_db = testing::make_test_database(storage::Backend::sqlite);
  Accounts accounts(*test_db->database, storage::node_id(*test_db->database));
  http::Router router;
  register_account_routes(router, accounts);
  ASSERT_GE(router.routes().size(), 6u);
  for (const auto& route : router.routes()) {
    EXPECT_FALSE(route.options.access.empty()) << route.pattern;
    EXPECT_TRUE(route.options.access == "public" || parse_permission(route.options.access))
        << route.pattern << ": " << route.options.access;
  }
  for (const auto& [method, pattern] :
       std::vector<std::pair<http::Method, std::string>>{{http::Method::post, "/api/v1/auth/login"},
                                                         {http::Method::post, "/signin"},
                                                         {http::Method::post, "/signout"}}) {
    const auto match = router.match(method, pattern);
    ASSERT_EQ(match.kind, http::RouteMatch::Kind::found) << pattern;
    EXPECT_TRUE(match.route->options.blocking) << pattern;
  }
  EXPECT_EQ(router.match(http::Method::get, "/api/v1/me").route->options.access, "account.self");
}

TEST(AccountMessages, EveryLanguageHasEveryAccountsKey) {
  const auto& messages = web::Messages::instance();
  std::size_t count = 0;
  for (const auto& [key, value] : messages.catalogue("fr").all()) {
    if (!key.starts_with("accounts_")) {
      continue;
    }
    ++count;
    for (const std::string language : {"en", "ar"}) {
      EXPECT_TRUE(messages.catalogue(language).has(key)) << language << " lacks " << key;
    }
  }
  EXPECT_GE(count, 10u);
  EXPECT_EQ(web::check_templates(), "");
}

}  // namespace
}  // namespace imaginecole::accounts
