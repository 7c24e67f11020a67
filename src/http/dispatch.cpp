// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/dispatch.hpp"

#include <cstdio>
#include <exception>

#include "core/errors.hpp"
#include "http/access_log.hpp"
#include "http/etag.hpp"
#include "http/refusal.hpp"
#include "http/transport_security.hpp"

namespace imaginecole::http {

Response default_error_response(const Request& request, int status, std::string_view message) {
  if (request.wants_json()) {
    std::string body = "{\"error\":{\"status\":" + std::to_string(status) + ",\"message\":";
    append_json_string(body, message);
    body += "}}";
    return Response::json(std::move(body), status);
  }
  std::string escaped;
  for (const char c : message) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  const std::string title = std::to_string(status) + " " + std::string(reason_phrase(status));
  return Response::html("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>" + title +
                            "</title><main><h1>" + title + "</h1><p>" + escaped +
                            "</p></main></html>",
                        status);
}

Response call_handler(const Route& route, Request& request, const ErrorRenderer& errors) {
  try {
    return route.handler(request);
  } catch (const Refused& refused) {
    return errors(request, refused.refusal().status, refused.refusal().message);
  } catch (const InvalidInput& error) {
    return errors(request, 400, error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "{\"level\":\"error\",\"route\":\"%s\",\"error\":\"%s\"}\n",
                 route.pattern.c_str(), error.what());
    return errors(request, 500, "Something went wrong on the server. Please try again.");
  }
}

void finish_response(const Request& request, Response& response, const ServerOptions& options) {
  // The last guard: a header with CR or LF (set without set_header) never reaches the wire.
  for (const auto& [name, value] : response.headers) {
    if (!is_valid_header(name, value)) {
      std::fprintf(stderr,
                   "{\"level\":\"error\",\"msg\":\"refused a response header with CR, LF or "
                   "NUL\",\"path\":\"%s\"}\n",
                   std::string(request.route_pattern).c_str());
      response = default_error_response(request, 500, "Something went wrong on the server.");
      break;
    }
  }
  add_strict_transport_security(request, response);
  for (const auto& [name, value] : options.default_headers) {
    if (!response.header(name)) {
      response.headers.emplace_back(name, value);
    }
  }
  const bool cacheable_method = request.method == Method::get || request.method == Method::head;
  if (cacheable_method && response.status == 200 && !response.file) {
    if (!response.header("ETag") && !response.body.empty()) {
      response.headers.emplace_back("ETag", weak_etag_of(response.body));
    }
    const auto etag = response.header("ETag");
    const auto if_none_match = request.header("if-none-match");
    if (etag && if_none_match && if_none_match_matches(*if_none_match, *etag)) {
      Response not_modified = Response::not_modified(std::string(*etag));
      for (const auto& [name, value] : response.headers) {
        if (name == "Cache-Control" || name == "Vary" || name == "Content-Location") {
          not_modified.headers.emplace_back(name, value);
        }
      }
      response = std::move(not_modified);
      return;
    }
  }
  if (response.file || response.shared_body || response.body.size() < options.compress_min_bytes ||
      response.header("Content-Encoding")) {
    return;
  }
  const auto type = response.header("Content-Type");
  if (!type || !is_compressible(*type)) {
    return;
  }
  if (const auto vary = response.header("Vary"); !vary) {
    response.set_header("Vary", "Accept-Encoding");
  } else if (vary->find("Accept-Encoding") == std::string_view::npos) {
    response.set_header("Vary", "Accept-Encoding, " + std::string(*vary));
  }
  const auto accept = request.header("accept-encoding");
  if (!accept) {
    return;
  }
  const Encoding encoding = choose_encoding(*accept);
  if (encoding == Encoding::identity) {
    return;
  }
  response.body = compress(response.body, encoding, options.compression);
  response.headers.emplace_back("Content-Encoding", std::string(encoding_token(encoding)));
}

}  // namespace imaginecole::http
