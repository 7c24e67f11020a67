// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/response_head.hpp"

#include <boost/beast/http/status.hpp>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "http/header_text.hpp"

namespace imaginecole::http {
namespace {

// Headers the server writes itself, whatever a handler put in the response.
bool written_by_the_server(std::string_view name) {
  return equals_ignoring_case(name, "date") || equals_ignoring_case(name, "content-length") ||
         equals_ignoring_case(name, "transfer-encoding") ||
         equals_ignoring_case(name, "connection");
}

void append_line(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

bool status_has_body(int status) {
  return !(status / 100 == 1 || status == 204 || status == 304);
}

const std::string& current_http_date() {
  thread_local std::string cached;
  thread_local std::int64_t cached_second = -1;
  const auto now = std::chrono::system_clock::now();
  const auto second =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (second != cached_second) {
    cached_second = second;
    cached = core::http_date(now);
  }
  return cached;
}

std::string response_head(const Response& response, const ResponseHead& head) {
  std::size_t size = 64;
  for (const auto& [name, value] : response.headers) {
    size += name.size() + value.size() + 4;
  }
  std::string out;
  out.reserve(size + 64);
  out.append(head.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  const int status = response.status;
  out += static_cast<char>('0' + status / 100 % 10);
  out += static_cast<char>('0' + status / 10 % 10);
  out += static_cast<char>('0' + status % 10);
  out += ' ';
  out.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status)));
  out.append("\r\n");
  for (const auto& [name, value] : response.headers) {
    if (!written_by_the_server(name) && is_valid_header(name, value)) {
      append_line(out, name, value);
    }
  }
  append_line(out, "Date", current_http_date());
  if (head.version >= 11 && !head.keep_alive) {
    append_line(out, "Connection", "close");
  } else if (head.version < 11 && head.keep_alive) {
    append_line(out, "Connection", "keep-alive");
  }
  if (status_has_body(status)) {
    append_line(out, "Content-Length", std::to_string(head.content_length));
  }
  out.append("\r\n");
  return out;
}

}  // namespace imaginecole::http
