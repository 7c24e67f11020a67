// SPDX-License-Identifier: AGPL-3.0-or-later
// No response header can carry CR or LF: a header, or a whole second response, of someone
// else's making never reaches the wire.
#include <gtest/gtest.h>

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
