// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <optional>
#include <stdexcept>

namespace imaginecole::testing {
namespace {

constexpr int kWaitMs = 10000;

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) {
      return false;
    }
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

// Reads until the peer closes (or `stop_at` is found, when given); false on a timeout.
bool read_until(int fd, std::string& out, const std::string& stop_at = {}) {
  char chunk[16384] = {};
  while (stop_at.empty() || out.find(stop_at) == std::string::npos) {
    pollfd waiting{.fd = fd, .events = POLLIN, .revents = 0};
    if (poll(&waiting, 1, kWaitMs) <= 0) {
      return false;
    }
    const ssize_t got = ::recv(fd, chunk, sizeof(chunk), 0);
    if (got <= 0) {
      return stop_at.empty();
    }
    out.append(chunk, static_cast<std::size_t>(got));
  }
  return true;
}

int connect_to(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The head with its Range and Connection lines removed (when asked) and "Connection: close".
std::string passed_on(const std::string& request_line, const std::string& rest, bool drop_range) {
  std::string out = request_line + "\r\n";
  std::size_t at = 0;
  while (at < rest.size()) {
    const auto end = rest.find("\r\n", at);
    const std::string line = rest.substr(at, end - at);
    at = end == std::string::npos ? rest.size() : end + 2;
    if (line.empty()) {
      continue;
    }
    std::string lower;
    for (const char c : line.substr(0, line.find(':'))) {
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "connection" || lower == "proxy-connection" || (drop_range && lower == "range")) {
      continue;
    }
    out += line + "\r\n";
  }
  return out + "Connection: close\r\n\r\n";
}

}  // namespace

CuttingProxy::CuttingProxy() {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener_, 8) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(listener_);
    throw std::runtime_error("the test proxy cannot listen");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

CuttingProxy::~CuttingProxy() {
  shutdown(listener_, SHUT_RDWR);  // wakes accept()
  thread_.join();
  close(listener_);
}

void CuttingProxy::add_fault(ProxyFault fault) {
  const std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

std::vector<std::string> CuttingProxy::request_heads() const {
  const std::lock_guard lock(mutex_);
  return heads_;
}

void CuttingProxy::serve() {
  for (;;) {
    const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      return;
    }
    handle(client);
    close(client);
  }
}

void CuttingProxy::handle(int client) {
  std::string head;
  if (!read_until(client, head, "\r\n\r\n")) {
    return;
  }
  head.resize(head.find("\r\n\r\n") + 4);
  const auto line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  // "GET http://127.0.0.1:PORT/path HTTP/1.1"
  const auto first_space = request_line.find(' ');
  const auto last_space = request_line.rfind(' ');
  const std::string target = request_line.substr(first_space + 1, last_space - first_space - 1);
  std::optional<ProxyFault> fault;
  {
    const std::lock_guard lock(mutex_);
    heads_.push_back(head);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (target.find(it->target_contains) != std::string::npos) {
        fault = *it;
        faults_.erase(it);
        break;
      }
    }
  }
  constexpr std::string_view kScheme = "http://";
  if (!target.starts_with(kScheme)) {
    const std::string refused = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    send_all(client, refused.data(), refused.size());
    return;
  }
  const auto path_at = target.find('/', kScheme.size());
  const std::string authority = target.substr(kScheme.size(), path_at - kScheme.size());
  const auto upstream_port =
      static_cast<std::uint16_t>(std::stoi(authority.substr(authority.rfind(':') + 1)));
  const std::string origin_line = request_line.substr(0, first_space + 1) + target.substr(path_at) +
                                  request_line.substr(last_space);
  const int upstream = connect_to(upstream_port);
  if (upstream < 0) {
    const std::string refused = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
    send_all(client, refused.data(), refused.size());
    return;
  }
  const std::string forwarded =
      passed_on(origin_line, head.substr(line_end + 2), fault && fault->drop_range);
  std::string answer;
  if (send_all(upstream, forwarded.data(), forwarded.size())) {
    read_until(upstream, answer);
  }
  close(upstream);
  if (fault && fault->corrupt && !answer.empty()) {
    answer.back() = static_cast<char>(answer.back() ^ 0x55);
  }
  if (fault && fault->cut_after > 0 && fault->cut_after < answer.size()) {
    answer.resize(fault->cut_after);
  }
  send_all(client, answer.data(), answer.size());
}

}  // namespace imaginecole::testing
