// SPDX-License-Identifier: AGPL-3.0-or-later
// A small plain-HTTP forwarding proxy for tests, on loopback only: it takes requests in
// absolute form ("POST http://127.0.0.1:PORT/path HTTP/1.1"), forwards them to that loopback
// address in origin form, and pipes the answer back. It can act like a poor link: a bandwidth
// limit (bytes per second, each way), a delay added to every chunk it forwards, and a cut of
// the connection once a number of bytes have passed (to test that a sync resumes).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace imaginecole::testing {

struct LinkShape {
  std::uint64_t bytes_per_second = 0;  // 0: no limit
  int delay_ms_per_chunk = 0;          // added before each forwarded chunk (latency)
  // Close both sides once this many bytes (both ways, all connections together) have passed;
  // 0: never. Set again with cut_after().
  std::uint64_t cut_after_bytes = 0;
};

class ForwardingProxy {
 public:
  explicit ForwardingProxy(LinkShape shape = {});
  ~ForwardingProxy();
  ForwardingProxy(const ForwardingProxy&) = delete;
  ForwardingProxy& operator=(const ForwardingProxy&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Requests forwarded so far, and bytes that passed (both ways).
  int requests() const { return requests_.load(); }
  std::uint64_t bytes() const { return bytes_.load(); }
  // From now on: cut once `bytes` more have passed (0: never).
  void cut_after(std::uint64_t bytes);
  int cuts() const { return cuts_.load(); }

 private:
  void accept_loop();
  void serve(int client);
  bool pass(int from, int to, char* buffer, std::size_t size);

  LinkShape shape_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> cut_at_{0};  // absolute byte count; 0: never
  std::atomic<int> cuts_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

}  // namespace imaginecole::testing
