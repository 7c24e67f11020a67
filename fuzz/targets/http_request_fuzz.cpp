// SPDX-License-Identifier: AGPL-3.0-or-later
// A request as it arrives on the socket: Beast's parser with the server's limits, then
// everything the server and the door read from it before a handler runs: the path and query,
// the route, cookies, Range, If-None-Match, Accept-Encoding, Forwarded / X-Forwarded-For from
// a trusted proxy, a "next" parameter, and a form or multipart body.
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/errors.hpp"
#include "fuzz_target.hpp"
#include "http/byte_range.hpp"
#include "http/client_address.hpp"
#include "http/compression.hpp"
#include "http/etag.hpp"
#include "http/local_path.hpp"
#include "http/multipart.hpp"
#include "http/request_header.hpp"
#include "http/router.hpp"

namespace {

namespace http = imaginecole::http;
namespace bhttp = boost::beast::http;

const http::Router& sample_router() {
  static const http::Router router = [] {
    http::Router made;
    const http::Handler nothing = [](http::Request&) { return http::Response{}; };
    for (const char* pattern :
         {"/", "/c/{country}", "/c/{country}/{level}/{subject}", "/r/{id}", "/media/{hash}",
          "/api/v1/me", "/api/v1/resources", "/api/v1/sync/exchange", "/static/{file}"}) {
      made.get(pattern, nothing, http::public_route());
      made.post(pattern, nothing, http::public_route());
    }
    return made;
  }();
  return router;
}

void read_what_the_door_reads(http::Request& request) {
  (void)sample_router().match(request.method, request.path);
  (void)request.query_param("q");
  (void)request.query_param("page");
  (void)request.cookie("session");
  (void)request.wants_json();
  if (const auto next = request.query_param("next")) {
    (void)http::safe_local_path(*next);
  }
  if (const auto range = request.header("range")) {
    const auto resolved = http::ByteRange::parse(*range).resolve(100'000);
    (void)resolved.content_range(100'000);
  }
  if (const auto tag = request.header("if-none-match")) {
    (void)http::if_none_match_matches(*tag, "\"0123456789abcdef\"");
  }
  if (const auto accepted = request.header("accept-encoding")) {
    (void)http::choose_encoding(*accepted);
  }
  static const http::TrustedProxies trusted({"127.0.0.1", "10.0.0.0/8"});
  (void)http::resolve_client("127.0.0.1", request.headers, trusted);
  const auto type = request.header("content-type").value_or("");
  if (type.starts_with("application/x-www-form-urlencoded")) {
    (void)http::parse_form(request.body);
  } else if (type.starts_with("multipart/")) {
    try {
      (void)http::parse_multipart_form(request);
    } catch (const imaginecole::InvalidInput&) {
    }
  }
}

}  // namespace

IMAGINECOLE_FUZZ_TARGET(http_request) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::beast::error_code error;
  std::size_t offset = 0;
  while (offset < size && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(data + offset, size - offset), error);
    if (error || used == 0) {
      break;
    }
    offset += used;
  }
  if (!parser.is_header_done()) {
    return 0;
  }
  http::Request request = http::request_from_header(parser.get().base(), "127.0.0.1");
  if (parser.is_done()) {
    request.body = parser.get().body();
  }
  read_what_the_door_reads(request);
  return 0;
}
