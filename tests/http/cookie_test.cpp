// SPDX-License-Identifier: AGPL-3.0-or-later
// Cookie values: rendering, Secure over HTTPS, and the characters that would end a header or a
// cookie early refused.
#include "http/cookie.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "http/transport_security.hpp"

namespace imaginecole::http {
namespace {

TEST(Cookie, RendersPathHttpOnlySameSiteAndMaxAge) {
  EXPECT_EQ(render_set_cookie({.name = "imaginecole_session", .value = "abc"}, false),
            "imaginecole_session=abc; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(render_set_cookie({.name = "lang", .value = "ar", .max_age = 31536000}, true),
            "lang=ar; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(render_set_cookie(expired_cookie("imaginecole_presession"), false),
            "imaginecole_presession=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  EXPECT_EQ(
      render_set_cookie(
          {.name = "x", .value = "1", .http_only = false, .same_site = SameSite::strict}, false),
      "x=1; Path=/; SameSite=Strict");
}

TEST(Cookie, RefusesWhatWouldEndTheHeaderOrTheCookie) {
  const std::vector<std::string> values = {"a\r\nSet-Cookie: evil=1",
                                           "a\nb",
                                           "a;Domain=evil.example",
                                           "a b",
                                           "\"quoted\"",
                                           "a,b",
                                           "a\\b",
                                           std::string("a\0b", 3)};
  for (const auto& value : values) {
    EXPECT_FALSE(render_set_cookie({.name = "lang", .value = value}, false)) << value;
  }
  for (const std::string name : {"", "la ng", "lang;", "la\rng", "a=b"}) {
    EXPECT_FALSE(render_set_cookie({.name = name, .value = "fr"}, false)) << name;
  }
  Request request;
  Response response;
  EXPECT_THROW(set_cookie(response, request, {.name = "lang", .value = "fr\r\nX: 1"}),
               std::invalid_argument);
  EXPECT_TRUE(response.headers.empty());
}

TEST(Cookie, SecureWhenTheRequestOrTheSiteIsServedOverHttps) {
  Request plain;
  Request through_tls;
  through_tls.secure = true;
  Response response;
  set_cookie(response, plain, {.name = "a", .value = "1"});
  set_cookie(response, through_tls, {.name = "b", .value = "2"});
  ASSERT_EQ(response.headers.size(), 2U);
  EXPECT_EQ(response.headers[0].second.find("Secure"), std::string::npos);
  EXPECT_NE(response.headers[1].second.find("; Secure"), std::string::npos);

  Response hsts;
  add_strict_transport_security(plain, hsts);
  EXPECT_FALSE(hsts.header("Strict-Transport-Security"));
  add_strict_transport_security(through_tls, hsts);
  EXPECT_EQ(hsts.header("Strict-Transport-Security"), kStrictTransportSecurity);

  set_site_served_over_https(true);
  Response site;
  set_cookie(site, plain, {.name = "c", .value = "3"});
  set_site_served_over_https(false);
  EXPECT_NE(site.headers.at(0).second.find("; Secure"), std::string::npos);
}

TEST(PublicUrl, HttpOrHttpsWithAHost) {
  EXPECT_TRUE(PublicUrl::parse("https://ecole.example.sn")->https);
  EXPECT_TRUE(PublicUrl::parse("https://ecole.example.sn/imaginecole/")->https);
  EXPECT_FALSE(PublicUrl::parse("http://10.0.0.5:8080")->https);
  for (const char* bad : {"", "ecole.example.sn", "ftp://x", "https://", "https:///path",
                          "https://a b", "HTTPS:/x"}) {
    EXPECT_FALSE(PublicUrl::parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace imaginecole::http
