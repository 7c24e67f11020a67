// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/question_form.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

namespace imaginecole::exercises {
namespace {

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string percent_text(double fraction) {
  // 1/3 credit shows as 33.33333, not 33.333333333333336.
  return number_text(std::round(fraction * 100 * 100000) / 100000);
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = trim(text.substr(start, end - start));
    if (!line.empty()) {
      out.emplace_back(line);
    }
    start = end + 1;
  }
  return out;
}

// Reading one form, collecting its problems.
class Reader {
 public:
  explicit Reader(const FormValues& form) : form_(form) {}

  std::string raw(std::string_view name) const {
    const auto found = form_.find(name);
    return found == form_.end() ? std::string() : found->second;
  }
  std::string text(std::string_view name, std::size_t limit = kMaxFormShortText) {
    std::string value(trim(raw(name)));
    if (value.size() > limit) {
      problem(name, "exercises_forms_error_too_long", std::to_string(limit));
    }
    return value;
  }
  bool flag(std::string_view name) const { return !trim(raw(name)).empty(); }
  // A number; `fallback` when empty; nullopt (and a problem) when not a number.
  std::optional<double> number(std::string_view name, double fallback) {
    const std::string text = raw(name);
    const std::string_view value = trim(text);
    if (value.empty()) {
      return fallback;
    }
    const auto parsed = parse_number(value);
    if (!parsed || !std::isfinite(*parsed)) {
      problem(name, "exercises_forms_error_not_a_number");
      return std::nullopt;
    }
    return parsed;
  }
  // A credit typed as a percentage ("100", "50 %", "-25"), as a fraction.
  double credit(std::string_view name, double fallback_percent) {
    std::string value(trim(raw(name)));
    if (!value.empty() && value.back() == '%') {
      value.pop_back();
    }
    if (trim(value).empty()) {
      return fallback_percent / 100;
    }
    const auto parsed = parse_number(trim(value));
    if (!parsed || !std::isfinite(*parsed)) {
      problem(name, "exercises_forms_error_not_a_number");
      return 0;
    }
    if (*parsed < -100 || *parsed > 100) {
      problem(name, "exercises_forms_error_credit_range");
      return 0;
    }
    return *parsed / 100;
  }
  // Is row `index` of `prefix` in use: one of its text parts (not a credit, tolerance or
  // multiplier, which have defaults) is filled.
  bool row_used(std::string_view prefix, std::size_t index) const {
    for (const std::string_view part : row_parts(prefix)) {
      if (part == "credit" || part == "tolerance" || part == "multiplier") {
        continue;
      }
      if (!trim(raw(row_field(prefix, index, part))).empty()) {
        return true;
      }
    }
    return false;
  }
  void problem(std::string_view field, std::string key, std::string detail = {}) {
    problems_.push_back(FormProblem{std::string(field), std::move(key), std::move(detail)});
  }
  std::vector<FormProblem>& problems() { return problems_; }

 private:
  const FormValues& form_;
  std::vector<FormProblem> problems_;
};

void read_choices(Reader& in, Question& q) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("choice", i)) {
      continue;
    }
    Choice choice;
    choice.text = in.text(row_field("choice", i, "text"));
    choice.fraction = in.credit(row_field("choice", i, "credit"), 0);
    choice.feedback = in.text(row_field("choice", i, "feedback"));
    if (choice.text.empty()) {
      in.problem(row_field("choice", i, "text"), "exercises_forms_error_text_missing");
    } else if (!seen.insert(choice.text).second) {
      in.problem(row_field("choice", i, "text"), "exercises_forms_error_duplicate");
    }
    q.choices.push_back(std::move(choice));
  }
  if (q.choices.size() < 2) {
    in.problem("choices", "exercises_forms_error_two_choices");
  } else if (std::none_of(q.choices.begin(), q.choices.end(),
                          [](const Choice& c) { return c.fraction > 0; })) {
    in.problem("choices", "exercises_forms_error_no_right_choice");
  }
}

