// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/forwarding_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

namespace imaginecole::testing {
namespace {

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    return -1;
  }
  return fd;
}

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

void reply(int fd, const std::string& status) {
  const std::string text =
      "HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  send_all(fd, text.data(), text.size());
}

}  // namespace

ForwardingProxy::ForwardingProxy(LinkShape shape) : shape_(shape) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("the test proxy cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  cut_after(shape_.cut_after_bytes);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ForwardingProxy::~ForwardingProxy() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  acceptor_.join();
  ::close(listener_);
  for (auto& connection : connections_) {
    connection.join();
  }
}

void ForwardingProxy::cut_after(std::uint64_t bytes) {
  cut_at_ = bytes == 0 ? 0 : bytes_.load() + bytes;
}

void ForwardingProxy::accept_loop() {
  while (!stopping_) {
    pollfd waiting{.fd = listener_, .events = POLLIN, .revents = 0};
    if (::poll(&waiting, 1, 100) <= 0) {
      continue;
    }
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      continue;
    }
    connections_.emplace_back([this, client] { serve(client); });
  }
}

// Forwards one chunk, shaped: the delay, then as slow as the bandwidth says; false once the
// link is cut.
bool ForwardingProxy::pass(int from, int to, char* buffer, std::size_t size) {
  const ssize_t got = ::recv(from, buffer, size, 0);
  if (got <= 0) {
    return false;
  }
  auto length = static_cast<std::size_t>(got);
  if (shape_.delay_ms_per_chunk > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(shape_.delay_ms_per_chunk));
  }
  const std::uint64_t cut_at = cut_at_.load();
  const std::uint64_t before = bytes_.fetch_add(length);
  if (cut_at != 0 && before + length >= cut_at) {
    const std::size_t allowed = before >= cut_at ? 0 : static_cast<std::size_t>(cut_at - before);
    send_all(to, buffer, allowed);
    cut_at_ = 0;
    ++cuts_;
    return false;
  }
  if (shape_.bytes_per_second > 0) {
    std::this_thread::sleep_for(
        std::chrono::microseconds(length * 1000000 / shape_.bytes_per_second));
  }
  return send_all(to, buffer, length);
}

void ForwardingProxy::serve(int client) {
  std::string head;
  char buffer[16 * 1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 64 * 1024) {
    const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
    if (got <= 0) {
      ::close(client);
      return;
    }
    head.append(buffer, static_cast<std::size_t>(got));
  }
  // "METHOD http://127.0.0.1:PORT/path HTTP/1.1": loopback targets only.
  const auto first_space = head.find(' ');
  const auto second_space = head.find(' ', first_space + 1);
  const std::string target = head.substr(first_space + 1, second_space - first_space - 1);
  constexpr std::string_view kLoopback = "http://127.0.0.1:";
  if (first_space == std::string::npos || second_space == std::string::npos ||
      !target.starts_with(kLoopback)) {
    reply(client, "400 Bad Request");
    ::close(client);
    return;
  }
  const auto path_at = target.find('/', kLoopback.size());
  const auto port = static_cast<std::uint16_t>(
      std::stoi(target.substr(kLoopback.size(), path_at - kLoopback.size())));
  const int server = connect_loopback(port);
  if (server < 0) {
    reply(client, "502 Bad Gateway");
    ::close(client);
    return;
  }
  ++requests_;
  const std::string path = path_at == std::string::npos ? "/" : target.substr(path_at);
  const std::string rewritten = head.substr(0, first_space + 1) + path + head.substr(second_space);
  bool alive = true;
  // The request head goes through the shaping like the rest.
  const std::uint64_t cut_at = cut_at_.load();
  const std::uint64_t before = bytes_.fetch_add(rewritten.size());
  if (cut_at != 0 && before + rewritten.size() >= cut_at) {
    cut_at_ = 0;
    ++cuts_;
    alive = false;
  } else {
    alive = send_all(server, rewritten.data(), rewritten.size());
  }
  while (alive && !stopping_) {
    pollfd both[2] = {{.fd = client, .events = POLLIN, .revents = 0},
                      {.fd = server, .events = POLLIN, .revents = 0}};
    if (::poll(both, 2, 200) < 0) {
      break;
    }
    if ((both[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      alive = pass(client, server, buffer, sizeof buffer);
    }
    if (alive && (both[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      alive = pass(server, client, buffer, sizeof buffer);
    }
  }
  ::close(server);
  ::close(client);
}

}  // namespace imaginecole::testing
