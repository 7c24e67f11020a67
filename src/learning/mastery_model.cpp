// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/mastery_model.hpp"

#include <set>

namespace imaginecole::learning {
namespace {

struct Window {
  std::size_t size = 0;
  std::size_t right = 0;
};

// The latest answer to each question, for the kMasteryWindow questions answered last, among
// the first `count` answers: a question answered again counts once, with its latest answer.
Window window_of(const std::vector<SkillAnswer>& answers, std::size_t count) {
  Window window;
  std::set<std::string_view> seen;
  for (std::size_t i = count; i > 0 && window.size < kMasteryWindow; --i) {
    const SkillAnswer& answer = answers[i - 1];
    if (!seen.insert(answer.question_id).second) {
      continue;
    }
    ++window.size;
    window.right += answer.correct ? 1 : 0;
  }
  return window;
}

// At least 80 % right over at least kMasteryMinQuestions questions.
bool proficient(const Window& window) {
  return window.size >= kMasteryMinQuestions && window.right * 5 >= window.size * 4;
}

bool familiar(const Window& window) {
  return window.size > 0 && window.right * 5 >= window.size * 3;
}

std::string_view day_of(const SkillAnswer& answer) {
  return std::string_view(answer.answered_at).substr(0, 10);
}

}  // namespace

std::string_view mastery_level_name(MasteryLevel level) {
  switch (level) {
    case MasteryLevel::not_started:
      return "not_started";
    case MasteryLevel::attempted:
      return "attempted";
    case MasteryLevel::familiar:
      return "familiar";
    case MasteryLevel::proficient:
      return "proficient";
    case MasteryLevel::mastered:
      return "mastered";
  }
  return "not_started";
}

MasteryLevel mastery_level(const std::vector<SkillAnswer>& answers) {
  if (answers.empty()) {
    return MasteryLevel::not_started;
  }
  const Window now = window_of(answers, answers.size());
  if (!proficient(now)) {
    return familiar(now) ? MasteryLevel::familiar : MasteryLevel::attempted;
  }
  // Mastered: proficient now and already proficient at the end of an earlier day. What was
  // learnt must still be known after a night (Khan Academy asks for the same confirmation in
  // a later "mastery challenge").
  const std::string_view today = day_of(answers.back());
  for (std::size_t count = answers.size() - 1; count > 0; --count) {
    const std::string_view day = day_of(answers[count - 1]);
    if (day >= today) {
      continue;
    }
    // answers[count - 1] is the last answer of an earlier day.
    if (count == answers.size() || day_of(answers[count]) != day) {
      if (proficient(window_of(answers, count))) {
        return MasteryLevel::mastered;
      }
    }
  }
  return MasteryLevel::proficient;
}

}  // namespace imaginecole::learning