void read_numeric(Reader& in, Question& q) {
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("number", i)) {
      continue;
    }
    NumericAnswer answer;
    const std::string value_field = row_field("number", i, "value");
    if (trim(in.raw(value_field)).empty()) {
      in.problem(value_field, "exercises_forms_error_value_missing");
    } else if (const auto value = in.number(value_field, 0)) {
      answer.value = *value;
    }
    const std::string tolerance_field = row_field("number", i, "tolerance");
    if (const auto tolerance = in.number(tolerance_field, 0)) {
      answer.tolerance = *tolerance;
      if (*tolerance < 0) {
        in.problem(tolerance_field, "exercises_forms_error_negative_tolerance");
      }
    }
    answer.fraction = in.credit(row_field("number", i, "credit"), 100);
    answer.feedback = in.text(row_field("number", i, "feedback"));
    q.numbers.push_back(std::move(answer));
  }
  if (std::none_of(q.numbers.begin(), q.numbers.end(),
                   [](const NumericAnswer& n) { return n.fraction > 0; })) {
    in.problem("numbers", "exercises_forms_error_no_right_number");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("unit", i)) {
      continue;
    }
    Unit unit;
    const std::string name_field = row_field("unit", i, "name");
    unit.name = in.text(name_field, 50);
    if (unit.name.empty()) {
      in.problem(name_field, "exercises_forms_error_text_missing");
    } else if (!seen.insert(unit.name).second) {
      in.problem(name_field, "exercises_forms_error_duplicate");
    }
    const std::string multiplier_field = row_field("unit", i, "multiplier");
    if (const auto multiplier = in.number(multiplier_field, 1)) {
      unit.multiplier = *multiplier;
      if (*multiplier <= 0) {
        in.problem(multiplier_field, "exercises_forms_error_multiplier");
      }
    }
    q.units.push_back(std::move(unit));
  }
  q.units_convertible = in.flag("units_convertible");
}

void read_rules(Reader& in, Question& q) {
  q.rules.case_sensitive = in.flag("case_sensitive");
  q.rules.accent_sensitive = in.flag("accent_sensitive");
  q.rules.collapse_spaces = in.flag("collapse_spaces");
}

void read_short_text(Reader& in, Question& q) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("text", i)) {
      continue;
    }
    TextAnswer answer;
    const std::string text_field = row_field("text", i, "text");
    answer.text = in.text(text_field);
    answer.fraction = in.credit(row_field("text", i, "credit"), 100);
    answer.feedback = in.text(row_field("text", i, "feedback"));
    if (answer.text.empty()) {
      in.problem(text_field, "exercises_forms_error_text_missing");
    } else if (!seen.insert(answer.text).second) {
      in.problem(text_field, "exercises_forms_error_duplicate");
    }
    q.texts.push_back(std::move(answer));
  }
  if (std::none_of(q.texts.begin(), q.texts.end(),
                   [](const TextAnswer& t) { return t.fraction > 0; })) {
    in.problem("texts", "exercises_forms_error_no_right_text");
  }
  read_rules(in, q);
}

void read_blanks(Reader& in, Question& q) {
  // Blank N is marked {{N}} in the prompt: rows keep their numbers, so only trailing empty
  // rows are dropped.
  std::size_t count = 0;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (in.row_used("blank", i)) {
      count = i + 1;
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    Blank blank;
    const std::string answers_field = row_field("blank", i, "answers");
    const std::string options_field = row_field("blank", i, "options");
    for (auto& line : split_lines(in.text(answers_field))) {
      blank.answers.push_back(TextAnswer{.text = std::move(line), .fraction = 1, .feedback = {}});
    }
    blank.options = split_lines(in.text(options_field));
    if (blank.answers.empty()) {
      in.problem(answers_field, "exercises_forms_error_blank_no_answer");
    } else if (!blank.options.empty()) {
      for (const auto& answer : blank.answers) {
        if (std::find(blank.options.begin(), blank.options.end(), answer.text) ==
            blank.options.end()) {
          in.problem(options_field, "exercises_forms_error_answer_not_option", answer.text);
          break;
        }
      }
    }
    if (q.prompt.find(blank_marker(i + 1)) == std::string::npos) {
      in.problem(answers_field, "exercises_forms_error_marker_missing", blank_marker(i + 1));
    }
    q.blanks.push_back(std::move(blank));
  }
  if (q.blanks.empty()) {
    in.problem("blanks", "exercises_forms_error_no_blank");
  }
  read_rules(in, q);
}

