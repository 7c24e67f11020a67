// SPDX-License-Identifier: AGPL-3.0-or-later
// No response header can carry CR or LF: a header, or a whole second response, of someone
// else's making never reaches the wire.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "http/dispatch.hpp"
#include "http/response.hpp"

namespace imaginecole::http {
namespace {

TEST(ResponseHeaders, TheResponseTypeRefusesLineBreaks) {
  Response response;
  EXPECT_THROW(response.set_header("Location", "/\r\nSet-Cookie: session=attacker"),
               std::invalid_argument);
  EXPECT_THROW(response.add_header("X-Note", "a\nb"), std::invalid_argument);
  EXPECT_THROW(response.set_header("Bad Name", "x"), std::invalid_argument);
  EXPECT_THROW(response.set_header("X-Zero", std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(Response::redirect("/\r\nSet-Cookie: a=b"), std::invalid_argument);
  EXPECT_TRUE(response.headers.empty());
  response.set_header("Location", "/c/SN");
  EXPECT_EQ(response.header("location"), "/c/SN");
}

TEST(ResponseHeaders, ANameIsAToken) {
  EXPECT_TRUE(is_valid_header("X-Odd!#$%&'*+-.^_`|~Name09", "v"));
  for (const char separator : std::string_view("():,/;<=>?@[\\]{}\" \t")) {
    EXPECT_FALSE(is_valid_header(std::string("X") + separator + "Y", "v")) << separator;
  }
  EXPECT_FALSE(is_valid_header("X\x7F", "v"));
  EXPECT_FALSE(is_valid_header("Caf\xC3\xA9", "v"));
  EXPECT_FALSE(is_valid_header("", "v"));
  EXPECT_TRUE(is_valid_header("X-Empty", ""));
  const std::string policy(300, 'a');
  EXPECT_TRUE(is_valid_header("Content-Security-Policy", policy));
  EXPECT_FALSE(is_valid_header("Content-Security-Policy", policy + "\r"));
  EXPECT_FALSE(is_valid_header("Content-Security-Policy", "\n" + policy));
}

TEST(ResponseHeaders, AHeaderPushedPastTheGuardBecomesA500) {
  Request request;
  Response response = Response::text("hello");
  response.headers.emplace_back("Set-Cookie", "a=b\r\nX-Injected: yes");
  finish_response(request, response, ServerOptions{});
  EXPECT_EQ(response.status, 500);
  for (const auto& [name, value] : response.headers) {
    EXPECT_TRUE(is_valid_header(name, value)) << name;
  }
}

}  // namespace
}  // namespace imaginecole::http
