// SPDX-License-Identifier: AGPL-3.0-or-later
// Every route of the whole platform says who may call it: a route added without a rule fails
// here (the first step of the isolation matrix of issue 4).
#include <gtest/gtest.h>

#include "accounts/permissions.hpp"
#include "app/platform.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

TEST(RouteRules, EveryRouteOfThePlatformDeclaresItsAccess) {
  TempDir data;
  app::PlatformOptions options;
  options.database.data_dir = data.path();
  options.database.create_if_missing = true;
  app::Platform platform(options);
  const auto& routes = platform.router().routes();
  ASSERT_GE(routes.size(), 20U);
  for (const auto& route : routes) {
    EXPECT_FALSE(route.options.access.empty()) << route.pattern << " has no access rule";
    EXPECT_TRUE(route.options.access == "public" ||
                accounts::parse_permission(route.options.access))
        << route.pattern << ": unknown access rule " << route.options.access;
    // Writes never run on the event loop.
    if (route.method != http::Method::get) {
      EXPECT_TRUE(route.options.blocking) << route.pattern;
    }
  }
}

}  // namespace
}  // namespace imaginecole::testing
