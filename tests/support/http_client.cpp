// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace imaginecole::testing {

std::optional<std::string> HttpResponse::header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return std::nullopt;
}

HttpConnection::HttpConnection(std::uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) {
    throw std::runtime_error("socket failed");
  }
  timeval timeout{.tv_sec = 20, .tv_usec = 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " +
                             std::strerror(errno));
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

void HttpConnection::send_raw(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      throw std::runtime_error("send failed: " + std::string(std::strerror(errno)));
    }
    sent += static_cast<std::size_t>(n);
  }
}

std::string HttpConnection::read_some(std::size_t size) {
  if (!buffer_.empty()) {
    std::string out = buffer_.substr(0, size);
    buffer_.erase(0, out.size());
    return out;
  }
  std::string out(size, '\0');
  const ssize_t n = ::recv(fd_, out.data(), size, 0);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

HttpResponse HttpConnection::read_response(bool head) {
  auto fill = [&]() {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t header_end = std::string::npos;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) {
      throw std::runtime_error("connection closed before a response arrived");
    }
  }
  HttpResponse response;
  const std::string head_text = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  std::size_t line_end = head_text.find("\r\n");
  const std::string status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) {
    throw std::runtime_error("bad status line: " + status_line);
  }
  response.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
  while (pos < head_text.size()) {
    std::size_t end = head_text.find("\r\n", pos);
    if (end == std::string::npos) {
      end = head_text.size();
    }
    const std::string line = head_text.substr(pos, end - pos);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') {
        value.erase(0, 1);
      }
      response.headers.emplace_back(std::move(name), std::move(value));
    }
    pos = end + 2;
  }
  if (head || response.status == 304 || response.status == 204 || response.status / 100 == 1) {
    return response;
  }
  if (const auto length = response.header("content-length")) {
    const auto size = std::stoull(*length);
    while (buffer_.size() < size) {
      if (!fill()) {
        throw std::runtime_error("connection closed in the middle of a body");
      }
    }
    response.body = buffer_.substr(0, size);
    buffer_.erase(0, size);
  } else {
    while (fill()) {
    }
    response.body = std::move(buffer_);
    buffer_.clear();
  }
  return response;
}

HttpResponse HttpConnection::request(const std::string& method, const std::string& target,
                                     const Headers& headers, const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) {
    text += name + ": " + value + "\r\n";
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n" + body;
  send_raw(text);
  return read_response(method == "HEAD");
}

bool HttpConnection::closed_by_peer(int wait_ms) {
  pollfd descriptor{.fd = fd_, .events = POLLIN, .revents = 0};
  if (poll(&descriptor, 1, wait_ms) <= 0) {
    return false;
  }
  char byte = 0;
  return ::recv(fd_, &byte, 1, MSG_PEEK) == 0;
}

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body) {
  HttpConnection connection(port);
  return connection.request(method, target, headers, body);
}

}  // namespace imaginecole::testing
