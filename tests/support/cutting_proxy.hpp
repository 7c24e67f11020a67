// SPDX-License-Identifier: AGPL-3.0-or-later
// A plain HTTP forward proxy on 127.0.0.1 that misbehaves on demand, for transfer tests: it
// takes absolute-form requests ("GET http://127.0.0.1:PORT/path"), passes them on in origin
// form with "Connection: close", and can cut an answer after N bytes, flip its last byte, or
// drop the request's Range header (a hub or cache that ignores ranges). One connection at a
// time; every request head it received is kept for the test to read.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace imaginecole::testing {

struct ProxyFault {
  std::string target_contains;  // applies to the next request whose target contains this
  std::size_t cut_after = 0;    // send this many bytes of the answer (head included), then close
  bool corrupt = false;         // flip the answer's last byte
  bool drop_range = false;      // remove the request's Range header
};

class CuttingProxy {
 public:
  CuttingProxy();
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Queued; each fault is used once.
  void add_fault(ProxyFault fault);
  std::vector<std::string> request_heads() const;

 private:
  void serve();
  void handle(int client);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::vector<ProxyFault> faults_;
  std::vector<std::string> heads_;
  std::thread thread_;
};

}  // namespace imaginecole::testing
