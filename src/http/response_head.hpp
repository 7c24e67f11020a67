// SPDX-License-Identifier: AGPL-3.0-or-later
// The bytes of a response's status line and headers, written in one piece. The server sends
// them and the body in one gather write. Beast's serializer did the same job through a field
// list built per response (an allocation and a name look-up per header) and a buffer sequence
// walked piece by piece: 10 % of the CPU of a page answered from memory. The bytes are the
// ones Beast wrote (tests/http/response_head_test.cpp compares them), except that 204 and 304
// responses carry no "Content-Length: 0" (RFC 9110 §8.6).
#pragma once

#include <cstddef>
#include <string>

#include "http/response.hpp"

namespace imaginecole::http {

struct ResponseHead {
  unsigned version = 11;  // 10 or 11, as the request said
  bool keep_alive = true;
  // The body's length: written as Content-Length, except for statuses that have no body
  // (1xx, 204, 304).
  std::size_t content_length = 0;
};

// "HTTP/1.1 200 OK\r\n", the response's headers in order (any it carries for Date,
// Content-Length, Transfer-Encoding or Connection are left out: the server writes those), Date,
// Connection when the version's default differs from `keep_alive`, Content-Length, and the
// blank line. A header that is not a token or whose value holds CR, LF or NUL is left out.
std::string response_head(const Response& response, const ResponseHead& head);

// Whether a response with this status carries a body (and a Content-Length).
bool status_has_body(int status);

// The Date header's value now, formatted once a second per thread.
const std::string& current_http_date();

}  // namespace imaginecole::http
