// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/router.hpp"
#include "http/gate.hpp"

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

TEST(Router, ARouteWithoutAnAccessRuleStopsTheServerAtStartUp) {
  Router router;
  EXPECT_THROW(router.get("/forgotten", ok), std::invalid_argument);
  EXPECT_THROW(router.post("/forgotten", ok, RouteOptions{.blocking = true}),
               std::invalid_argument);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, StateChangeFollowsTheMethodUnlessDeclared) {
  Router router;
  router.get("/page", ok, public_route());
  router.post("/form", ok, public_route());
  router.post("/grade", ok, public_route({.changes_state = false}));
  EXPECT_FALSE(router.routes()[0].changes_state());
  EXPECT_TRUE(router.routes()[1].changes_state());
  EXPECT_FALSE(router.routes()[2].changes_state());
  // A GET is never a write: saying so is a mistake caught at start-up.
  EXPECT_THROW(router.get("/bad", ok, public_route({.changes_state = true})),
               std::invalid_argument);
}

class OnlyPublicAndTeachers : public Gate {
 public:
  std::optional<Refusal> admit(Request&, const Route&) override { return std::nullopt; }
  std::optional<Refusal> admit_body(Request&, const Route&) override { return std::nullopt; }
  bool knows_access_rule(std::string_view rule) const override {
    return rule == "public" || rule == "classes.manage";
  }
};

TEST(Router, AnAccessRuleTheGateDoesNotKnowStopsTheServerAtStartUp) {
  Router router;
  OnlyPublicAndTeachers gate;
  router.set_gate(&gate);
  router.get("/classes", ok, RouteOptions{.access = "classes.manage"});
  EXPECT_THROW(router.get("/typo", ok, RouteOptions{.access = "classes.manaeg"}),
               std::invalid_argument);
}

}  // namespace
}  // namespace imaginecole::http
