// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/mock_paper.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <tuple>

#include "core/hash.hpp"

namespace imaginecole::learning {
namespace {

// SplitMix64: a tiny generator whose sequence is fixed by its seed on every platform, unlike
// std::shuffle's use of a standard engine.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }

 private:
  std::uint64_t state_;
};

std::string ticket_text(const PaperTicket& ticket) {
  return "imaginecole-paper-v1|" + ticket.country + "|" + ticket.exam + "|" +
         std::to_string(ticket.seed) + "|" + std::to_string(ticket.size) + "|" +
         std::to_string(ticket.started);
}

}  // namespace

bool fits_a_paper(const exercises::Question& question) {
  using exercises::QuestionType;
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice:
    case QuestionType::true_false:
    case QuestionType::numeric:
    case QuestionType::short_text:
      return true;
    default:
      return false;
  }
}

std::vector<PoolQuestion> draw_paper(std::vector<PoolQuestion> pool, std::uint64_t seed,
                                     std::size_t size) {
  std::sort(pool.begin(), pool.end(), [](const PoolQuestion& a, const PoolQuestion& b) {
    return std::tie(a.set_id, a.question.id) < std::tie(b.set_id, b.question.id);
  });
  SplitMix random(seed);
  // Fisher-Yates, stopped after the first `size` places.
  const std::size_t count = std::min(size, pool.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(random.next() % (pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  return pool;
}

std::int64_t time_limit_seconds(std::size_t questions) {
  return static_cast<std::int64_t>(questions) * kSecondsPerQuestion;
}

std::string sign_ticket(std::string_view secret, const PaperTicket& ticket) {
  const std::string message = ticket_text(ticket);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hex(2 * sizeof mac, '\0');
  sodium_bin2hex(hex.data(), hex.size() + 1, mac, sizeof mac);
  return hex;
}

bool ticket_is_genuine(std::string_view secret, const PaperTicket& ticket,
                       std::string_view signature) {
  return core::equal_in_constant_time(sign_ticket(secret, ticket), signature);
}

std::optional<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.size() > 20 || error != std::errc() ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace imaginecole::learning
