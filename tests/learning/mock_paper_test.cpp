// SPDX-License-Identifier: AGPL-3.0-or-later
// Mock papers as values: the same seed draws the same questions whatever the pool's order, a
// paper never holds a question twice, and a ticket's signature breaks when anything changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "learning/mock_paper.hpp"

namespace imaginecole::learning {
namespace {

std::vector<PoolQuestion> pool_of(int size) {
  std::vector<PoolQuestion> pool(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    pool[static_cast<std::size_t>(i)].set_id = i % 2 == 0 ? "set-a" : "set-b";
    pool[static_cast<std::size_t>(i)].question.id = "q" + std::to_string(100 + i);
  }
  return pool;
}

std::vector<std::string> ids(const std::vector<PoolQuestion>& paper) {
  std::vector<std::string> out;
  for (const auto& drawn : paper) {
    out.push_back(drawn.question.id);
  }
  return out;
}

TEST(MockPaper, TheSameSeedDrawsTheSamePaperWhateverThePoolOrder) {
  auto pool = pool_of(30);
  const auto first = ids(draw_paper(pool, 42, 10));
  std::reverse(pool.begin(), pool.end());
  EXPECT_EQ(ids(draw_paper(pool, 42, 10)), first);
  EXPECT_NE(ids(draw_paper(pool, 43, 10)), first);
  EXPECT_EQ(std::set<std::string>(first.begin(), first.end()).size(), 10U);
  EXPECT_EQ(draw_paper(pool_of(3), 42, 10).size(), 3U) << "a small pool gives a short paper";
  EXPECT_TRUE(draw_paper({}, 42, 10).empty());
}

TEST(MockPaper, ATicketsSignatureBreaksWhenAnythingChanges) {
  const PaperTicket ticket{
      .country = "SN", .exam = "CFEE", .seed = 7, .size = 10, .started = 1'700'000'000};
  const std::string signature = sign_ticket("secret", ticket);
  EXPECT_TRUE(ticket_is_genuine("secret", ticket, signature));
  EXPECT_FALSE(ticket_is_genuine("other", ticket, signature));
  PaperTicket later = ticket;
  later.started += 600;
  EXPECT_FALSE(ticket_is_genuine("secret", later, signature));
  PaperTicket bigger = ticket;
  bigger.size = 20;
  EXPECT_FALSE(ticket_is_genuine("secret", bigger, signature));
  EXPECT_FALSE(ticket_is_genuine("secret", ticket, ""));
  EXPECT_EQ(time_limit_seconds(10), 900);
}

TEST(MockPaper, SeedsAreDigitsOnly) {
  EXPECT_EQ(parse_seed("42"), 42U);
  EXPECT_FALSE(parse_seed(""));
  EXPECT_FALSE(parse_seed("-1"));
  EXPECT_FALSE(parse_seed("12x"));
  EXPECT_FALSE(parse_seed("123456789012345678901234"));
}

}  // namespace
}  // namespace imaginecole::learning
