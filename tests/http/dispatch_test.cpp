// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/dispatch.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "http/compression.hpp"
#include "http/metrics.hpp"

namespace imaginecole::http {
namespace {

std::string page_body() {
  std::string body = "<!doctype html><main>";
  for (int i = 0; i < 100; ++i) {
    body += "<p>Les fractions au CM1 : un demi, un tiers, un quart.</p>";
  }
  return body + "</main>";
}

TEST(FinishResponse, AnswersNotModifiedWhenTheTagMatches) {
  ServerOptions options;
  Request request;
  request.method = Method::get;
  Response first = Response::html(page_body());
  finish_response(request, first, options);
  const auto etag = first.header("ETag");
  ASSERT_TRUE(etag);

  request.headers.emplace_back("if-none-match", std::string(*etag));
  Response second = Response::html(page_body());
  finish_response(request, second, options);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

TEST(FinishResponse, CompressesTextForClientsThatAcceptIt) {
  ServerOptions options;
  Request request;
  request.headers.emplace_back("accept-encoding", "gzip");
  Response response = Response::html(page_body());
  finish_response(request, response, options);
  EXPECT_EQ(response.header("Content-Encoding"), "gzip");
  EXPECT_EQ(response.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(gzip_decompress(response.body), page_body());
}

TEST(FinishResponse, LeavesSmallBodiesAndImagesAlone) {
  ServerOptions options;
  Request request;
  request.headers.emplace_back("accept-encoding", "br");
  Response small = Response::text("tiny");
  finish_response(request, small, options);
  EXPECT_FALSE(small.header("Content-Encoding"));
  Response image;
  image.set_header("Content-Type", "image/png");
  image.body = std::string(4096, 'x');
  finish_response(request, image, options);
  EXPECT_FALSE(image.header("Content-Encoding"));
}

TEST(FinishResponse, AddsDefaultHeadersWithoutOverridingHandlers) {
  ServerOptions options;
  options.default_headers = {{"X-Frame-Options", "DENY"}, {"Cache-Control", "no-cache"}};
  Request request;
  Response response = Response::text("x");
  response.set_header("Cache-Control", "public, max-age=60");
  finish_response(request, response, options);
  EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.header("Cache-Control"), "public, max-age=60");
}

TEST(CallHandler, MapsInvalidInputTo400AndOtherFailuresTo500) {
  Router router;
  router.get(
      "/bad", [](Request&) -> Response { throw InvalidInput("level must be a slug"); },
      public_route());
  router.get(
      "/broken", [](Request&) -> Response { throw std::runtime_error("disk on fire"); },
      public_route());
  Request request;
  request.path = "/api/v1/x";
  const Response bad = call_handler(router.routes()[0], request, default_error_response);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("level must be a slug"), std::string::npos);
  const Response broken = call_handler(router.routes()[1], request, default_error_response);
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.body.find("disk on fire"), std::string::npos) << "no internals leak out";
}

TEST(Metrics, RendersPrometheusText) {
  Metrics metrics({"/", "/api/v1/countries"});
  metrics.record(0, 200, std::chrono::microseconds(300));
  metrics.record(1, 404, std::chrono::milliseconds(30));
  metrics.record(99, 500, std::chrono::milliseconds(2));
  metrics.add_collector([](std::string& out) { out += "extra_metric 1\n"; });
  const std::string text = metrics.render();
  EXPECT_NE(text.find("imaginecole_http_requests_total{route=\"/\",code=\"2xx\"} 1"),
            std::string::npos);
  EXPECT_NE(
      text.find("imaginecole_http_requests_total{route=\"/api/v1/countries\",code=\"4xx\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("route=\"unmatched\",code=\"5xx\"} 1"), std::string::npos);
  EXPECT_NE(text.find("imaginecole_http_request_duration_seconds_bucket{le=\"0.0005\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("imaginecole_http_request_duration_seconds_count 3"), std::string::npos);
  EXPECT_NE(text.find("extra_metric 1"), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::http
