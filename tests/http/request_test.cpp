// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/request.hpp"

#include <gtest/gtest.h>

#include "http/etag.hpp"

namespace imaginecole::http {
namespace {

Request with_query(std::string query) {
  Request request;
  request.query = std::move(query);
  return request;
}

TEST(Request, QueryParametersArePercentDecoded) {
  const Request request = with_query("q=%C3%A9quation+du+1er&lang=en&empty=&flag");
  EXPECT_EQ(request.query_param("q"), "équation du 1er");
  EXPECT_EQ(request.query_param("lang"), "en");
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_FALSE(request.query_param("missing"));
}

TEST(Request, BrokenEscapesAreKeptNotCrashed) {
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_encode("é /x?"), "%C3%A9%20/x%3F");
}

TEST(Request, CookiesAreFoundByName) {
  Request request;
  request.headers.emplace_back("cookie", "a=1; lang=ar; quoted=\"x y\"");
  EXPECT_EQ(request.cookie("lang"), "ar");
  EXPECT_EQ(request.cookie("quoted"), "x y");
  EXPECT_FALSE(request.cookie("lan"));
}

TEST(Request, FormsParseEveryPair) {
  const auto pairs = parse_form("name=Awa+Diop&school=SN-001&&note=%3Cb%3E");
  ASSERT_EQ(pairs.size(), 3U);
  EXPECT_EQ(pairs[0], std::make_pair(std::string("name"), std::string("Awa Diop")));
  EXPECT_EQ(pairs[2].second, "<b>");
}

TEST(Request, ApiPathsWantJson) {
  Request api;
  api.path = "/api/v1/countries";
  EXPECT_TRUE(api.wants_json());
  Request page;
  page.path = "/c/SN";
  EXPECT_FALSE(page.wants_json());
  page.headers.emplace_back("accept", "application/json");
  EXPECT_TRUE(page.wants_json());
}

TEST(ETag, IfNoneMatchUsesWeakComparison) {
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"x\", W/\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(if_none_match_matches("*", "\"anything\""));
  EXPECT_FALSE(if_none_match_matches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("", "\"abc\""));
  EXPECT_EQ(weak_etag_of("same"), weak_etag_of("same"));
  EXPECT_NE(weak_etag_of("same"), weak_etag_of("other"));
}

}  // namespace
}  // namespace imaginecole::http
