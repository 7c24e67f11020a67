// SPDX-License-Identifier: AGPL-3.0-or-later
// Published sets are parsed once per version and shared; a version whose questions' text is not
// the text an entry was parsed from is parsed again, never graded against the old questions.
#include "learning/parsed_sets.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "exercises/question.hpp"

namespace imaginecole::learning {
namespace {

using exercises::Question;
using exercises::QuestionType;

Question numeric(std::string id, double expected) {
  Question q;
  q.id = std::move(id);
  q.type = QuestionType::numeric;
  q.prompt = "Combien ?";
  q.numbers = {{expected, 0, 1, "Exact."}};
  return q;
}

TEST(ParsedSets, AVersionIsParsedOnceAndSharedInItsOrder) {
  ParsedSets sets;
  const std::string json =
      exercises::questions_to_json({numeric("q2", 2), numeric("q1", 1), numeric("q3", 3)});
  const auto first = sets.get("v1", json);
  const auto again = sets.get("v1", json);
  EXPECT_EQ(first.get(), again.get());
  ASSERT_EQ(first->questions.size(), 3U);
  EXPECT_EQ(first->questions[0].id, "q2");
  EXPECT_EQ(first->questions[2].id, "q3");
  ASSERT_NE(first->find("q1"), nullptr);
  EXPECT_DOUBLE_EQ(first->find("q1")->numbers.at(0).value, 1);
  EXPECT_EQ(first->find("q4"), nullptr);
  EXPECT_EQ(first->version_id, "v1");
}

TEST(ParsedSets, ChangedTextUnderTheSameVersionIsParsedAgain) {
  ParsedSets sets;
  const auto old_set = sets.get("v1", exercises::questions_to_json({numeric("q1", 1)}));
  const auto new_set = sets.get("v1", exercises::questions_to_json({numeric("q1", 7)}));
  EXPECT_NE(old_set.get(), new_set.get());
  EXPECT_DOUBLE_EQ(new_set->find("q1")->numbers.at(0).value, 7);
  // What a grader already holds stays as it was.
  EXPECT_DOUBLE_EQ(old_set->find("q1")->numbers.at(0).value, 1);
}

TEST(ParsedSets, ARepeatedQuestionIdFindsTheFirst) {
  ParsedSets sets;
  const auto set =
      sets.get("v1", exercises::questions_to_json({numeric("q1", 1), numeric("q1", 9)}));
  EXPECT_EQ(set->questions.size(), 2U);
  EXPECT_DOUBLE_EQ(set->find("q1")->numbers.at(0).value, 1);
}

TEST(ParsedSets, MemoryIsBoundedAndEntriesInUseSurviveAClear) {
  ParsedSets sets(2);
  const std::string json = exercises::questions_to_json({numeric("q1", 1)});
  const auto a = sets.get("a", json);
  const auto b = sets.get("b", json);
  const auto c = sets.get("c", json);  // full: starts afresh
  EXPECT_EQ(sets.get("c", json).get(), c.get());
  EXPECT_NE(sets.get("a", json).get(), a.get());  // parsed again
  EXPECT_EQ(a->find("q1")->id, "q1");             // still usable by whoever holds it
  EXPECT_EQ(b->questions.size(), 1U);
}

TEST(ParsedSets, BrokenTextThrowsAndKeepsNothing) {
  ParsedSets sets;
  EXPECT_THROW(sets.get("v1", "{}"), InvalidInput);
  EXPECT_THROW(sets.get("v1", "[{\"type\":"), InvalidInput);
  const auto good = sets.get("v1", exercises::questions_to_json({numeric("q1", 1)}));
  EXPECT_EQ(good->questions.size(), 1U);
}

}  // namespace
}  // namespace imaginecole::learning
