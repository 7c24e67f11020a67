// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/clock.hpp"

#include <array>
#include <cstdint>
#include <ctime>
#include <limits>

namespace imaginecole::core {

std::string format_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto millis = duration_cast<milliseconds>(when.time_since_epoch()).count();
  const auto seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
  const int fraction = static_cast<int>(millis - static_cast<std::int64_t>(seconds) * 1000);
  // Each thread keeps the text of the last few seconds it formatted: a signed-in request asks
  // for "now", "now minus the idle timeout" and "now minus the touch interval", and gmtime_r
  // with strftime and snprintf were 4 % of the CPU of a cached page.
  struct Second {
    std::time_t value = std::numeric_limits<std::time_t>::min();
    char text[24] = {};
    std::size_t size = 0;
  };
  thread_local std::array<Second, 4> kept;
  thread_local std::size_t next_to_replace = 0;
  const Second* second = nullptr;
  for (const Second& candidate : kept) {
    if (candidate.value == seconds) {
      second = &candidate;
      break;
    }
  }
  if (second == nullptr) {
    Second& fresh = kept[next_to_replace];
    next_to_replace = (next_to_replace + 1) % kept.size();
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    fresh.size = std::strftime(fresh.text, sizeof fresh.text, "%Y-%m-%dT%H:%M:%S", &utc);
    fresh.value = seconds;
    second = &fresh;
  }
  std::string out;
  out.reserve(second->size + 5);
  out.append(second->text, second->size);
  out += '.';
  out += static_cast<char>('0' + fraction / 100);
  out += static_cast<char>('0' + fraction / 10 % 10);
  out += static_cast<char>('0' + fraction % 10);
  out += 'Z';
  return out;
}

std::string now_timestamp() {
  return format_timestamp(std::chrono::system_clock::now());
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(buffer, n);
}

}  // namespace imaginecole::core
