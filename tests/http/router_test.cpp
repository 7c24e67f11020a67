// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace imaginecole::http {
namespace {

Response ok(Request&) {
  return Response::text("ok");
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.get("/", ok, public_route());
  router.get("/api/v1/countries", ok, public_route());
  router.get("/api/v1/countries/{code}", ok, public_route());
  router.get("/c/{code}/{level}", ok, public_route());

  auto match = router.match(Method::get, "/api/v1/countries/SN");
  ASSERT_EQ(match.kind, RouteMatch::Kind::found);
  EXPECT_EQ(match.route->pattern, "/api/v1/countries/{code}");
  ASSERT_EQ(match.params.size(), 1U);
  EXPECT_EQ(match.params[0], std::make_pair(std::string("code"), std::string("SN")));

  match = router.match(Method::get, "/c/SN/cm2");
  ASSERT_EQ(match.kind, RouteMatch::Kind::found);
  EXPECT_EQ(match.params[1].second, "cm2");

  EXPECT_EQ(router.match(Method::get, "/").kind, RouteMatch::Kind::found);
  EXPECT_EQ(router.match(Method::get, "/api/v1/countries/").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/nope").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "").kind, RouteMatch::Kind::not_found);
}

TEST(Router, HeadUsesGetAndOtherMethodsGet405WithAllow) {
  Router router;
  router.get("/thing", ok, public_route());
  router.post("/thing", ok, public_route());
  EXPECT_EQ(router.match(Method::head, "/thing").kind, RouteMatch::Kind::found);
  const auto match = router.match(Method::del, "/thing");
  EXPECT_EQ(match.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(match.allow, "GET, HEAD, POST");
}

TEST(Router, PostRoutesAreBlockingAndDuplicatesAreRefused) {
  Router router;
  router.post("/form", ok, public_route());
  EXPECT_TRUE(router.routes().front().options.blocking);
  EXPECT_THROW(router.post("/form", ok, public_route()), std::invalid_argument);
  EXPECT_THROW(router.get("no-slash", ok, public_route()), std::invalid_argument);
}

TEST(Router, RoutesWithoutAnAccessRuleAreVisible) {
  Router router;
  router.get("/forgotten", ok);
  EXPECT_TRUE(router.routes().front().options.access.empty());
}

}  // namespace
}  // namespace imaginecole::http
