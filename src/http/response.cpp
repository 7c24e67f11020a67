// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/response.hpp"

#include <strings.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace imaginecole::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

Response with_type(std::string body, int status, const char* type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Type", type);
  return response;
}

void require_valid_header(std::string_view name, std::string_view value) {
  if (!is_valid_header(name, value)) {
    throw std::invalid_argument("refused response header \"" + std::string(name) +
                                "\": CR, LF, NUL or an invalid name");
  }
}

}  // namespace

namespace {

// RFC 9110 token characters: visible ASCII except the separators.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0x21; c < 0x7F; ++c) {
    table[static_cast<std::size_t>(c)] = true;
  }
  for (const char c : std::string_view(":(),/;<=>?@[\\]{}\"")) {
    table[static_cast<unsigned char>(c)] = false;
  }
  return table;
}();

}  // namespace

bool is_valid_header(std::string_view name, std::string_view value) {
  if (name.empty()) {
    return false;
  }
  for (const char c : name) {
    if (!kTokenChars[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  // Every response passes here twice (the handler's guard and the head's writer): memchr
  // looks through the longer values (the content security policy) many bytes at a time.
  return std::memchr(value.data(), '\r', value.size()) == nullptr &&
         std::memchr(value.data(), '\n', value.size()) == nullptr &&
         std::memchr(value.data(), '\0', value.size()) == nullptr;
}

void Response::add_header(std::string_view name, std::string value) {
  require_valid_header(name, value);
  headers.emplace_back(std::string(name), std::move(value));
}

void Response::set_header(std::string_view name, std::string value) {
  require_valid_header(name, value);
  for (auto& [key, existing] : headers) {
    if (same_name(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

Response Response::html(std::string body, int status) {
  return with_type(std::move(body), status, "text/html; charset=utf-8");
}

Response Response::json(std::string body, int status) {
  return with_type(std::move(body), status, "application/json");
}

Response Response::text(std::string body, int status) {
  return with_type(std::move(body), status, "text/plain; charset=utf-8");
}

Response Response::redirect(std::string location, int status) {
  Response response;
  response.status = status;
  response.add_header("Location", std::move(location));
  return response;
}

Response Response::not_modified(std::string etag) {
  Response response;
  response.status = 304;
  response.headers.emplace_back("ETag", std::move(etag));
  return response;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 507:
      return "Insufficient Storage";
    default:
      return "Unknown";
  }
}

}  // namespace imaginecole::http
