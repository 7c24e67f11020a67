// SPDX-License-Identifier: AGPL-3.0-or-later
// The real `kiwix-serve` (Debian's kiwix-tools) serving one ZIM file on a loopback port until
// the test ends, for the tests that browse what `imaginecole export zim` wrote.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/http_client.hpp"

namespace imaginecole::testing {

// A port nobody listens on now (the kernel's choice for a socket bound to port 0).
inline std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class KiwixServe {
 public:
  explicit KiwixServe(const std::filesystem::path& zim) : port_(free_loopback_port()) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string port = "--port=" + std::to_string(port_);
      // --nosearchbar: the pages exactly as the file holds them, without kiwix-serve's bar.
      ::execlp("kiwix-serve", "kiwix-serve", "--nosearchbar", "--address=127.0.0.1", port.c_str(),
               zim.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      try {
        if (http_get(port_, "/").status == 200) {
          return;
        }
      } catch (const std::exception&) {
        // not listening yet
      }
    }
    stop();
    throw std::runtime_error("kiwix-serve did not start");
  }
  ~KiwixServe() { stop(); }
  KiwixServe(const KiwixServe&) = delete;
  KiwixServe& operator=(const KiwixServe&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }

  std::uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace imaginecole::testing
