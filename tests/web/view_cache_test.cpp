// SPDX-License-Identifier: AGPL-3.0-or-later
// The page cache keeps what every reader may see, never a page made for one person: a page
// that says no-store (a one-time confirmation) or sets a cookie is answered, not kept.
#include <gtest/gtest.h>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::web {
namespace {

http::Response page(const std::string& body) {
  return http::Response::html(body, 200);
}

// A cached answer shares its bytes with the cache (Response::shared_body).
std::string body_of(const http::Response& response) {
  return response.shared_body ? *response.shared_body : response.body;
}

TEST(ViewCache, KeepsAPageForTheNextReaderOfTheSameVersion) {
  ViewCache cache;
  http::Request request;
  EXPECT_EQ(body_of(cache.respond(request, "/c/SN", 1, [] { return page("first"); })), "first");
  EXPECT_EQ(body_of(cache.respond(request, "/c/SN", 1, [] { return page("second"); })), "first");
  EXPECT_EQ(body_of(cache.respond(request, "/c/SN", 2, [] { return page("third"); })), "third");
}

TEST(ViewCache, NeverKeepsAPageMadeForOnePerson) {
  ViewCache cache;
  http::Request request;
  const auto confirmation = [] {
    http::Response response = page("<p class=\"notice success\">Publié</p>");
    response.set_header("Cache-Control", "no-store");
    return response;
  };
  EXPECT_NE(body_of(cache.respond(request, "/r/x", 1, confirmation)).find("Publié"),
            std::string::npos);
  EXPECT_EQ(body_of(cache.respond(request, "/r/x", 1, [] { return page("for everyone"); })),
            "for everyone");
  const auto with_cookie = [] {
    http::Response response = page("mine");
    response.add_header("Set-Cookie", "imaginecole_flash=; Max-Age=0");
    return response;
  };
  EXPECT_EQ(body_of(cache.respond(request, "/r/y", 1, with_cookie)), "mine");
  EXPECT_EQ(body_of(cache.respond(request, "/r/y", 1, [] { return page("for everyone"); })),
            "for everyone");
}

}  // namespace
}  // namespace imaginecole::web
