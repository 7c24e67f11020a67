// SPDX-License-Identifier: AGPL-3.0-or-later
// The page cache keeps what every reader may see, never a page made for one person: a page
// that says no-store (a one-time confirmation) or sets a cookie is answered, not kept.
#include <gtest/gtest.h>

#include "http/compression.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/view_cache.hpp"
#include "web/viewer.hpp"

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

// Each encoding is made when a client first asks for it, then kept: a page asked for once by a
// browser that takes brotli is never gzipped.
TEST(ViewCache, MakesEachEncodingWhenAClientFirstAsksForIt) {
  ViewCache cache;
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "<p>Les fractions, leçon " + std::to_string(i) + "</p>";
  }
  int renders = 0;
  const auto render = [&] {
    ++renders;
    return page(text);
  };
  const auto asking = [](std::string accept) {
    http::Request request;
    if (!accept.empty()) {
      request.headers.emplace_back("accept-encoding", std::move(accept));
    }
    return request;
  };
  const http::Response brotli = cache.respond(asking("br"), "/c/SN", 1, render);
  EXPECT_EQ(brotli.header("Content-Encoding"), "br");
  EXPECT_EQ(http::brotli_decompress(body_of(brotli)), text);
  const http::Response gzip = cache.respond(asking("gzip"), "/c/SN", 1, render);
  EXPECT_EQ(gzip.header("Content-Encoding"), "gzip");
  EXPECT_EQ(http::gzip_decompress(body_of(gzip)), text);
  const http::Response plain = cache.respond(asking(""), "/c/SN", 1, render);
  EXPECT_FALSE(plain.header("Content-Encoding"));
  EXPECT_EQ(body_of(plain), text);
  const http::Response brotli_again = cache.respond(asking("gzip, br"), "/c/SN", 1, render);
  EXPECT_EQ(brotli_again.shared_body, cache.respond(asking("br"), "/c/SN", 1, render).shared_body);
  EXPECT_EQ(http::brotli_decompress(body_of(brotli_again)), text);
  EXPECT_EQ(renders, 1);
  // Small pages are not worth compressing.
  const http::Response small = cache.respond(asking("br"), "/c/ML", 1, [] { return page("x"); });
  EXPECT_FALSE(small.header("Content-Encoding"));
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

// A page rendered while someone is signed in shows their name and their sign-out token in its
// header (web/viewer.hpp): kept for them alone, never served to a visitor or another pupil.
TEST(ViewCache, APageRenderedForASignedInViewerIsTheirsAlone) {
  ViewCache cache;
  const auto header_of = [](const http::Request& request) {
    const Viewer* viewer = viewer_of(request);
    return [viewer] { return page(viewer ? "lesson for " + viewer->display_name : "lesson"); };
  };
  http::Request awa;
  set_viewer(awa, Viewer{.display_name = "Awa", .csrf_token = "token-of-awa"});
  http::Request moussa;
  set_viewer(moussa, Viewer{.display_name = "Moussa", .csrf_token = "token-of-moussa"});
  http::Request visitor;
  const auto for_awa = cache.respond(awa, "/r/x", 1, header_of(awa));
  EXPECT_EQ(body_of(for_awa), "lesson for Awa");
  EXPECT_EQ(for_awa.header("Cache-Control").value_or(""), "private");
  EXPECT_EQ(body_of(cache.respond(visitor, "/r/x", 1, header_of(visitor))), "lesson");
  EXPECT_EQ(body_of(cache.respond(moussa, "/r/x", 1, header_of(moussa))), "lesson for Moussa");
  // Awa's own page is kept for her: the render is not called again.
  EXPECT_EQ(body_of(cache.respond(awa, "/r/x", 1, [] { return page("rendered again"); })),
            "lesson for Awa");
  EXPECT_EQ(body_of(cache.respond(visitor, "/r/x", 1, [] { return page("rendered again"); })),
            "lesson");
}

// A render that learns who is calling (the viewer appears during it) is answered, not kept
// under a key that does not name them.
TEST(ViewCache, APageWhoseRenderSignedSomeoneInIsNotKept) {
  ViewCache cache;
  http::Request request;
  const auto signs_in = [&request] {
    set_viewer(request, Viewer{.display_name = "Awa", .csrf_token = "token-of-awa"});
    return page("lesson for Awa");
  };
  EXPECT_EQ(body_of(cache.respond(request, "/r/y", 1, signs_in)), "lesson for Awa");
  http::Request visitor;
  EXPECT_EQ(body_of(cache.respond(visitor, "/r/y", 1, [] { return page("lesson"); })), "lesson");
}

}  // namespace
}  // namespace imaginecole::web
