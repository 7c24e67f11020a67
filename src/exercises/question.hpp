// SPDX-License-Identifier: AGPL-3.0-or-later
// A question of the bank as a plain value: what the pupil sees (prompt, choices, hints, a worked
// solution), what counts as right (choices with fractions, numbers with a tolerance and units,
// accepted texts with matching rules, blanks, pairs, an order) and the feedback to show. The
// stable JSON form (question_to_json / question_from_json) is what snapshots, the API and
// resources.questions hold; grade() scores one answer without any I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::exercises {

enum class QuestionType {
  single_choice,
  multiple_choice,
  true_false,
  numeric,
  short_text,
  fill_blanks,
  matching,
  ordering,
  description,  // text only, never graded (Moodle "description", GIFT text without answers)
  essay,        // an open answer the pupil writes; a teacher marks it (never auto-graded)
};

std::string_view type_name(QuestionType type);
std::optional<QuestionType> parse_type(std::string_view name);
const std::vector<QuestionType>& all_types();

// A choice of a single or multiple choice question. `fraction` is the credit it gives (1 for
// the right answer, 0.5 for half credit, a negative value for a penalised wrong choice).
struct Choice {
  std::string text;
  double fraction = 0;
  std::string feedback;
  bool operator==(const Choice&) const = default;
};

// An accepted number: right when |given - value| <= tolerance.
struct NumericAnswer {
  double value = 0;
  double tolerance = 0;
  double fraction = 1;
  std::string feedback;
  bool operator==(const NumericAnswer&) const = default;
};

// A unit the answer may carry; the value is multiplied by `multiplier` to get the question's
// main unit (the first unit, multiplier 1). "cm" with 1 and "m" with 100: "0.12 m" is 12.
struct Unit {
  std::string name;
  double multiplier = 1;
  bool operator==(const Unit&) const = default;
};

// An accepted text (short answer, a blank). A short answer's text "*" alone is the catch-all
// (Moodle's): it matches any non-empty answer no other accepted text matched, so its credit
// and feedback ("Not quite: think of the capital") apply to every other answer.
inline constexpr std::string_view kCatchAllAnswer = "*";
struct TextAnswer {
  std::string text;
  double fraction = 1;
  std::string feedback;
  bool operator==(const TextAnswer&) const = default;
};

// How typed text is compared, set per question.
struct TextRules {
  bool case_sensitive = false;
  bool accent_sensitive = false;
  bool collapse_spaces = true;  // trims, and runs of spaces count as one
  bool operator==(const TextRules&) const = default;
};

// A blank of a fill-in-the-blanks question: typed (answers) or chosen from `options` (the
// right ones are those listed in answers).
struct Blank {
  std::vector<TextAnswer> answers;
  std::vector<std::string> options;
  bool operator==(const Blank&) const = default;
};

struct MatchPair {
  std::string left;
  std::string right;
  bool operator==(const MatchPair&) const = default;
};

// The marker of blank N (1-based) in a fill-in-the-blanks prompt: "{{1}}".
std::string blank_marker(std::size_t index);

struct Question {
  std::string id;
  QuestionType type = QuestionType::single_choice;
  std::string name;
  std::string prompt;  // Markdown; fill_blanks: with {{1}}, {{2}} where the blanks go
  std::string category;
  std::vector<Choice> choices;           // single_choice, multiple_choice
  bool truth = true;                     // true_false: the right answer
  std::string feedback_true;             // true_false: shown for the answer "true"
  std::string feedback_false;            //             and for "false"
  std::vector<NumericAnswer> numbers;    // numeric
  std::vector<Unit> units;               // numeric: empty means no unit expected
  bool units_convertible = true;         // numeric: "m" accepted for "cm" (known units)
  std::vector<TextAnswer> texts;         // short_text
  TextRules rules;                       // short_text, fill_blanks
  std::vector<Blank> blanks;             // fill_blanks
  std::vector<MatchPair> pairs;          // matching
  std::vector<std::string> distractors;  // matching: extra right-hand items
  std::vector<std::string> items;        // ordering, in the right order
  std::string response_template;         // essay: the text the pupil's box starts with
  int expected_words = 0;                // essay: about how many words (0: not said)
  std::string marking_guide;             // essay: for teachers only (Moodle "graderinfo")
  std::vector<std::string> hints;
  std::string solution;  // worked solution (Markdown)
  std::string general_feedback;
  std::vector<std::string> media;  // media-store hashes the prompt refers to
  bool operator==(const Question&) const = default;
};

// What a pupil answered. Which fields count depends on the question's type:
//  - single/multiple choice: `selected` (choice indexes);
//  - true/false: `truth`;
//  - numeric and short text: `text`;
//  - fill_blanks: `blanks` (one text per blank);
//  - matching: `matches` (the right-hand text chosen for each pair, in the pairs' order);
//  - ordering: `order` (item indexes, in the order the pupil put them);
//  - essay: `text` (what the pupil wrote).
struct Answer {
  std::vector<int> selected;
  std::optional<bool> truth;
  std::string text;
  std::vector<std::string> blanks;
  std::vector<std::string> matches;
  std::vector<int> order;
};

struct Grade {
  double score = 0;                   // 0..1
  bool correct = false;               // full marks
  bool graded = true;                 // false for a description and an essay
  bool needs_marking = false;         // an essay: score 0 until a teacher marks it
  std::vector<std::string> feedback;  // lines to show, in order
};

Grade grade(const Question& question, const Answer& answer);

// Checks that a question can be graded (right answers exist, fractions in range...).
// Returns an empty string when valid, else a message for people.
std::string validate(const Question& question);

// The stable JSON form. question_from_json throws InvalidInput with a clear message.
std::string question_to_json(const Question& question);
Question question_from_json(std::string_view json);
// A JSON array of questions (resources.questions).
std::string questions_to_json(const std::vector<Question>& questions);
std::vector<Question> questions_from_json(std::string_view json);

// --- helpers shared by grading and the importers, exposed for tests -------------------------

// Normalises a typed text for comparison under `rules`.
std::string normalize_text(std::string_view text, const TextRules& rules);
// "3,5", "3.5", " -12 ", "1e3", "1 000": a number; nullopt otherwise.
std::optional<double> parse_number(std::string_view text);
// A number and an optional unit: "12 cm", "0,12m", "42".
struct NumberWithUnit {
  double value = 0;
  std::string unit;
};
std::optional<NumberWithUnit> parse_number_with_unit(std::string_view text);
// The factor from `from` to `to` when both are known units of the same kind ("m" to "cm":
// 100); nullopt when unknown or of different kinds.
std::optional<double> unit_factor(std::string_view from, std::string_view to);
// The symbol of a unit written out: "hectares", "Hectare" -> "ha", "mètres" -> "m"; a symbol or
// an unknown word comes back trimmed (lower-cased when longer than three letters).
std::string unit_symbol(std::string_view name);

}  // namespace imaginecole::exercises
