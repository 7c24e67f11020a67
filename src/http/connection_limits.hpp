// SPDX-License-Identifier: AGPL-3.0-or-later
// Caps on open connections, per client address and in all, shared by the event loops. Past a
// cap a new connection is answered 503 and closed, so a flood from one address (or from
// everywhere) costs a refusal instead of memory. Addresses of trusted proxies are exempt from
// the per-address cap: every client of a load balancer arrives from it.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace imaginecole::http {

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t total, std::size_t per_address)
      : total_limit_(total), per_address_limit_(per_address) {}

  enum class Verdict { accepted, too_many_from_address, too_many_in_all };
  // Counts the connection when accepted; every accepted connection must be released.
  Verdict open(const std::string& address, bool exempt_from_address_cap);
  void release(const std::string& address, bool exempt_from_address_cap);

  std::size_t open_count() const;

 private:
  mutable std::mutex mutex_;
  std::size_t total_limit_;
  std::size_t per_address_limit_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace imaginecole::http