void read_matching(Reader& in, Question& q) {
  std::set<std::string> lefts;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("pair", i)) {
      continue;
    }
    MatchPair pair;
    const std::string left_field = row_field("pair", i, "left");
    const std::string right_field = row_field("pair", i, "right");
    pair.left = in.text(left_field);
    pair.right = in.text(right_field);
    if (pair.left.empty()) {
      in.problem(left_field, "exercises_forms_error_text_missing");
    } else if (!lefts.insert(pair.left).second) {
      in.problem(left_field, "exercises_forms_error_duplicate");
    }
    if (pair.right.empty()) {
      in.problem(right_field, "exercises_forms_error_text_missing");
    }
    q.pairs.push_back(std::move(pair));
  }
  if (q.pairs.size() < 2) {
    in.problem("pairs", "exercises_forms_error_two_pairs");
  }
  q.distractors = split_lines(in.text("distractors", kMaxFormLongText));
}

void read_ordering(Reader& in, Question& q) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    if (!in.row_used("item", i)) {
      continue;
    }
    const std::string field = row_field("item", i);
    std::string item = in.text(field);
    if (!seen.insert(item).second) {
      in.problem(field, "exercises_forms_error_duplicate");
    }
    q.items.push_back(std::move(item));
  }
  if (q.items.size() < 2) {
    in.problem("items", "exercises_forms_error_two_items");
  }
}

}  // namespace

std::string row_field(std::string_view prefix, std::size_t index, std::string_view part) {
  std::string out = std::string(prefix) + std::to_string(index);
  if (!part.empty()) {
    out += "_" + std::string(part);
  }
  return out;
}

const std::vector<std::string_view>& row_parts(std::string_view prefix) {
  static const std::vector<std::string_view> choice = {"text", "credit", "feedback"};
  static const std::vector<std::string_view> number = {"value", "tolerance", "credit", "feedback"};
  static const std::vector<std::string_view> unit = {"name", "multiplier"};
  static const std::vector<std::string_view> blank = {"answers", "options"};
  static const std::vector<std::string_view> pair = {"left", "right"};
  static const std::vector<std::string_view> item = {""};
  if (prefix == "choice" || prefix == "text") {
    return choice;
  }
  if (prefix == "number") {
    return number;
  }
  if (prefix == "unit") {
    return unit;
  }
  if (prefix == "blank") {
    return blank;
  }
  if (prefix == "pair") {
    return pair;
  }
  return item;
}

std::size_t used_rows(const FormValues& form, std::string_view prefix,
                      const std::vector<std::string_view>& parts) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < kMaxFormRows; ++i) {
    for (const std::string_view part : parts) {
      const auto found = form.find(row_field(prefix, i, part));
      if (found != form.end() && !trim(found->second).empty()) {
        count = i + 1;
      }
    }
  }
  return count;
}

namespace {

// An open answer: what the pupil's box starts with, about how many words, and the marking
// guide that only teachers see.
void read_essay(Reader& in, Question& q) {
  q.response_template = in.text("response_template", kMaxFormLongText);
  q.marking_guide = in.text("marking_guide", kMaxFormLongText);
  if (const auto words = in.number("expected_words", 0)) {
    if (*words < 0 || *words > 100000 || *words != std::floor(*words)) {
      in.problem("expected_words", "fidelity_forms_error_words");
    } else {
      q.expected_words = static_cast<int>(*words);
    }
  }
}

}  // namespace

