// SPDX-License-Identifier: AGPL-3.0-or-later
// Practice until mastery as a value: a missed question comes back later, the session ends when
// every question was right once or after five right in a row, and the page's fields read back
// safely whatever they hold.
#include <gtest/gtest.h>

#include "learning/practice_session.hpp"

namespace imaginecole::learning {
namespace {

TEST(PracticeSession, AMissedQuestionComesBackLater) {
  PracticeSession session = PracticeSession::start({0, 1, 2, 3});
  session = session.after(false);  // 0 missed
  EXPECT_EQ(session.left, (std::vector<std::size_t>{1, 2, 0, 3}));
  EXPECT_EQ(session.streak, 0);
  session = session.after(true).after(true).after(true).after(true);
  EXPECT_EQ(session.right, (std::vector<std::size_t>{1, 2, 0, 3}));
  EXPECT_TRUE(session.finished());
}

TEST(PracticeSession, FiveRightInARowEndIt) {
  PracticeSession session = PracticeSession::start({0, 1, 2, 3, 4, 5, 6, 7});
  session = session.after(false);
  for (int i = 0; i < 4; ++i) {
    session = session.after(true);
  }
  EXPECT_FALSE(session.finished());
  session = session.after(true);
  EXPECT_TRUE(session.finished());
  EXPECT_EQ(session.right.size(), 5U);
}

TEST(PracticeSession, FieldsReadBackAndNonsenseIsDropped) {
  const PracticeSession session = PracticeSession::start({3, 1, 2}).after(true);
  const PracticeSession read = PracticeSession::parse(session.left_field(), session.right_field(),
                                                      std::to_string(session.streak), 4);
  EXPECT_EQ(read.left, session.left);
  EXPECT_EQ(read.right, session.right);
  EXPECT_EQ(read.streak, 1);
  const PracticeSession odd = PracticeSession::parse("1,x,9,1,,2", "2", "-4", 4);
  EXPECT_EQ(odd.left, (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(odd.right.empty());  // already listed as left
  EXPECT_EQ(odd.streak, 0);
  EXPECT_EQ(session.skipped().left.front(), session.left.at(1));
}

}  // namespace
}  // namespace imaginecole::learning
