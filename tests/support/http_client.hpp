// SPDX-License-Identifier: AGPL-3.0-or-later
// A small blocking HTTP/1.1 client over a real loopback socket, able to send malformed
// requests on purpose.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace imaginecole::testing {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  std::optional<std::string> header(const std::string& lower_name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void send_raw(const std::string& bytes);
  // Reads one response; `head` for responses to HEAD (no body despite Content-Length).
  HttpResponse read_response(bool head = false);
  HttpResponse request(const std::string& method, const std::string& target,
                       const Headers& headers = {}, const std::string& body = {});
  // True when the server closed the connection (read returns 0 within `wait_ms`).
  bool closed_by_peer(int wait_ms = 2000);
  // Reads and returns up to `size` bytes (for slow-download tests).
  std::string read_some(std::size_t size);

 private:
  int fd_ = -1;
  std::string buffer_;
};

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const Headers& headers = {}, const std::string& body = {});
inline HttpResponse http_get(std::uint16_t port, const std::string& target,
                             const Headers& headers = {}) {
  return http_request(port, "GET", target, headers);
}

}  // namespace imaginecole::testing
