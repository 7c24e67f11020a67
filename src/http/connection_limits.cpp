// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/connection_limits.hpp"

namespace imaginecole::http {

ConnectionLimits::Verdict ConnectionLimits::open(const std::string& address,
                                                 bool exempt_from_address_cap) {
  std::lock_guard lock(mutex_);
  if (total_limit_ != 0 && total_ >= total_limit_) {
    return Verdict::too_many_in_all;
  }
  if (!exempt_from_address_cap && per_address_limit_ != 0) {
    std::size_t& count = per_address_[address];
    if (count >= per_address_limit_) {
      return Verdict::too_many_from_address;
    }
    ++count;
  }
  ++total_;
  return Verdict::accepted;
}

void ConnectionLimits::release(const std::string& address, bool exempt_from_address_cap) {
  std::lock_guard lock(mutex_);
  --total_;
  if (!exempt_from_address_cap && per_address_limit_ != 0) {
    const auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second == 0) {
      per_address_.erase(it);
    }
  }
}

std::size_t ConnectionLimits::open_count() const {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace imaginecole::http
