// SPDX-License-Identifier: AGPL-3.0-or-later
// Every route of the whole platform says who may call it: a route added without a rule fails
// here (the first step of the isolation matrix of issue 4).
#include <gtest/gtest.h>

#include <set>
#include <utility>

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

// Queries that carry people's names (or a class's join code) stay out of the access log:
// these routes say so, and the server writes their target without the query.
TEST(RouteRules, RoutesWhoseQueryNamesPeopleKeepItOutOfTheAccessLog) {
  TempDir data;
  app::PlatformOptions options;
  options.database.data_dir = data.path();
  options.database.create_if_missing = true;
  app::Platform platform(options);
  const std::set<std::pair<http::Method, std::string>> named = {
      {http::Method::get, "/admin/users"},
      {http::Method::get, "/api/v1/users"},
      {http::Method::get, "/admin/audit"},
      {http::Method::get, "/api/v1/audit"},
      {http::Method::get, "/classes/{id}"},
      {http::Method::get, "/api/v1/classes/{id}/pupils"},
      {http::Method::get, "/join"},
      {http::Method::post, "/classes/{id}/import"},
      {http::Method::post, "/api/v1/classes/{id}/roster"},
  };
  std::size_t seen = 0;
  for (const auto& route : platform.router().routes()) {
    if (named.contains({route.method, route.pattern})) {
      ++seen;
      EXPECT_FALSE(route.options.log_query) << route.pattern;
    }
  }
  EXPECT_EQ(seen, named.size());
  // Catalogue search keeps its query: it is what operators look at to improve search.
  for (const auto& route : platform.router().routes()) {
    if (route.pattern == "/search" || route.pattern == "/c/{code}") {
      EXPECT_TRUE(route.options.log_query) << route.pattern;
    }
  }
}

}  // namespace
}  // namespace imaginecole::testing
