// SPDX-License-Identifier: AGPL-3.0-or-later
// The server writes a response's head itself (response_head.hpp) instead of through Beast's
// serializer. Its bytes must be the ones Beast wrote for the same response, built the way the
// server built it before (the handler's headers, Date, keep-alive, then the payload's length),
// except for the length of 204 and 304 responses.
#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace imaginecole::http {
namespace {

namespace bhttp = boost::beast::http;

// The Date line's value is the second it was written: both sides get the same placeholder.
std::string without_date(std::string head) {
  const auto start = head.find("\r\nDate: ");
  if (start != std::string::npos) {
    const auto end = head.find("\r\n", start + 2);
    head.replace(start, end - start, "\r\nDate: (now)");
  }
  return head;
}

std::string beast_head(const Response& response, unsigned version, bool keep_alive,
                       bool head_request) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
  for (const auto& [name, value] : response.headers) {
    message.insert(name, value);
  }
  message.set(bhttp::field::date, current_http_date());
  message.keep_alive(keep_alive);
  if (head_request) {
    message.content_length(response.body.size());
  } else {
    message.body() = response.body;
    message.prepare_payload();
  }
  std::ostringstream out;
  out << message.base();
  return without_date(out.str());
}

std::string our_head(const Response& response, unsigned version, bool keep_alive) {
  return without_date(response_head(
      response,
      {.version = version, .keep_alive = keep_alive, .content_length = response.body.size()}));
}

Response page() {
  Response response = Response::html("<p>Bonjour</p>");
  response.set_header("Content-Language", "fr");
  response.set_header("ETag", "W/\"dee1a3e082379f38\"");
  response.add_header("Set-Cookie", "a=1; Path=/");
  response.add_header("Set-Cookie", "b=2; Path=/");
  return response;
}

TEST(ResponseHead, IsWhatBeastWroteForAPageOverHttp11) {
  const Response response = page();
  EXPECT_EQ(our_head(response, 11, true), beast_head(response, 11, true, false));
  EXPECT_EQ(our_head(response, 11, false), beast_head(response, 11, false, false));
  const std::string head = our_head(response, 11, false);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_NE(head.find("\r\nConnection: close\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Length: 14\r\n\r\n"), std::string::npos) << head;
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));
}

TEST(ResponseHead, IsWhatBeastWroteOverHttp10) {
  const Response response = page();
  EXPECT_EQ(our_head(response, 10, true), beast_head(response, 10, true, false));
  EXPECT_EQ(our_head(response, 10, false), beast_head(response, 10, false, false));
  EXPECT_NE(our_head(response, 10, true).find("\r\nConnection: keep-alive\r\n"), std::string::npos);
}

// The one place where the bytes differ from Beast's on purpose: Beast wrote "Content-Length: 0"
// on 204 and 304. RFC 9110 §8.6 forbids it on 204; on 304 it would state the length of the
// page the client keeps as 0.
TEST(ResponseHead, StatusesWithoutABodyCarryNoLength) {
  const auto without_length = [](std::string head) {
    const auto line = head.find("Content-Length: 0\r\n");
    EXPECT_NE(line, std::string::npos) << head;
    if (line != std::string::npos) {
      head.erase(line, std::string_view("Content-Length: 0\r\n").size());
    }
    return head;
  };
  Response not_modified = Response::not_modified("W/\"abc\"");
  EXPECT_EQ(our_head(not_modified, 11, true),
            without_length(beast_head(not_modified, 11, true, false)));
  EXPECT_EQ(our_head(not_modified, 11, true).find("Content-Length"), std::string::npos);
  Response no_content;
  no_content.status = 204;
  EXPECT_EQ(our_head(no_content, 11, true),
            without_length(beast_head(no_content, 11, true, false)));
  EXPECT_FALSE(status_has_body(101));
  EXPECT_FALSE(status_has_body(204));
  EXPECT_FALSE(status_has_body(304));
  EXPECT_TRUE(status_has_body(200));
  EXPECT_TRUE(status_has_body(404));
}

TEST(ResponseHead, AHeadRequestIsToldTheLengthOfTheBodyItDoesNotGet) {
  const Response response = page();
  EXPECT_EQ(our_head(response, 11, true), beast_head(response, 11, true, true));
}

TEST(ResponseHead, ErrorStatusesAndAnUnknownOneReadAsBeastWroteThem) {
  for (const int status :
       {201, 206, 301, 303, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503, 299}) {
    Response response = Response::text("x", status);
    EXPECT_EQ(our_head(response, 11, true), beast_head(response, 11, true, false)) << status;
  }
}

TEST(ResponseHead, HeadersTheServerWritesAreNotTakenFromTheHandler) {
  Response response = Response::text("hello");
  response.headers.emplace_back("content-length", "99");
  response.headers.emplace_back("Connection", "upgrade");
  response.headers.emplace_back("Transfer-Encoding", "chunked");
  response.headers.emplace_back("DATE", "yesterday");
  const std::string head = our_head(response, 11, true);
  EXPECT_EQ(head.find("99"), std::string::npos) << head;
  EXPECT_EQ(head.find("upgrade"), std::string::npos) << head;
  EXPECT_EQ(head.find("chunked"), std::string::npos) << head;
  EXPECT_EQ(head.find("yesterday"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Length: 5\r\n"), std::string::npos) << head;
}

TEST(ResponseHead, AHeaderPushedPastTheGuardNeverReachesTheWire) {
  Response response = Response::text("hello");
  response.headers.emplace_back("Set-Cookie", "a=b\r\nX-Injected: yes");
  response.headers.emplace_back("Bad Name", "x");
  response.headers.emplace_back("X-Zero", std::string("a\0b", 3));
  const std::string head = our_head(response, 11, true);
  EXPECT_EQ(head.find("X-Injected"), std::string::npos) << head;
  EXPECT_EQ(head.find("Bad Name"), std::string::npos) << head;
  EXPECT_EQ(head.find("X-Zero"), std::string::npos) << head;
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4) << head;
}

}  // namespace
}  // namespace imaginecole::http
