// SPDX-License-Identifier: AGPL-3.0-or-later
// A mock exam paper ("épreuve blanche") as pure values: the questions drawn from a pool by a
// seed (the same seed and size give the same paper, so the URL names it), its time limit, and
// the signature that proves a submitted paper's start time was the server's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::learning {

inline constexpr std::int64_t kSecondsPerQuestion = 90;
// A submission this late after the limit still counts as on time (a slow connection).
inline constexpr std::int64_t kGraceSeconds = 30;
inline constexpr std::size_t kMaxPaperQuestions = 40;

struct PoolQuestion {
  std::string set_id;       // the published exercise set it comes from
  std::string topic_names;  // JSON names of the set's place in the curriculum ({"fr": …})
  exercises::Question question;
};

// Question types a plain form answers in one field or a list of boxes.
bool fits_a_paper(const exercises::Question& question);

// `size` questions of `pool` (fewer when the pool is smaller), drawn by `seed`: independent of
// the pool's order and of the platform's random library.
std::vector<PoolQuestion> draw_paper(std::vector<PoolQuestion> pool, std::uint64_t seed,
                                     std::size_t size);

std::int64_t time_limit_seconds(std::size_t questions);

// What the form carries about the paper, signed with the server's secret.
struct PaperTicket {
  std::string country;
  std::string exam;
  std::uint64_t seed = 0;
  std::size_t size = 0;
  std::int64_t started = 0;  // Unix seconds, the server's clock when the paper was shown
};
std::string sign_ticket(std::string_view secret, const PaperTicket& ticket);
bool ticket_is_genuine(std::string_view secret, const PaperTicket& ticket,
                       std::string_view signature);

std::optional<std::uint64_t> parse_seed(std::string_view text);

}  // namespace imaginecole::learning