FormValues form_values(const Question& q) {
  FormValues out;
  out["type"] = std::string(type_name(q.type));
  out["name"] = q.name;
  out["category"] = q.category;
  out["prompt"] = q.prompt;
  out["hints"] = join_lines(q.hints);
  out["solution"] = q.solution;
  out["general_feedback"] = q.general_feedback;
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    out[row_field("choice", i, "text")] = q.choices[i].text;
    out[row_field("choice", i, "credit")] = percent_text(q.choices[i].fraction);
    out[row_field("choice", i, "feedback")] = q.choices[i].feedback;
  }
  out["truth"] = q.truth ? "true" : "false";
  out["feedback_true"] = q.feedback_true;
  out["feedback_false"] = q.feedback_false;
  for (std::size_t i = 0; i < q.numbers.size(); ++i) {
    out[row_field("number", i, "value")] = number_text(q.numbers[i].value);
    out[row_field("number", i, "tolerance")] = number_text(q.numbers[i].tolerance);
    out[row_field("number", i, "credit")] = percent_text(q.numbers[i].fraction);
    out[row_field("number", i, "feedback")] = q.numbers[i].feedback;
  }
  for (std::size_t i = 0; i < q.units.size(); ++i) {
    out[row_field("unit", i, "name")] = q.units[i].name;
    out[row_field("unit", i, "multiplier")] = number_text(q.units[i].multiplier);
  }
  if (q.units_convertible) {
    out["units_convertible"] = "1";
  }
  for (std::size_t i = 0; i < q.texts.size(); ++i) {
    out[row_field("text", i, "text")] = q.texts[i].text;
    out[row_field("text", i, "credit")] = percent_text(q.texts[i].fraction);
    out[row_field("text", i, "feedback")] = q.texts[i].feedback;
  }
  if (q.rules.case_sensitive) {
    out["case_sensitive"] = "1";
  }
  if (q.rules.accent_sensitive) {
    out["accent_sensitive"] = "1";
  }
  if (q.rules.collapse_spaces) {
    out["collapse_spaces"] = "1";
  }
  for (std::size_t i = 0; i < q.blanks.size(); ++i) {
    std::vector<std::string> answers;
    for (const auto& answer : q.blanks[i].answers) {
      answers.push_back(answer.text);
    }
    out[row_field("blank", i, "answers")] = join_lines(answers);
    out[row_field("blank", i, "options")] = join_lines(q.blanks[i].options);
  }
  for (std::size_t i = 0; i < q.pairs.size(); ++i) {
    out[row_field("pair", i, "left")] = q.pairs[i].left;
    out[row_field("pair", i, "right")] = q.pairs[i].right;
  }
  out["distractors"] = join_lines(q.distractors);
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    out[row_field("item", i)] = q.items[i];
  }
  out["response_template"] = q.response_template;
  out["expected_words"] = q.expected_words > 0 ? std::to_string(q.expected_words) : std::string();
  out["marking_guide"] = q.marking_guide;
  return out;
}

ParsedQuestionForm parse_question_form(const FormValues& form) {
  Reader in(form);
  Question q;
  const auto type = parse_type(trim(in.raw("type")));
  if (!type) {
    in.problem("type", "exercises_forms_error_type");
  } else {
    q.type = *type;
  }
  q.name = in.text("name", 255);
  q.category = in.text("category", 200);
  q.prompt = in.text("prompt", kMaxFormLongText);
  if (q.prompt.empty()) {
    in.problem("prompt", "exercises_forms_error_required");
  }
  q.solution = in.text("solution", kMaxFormLongText);
  q.general_feedback = in.text("general_feedback", kMaxFormShortText);
  q.hints = split_lines(in.text("hints", kMaxFormLongText));
  for (const auto& hint : q.hints) {
    if (hint.size() > kMaxFormShortText) {
      in.problem("hints", "exercises_forms_error_too_long", std::to_string(kMaxFormShortText));
      break;
    }
  }
  if (type) {
    switch (q.type) {
      case QuestionType::single_choice:
      case QuestionType::multiple_choice:
        read_choices(in, q);
        break;
      case QuestionType::true_false:
        q.truth = in.raw("truth") != "false";
        q.feedback_true = in.text("feedback_true");
        q.feedback_false = in.text("feedback_false");
        break;
      case QuestionType::numeric:
        read_numeric(in, q);
        break;
      case QuestionType::short_text:
        read_short_text(in, q);
        break;
      case QuestionType::fill_blanks:
        read_blanks(in, q);
        break;
      case QuestionType::matching:
        read_matching(in, q);
        break;
      case QuestionType::ordering:
        read_ordering(in, q);
        break;
      case QuestionType::description:
        break;
      case QuestionType::essay:
        read_essay(in, q);
        break;
    }
  }
  // The shared validation has the last word (it also guards the API and the importers).
  if (in.problems().empty()) {
    if (const std::string error = validate(q); !error.empty()) {
      in.problem("form", "exercises_forms_error_invalid", error);
    }
  }
  return ParsedQuestionForm{.question = std::move(q), .problems = std::move(in.problems())};
}

}  // namespace imaginecole::exercises
