// SPDX-License-Identifier: AGPL-3.0-or-later
// The question model's JSON form, its checks and the grading engine (see question.hpp).
#include "exercises/question.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "core/errors.hpp"

namespace imaginecole::exercises {
namespace {

namespace json = boost::json;

constexpr std::array<std::pair<QuestionType, std::string_view>, 10> kTypeNames{{
    {QuestionType::single_choice, "single_choice"},
    {QuestionType::multiple_choice, "multiple_choice"},
    {QuestionType::true_false, "true_false"},
    {QuestionType::numeric, "numeric"},
    {QuestionType::short_text, "short_text"},
    {QuestionType::fill_blanks, "fill_blanks"},
    {QuestionType::matching, "matching"},
    {QuestionType::ordering, "ordering"},
    {QuestionType::description, "description"},
    {QuestionType::essay, "essay"},
}};

// --- UTF-8 text folding ---------------------------------------------------------------------

std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = c;
    if (c >= 0xF0) {
      extra = 3;
      cp = c & 0x07U;
    } else if (c >= 0xE0) {
      extra = 2;
      cp = c & 0x0FU;
    } else if (c >= 0xC0) {
      extra = 1;
      cp = c & 0x1FU;
    } else if (c >= 0x80) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size() && extra != 0) {
      out.push_back(0xFFFD);
      break;
    }
    for (int k = 1; k <= extra; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3FU);
    }
    out.push_back(cp);
    i += 1 + static_cast<std::size_t>(extra);
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t to_lower(char32_t cp) {
  if (cp >= U'A' && cp <= U'Z') {
    return cp + 32;
  }
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
    return cp + 32;
  }
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149) {
    // Latin Extended-A pairs: even upper, odd lower, except the 0x139-0x148 and 0x179-0x17E
    // runs that start on odd code points.
    const bool odd_run = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (odd_run ? (cp % 2 == 1) : (cp % 2 == 0)) {
      return cp + 1;
    }
  }
  return cp;
}

// The base letters of an accented Latin letter; empty when it has none.
std::string_view strip_accent(char32_t cp) {
  // Latin-1 supplement, from 0xC0.
  static constexpr std::array<std::string_view, 64> kLatin1{
      "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
      "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "",  "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "",  "y"};
  if (cp >= 0xC0 && cp <= 0xFF) {
    return kLatin1[cp - 0xC0];
  }
  switch (cp) {
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
    case 0x100:
    case 0x102:
    case 0x104:
      return "A";
    case 0x101:
    case 0x103:
    case 0x105:
      return "a";
    case 0x106:
    case 0x10C:
      return "C";
    case 0x107:
    case 0x10D:
      return "c";
    case 0x112:
    case 0x116:
    case 0x118:
    case 0x11A:
      return "E";
    case 0x113:
    case 0x117:
    case 0x119:
    case 0x11B:
      return "e";
    case 0x11E:
      return "G";
    case 0x11F:
      return "g";
    case 0x12A:
      return "I";
    case 0x12B:
    case 0x131:
      return "i";
    case 0x141:
      return "L";
    case 0x142:
      return "l";
    case 0x143:
    case 0x147:
      return "N";
    case 0x144:
    case 0x148:
      return "n";
    case 0x14C:
    case 0x150:
      return "O";
    case 0x14D:
    case 0x151:
      return "o";
    case 0x158:
      return "R";
    case 0x159:
      return "r";
    case 0x15A:
    case 0x15E:
    case 0x160:
      return "S";
    case 0x15B:
    case 0x15F:
    case 0x161:
      return "s";
    case 0x16A:
    case 0x16E:
    case 0x170:
      return "U";
    case 0x16B:
    case 0x16F:
    case 0x171:
      return "u";
    case 0x179:
    case 0x17B:
    case 0x17D:
      return "Z";
    case 0x17A:
    case 0x17C:
    case 0x17E:
      return "z";
    default:
      return {};
  }
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0xA0 || cp == 0x202F ||
         cp == 0x2009;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// --- grading helpers ------------------------------------------------------------------------

bool close_enough(double given, double value, double tolerance) {
  const double slack = 1e-9 * std::max(1.0, std::fabs(value));
  return std::fabs(given - value) <= tolerance + slack;
}

double clamp01(double value) {
  return std::clamp(value, 0.0, 1.0);
}

void add_line(Grade& grade, const std::string& line) {
  if (!line.empty()) {
    grade.feedback.push_back(line);
  }
}

// The best accepted text matching `given`: its index, or -1.
int best_text(const std::vector<TextAnswer>& answers, std::string_view given,
              const TextRules& rules) {
  const std::string wanted = normalize_text(given, rules);
  if (wanted.empty()) {
    return -1;
  }
  int best = -1;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (normalize_text(answers[i].text, rules) == wanted &&
        (best < 0 || answers[i].fraction > answers[static_cast<std::size_t>(best)].fraction)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

Grade grade_single(const Question& question, const Answer& answer) {
  Grade grade;
  if (answer.selected.size() != 1) {
    return grade;
  }
  const int index = answer.selected.front();
  if (index < 0 || static_cast<std::size_t>(index) >= question.choices.size()) {
    return grade;
  }
  const Choice& choice = question.choices[static_cast<std::size_t>(index)];
  grade.score = clamp01(choice.fraction);
  add_line(grade, choice.feedback);
  return grade;
}

// Positive fractions share the credit; a wrong choice costs its negative fraction, or, when
// it has none (0), an equal share of the credit, so that ticking everything earns nothing.
Grade grade_multiple(const Question& question, const Answer& answer) {
  Grade grade;
  double positive_total = 0;
  int positive_count = 0;
  for (const Choice& choice : question.choices) {
    if (choice.fraction > 0) {
      positive_total += choice.fraction;
      ++positive_count;
    }
  }
  if (positive_count == 0) {
    return grade;
  }
  std::vector<bool> chosen(question.choices.size(), false);
  for (const int index : answer.selected) {
    if (index >= 0 && static_cast<std::size_t>(index) < question.choices.size()) {
      chosen[static_cast<std::size_t>(index)] = true;
    }
  }
  double score = 0;
  bool all_right = true;
  for (std::size_t i = 0; i < question.choices.size(); ++i) {
    const Choice& choice = question.choices[i];
    const bool right = choice.fraction > 0;
    if (chosen[i]) {
      add_line(grade, choice.feedback);
      if (right) {
        score += choice.fraction / positive_total;
      } else if (choice.fraction < 0) {
        score += choice.fraction;
        all_right = false;
      } else {
        score -= 1.0 / positive_count;
        all_right = false;
      }
    } else if (right) {
      all_right = false;
    }
  }
  grade.score = all_right ? 1.0 : clamp01(score);
  return grade;
}

Grade grade_true_false(const Question& question, const Answer& answer) {
  Grade grade;
  if (!answer.truth) {
    return grade;
  }
  grade.score = *answer.truth == question.truth ? 1.0 : 0.0;
  add_line(grade, *answer.truth ? question.feedback_true : question.feedback_false);
  return grade;
}

Grade grade_numeric(const Question& question, const Answer& answer) {
  Grade grade;
  const auto given = parse_number_with_unit(answer.text);
  if (!given) {
    return grade;
  }
  double value = given->value;
  if (!question.units.empty() && !given->unit.empty()) {
    std::optional<double> factor;
    const std::string given_unit = unit_symbol(given->unit);
    for (const Unit& unit : question.units) {
      if (unit.name == given->unit || unit_symbol(unit.name) == given_unit) {
        factor = unit.multiplier;
        break;
      }
    }
    if (!factor && question.units_convertible) {
      factor = unit_factor(given->unit, question.units.front().name);
    }
    if (!factor) {
      return grade;
    }
    value *= *factor;
  }
  const NumericAnswer* best = nullptr;
  for (const NumericAnswer& accepted : question.numbers) {
    if (close_enough(value, accepted.value, accepted.tolerance) &&
        (best == nullptr || accepted.fraction > best->fraction)) {
      best = &accepted;
    }
  }
  if (best != nullptr) {
    grade.score = clamp01(best->fraction);
    add_line(grade, best->feedback);
  }
  return grade;
}

bool is_catch_all(const TextAnswer& answer) {
  return trim(answer.text) == kCatchAllAnswer;
}

Grade grade_short_text(const Question& question, const Answer& answer) {
  Grade grade;
  int best = best_text(question.texts, answer.text, question.rules);
  if (best >= 0 && is_catch_all(question.texts[static_cast<std::size_t>(best)])) {
    best = -1;  // "*" typed by the pupil is an answer like any other, judged below
  }
  if (best < 0 && !normalize_text(answer.text, question.rules).empty()) {
    // The catch-all answers what no accepted text matched (the first one, as Moodle does).
    const auto catch_all = std::find_if(question.texts.begin(), question.texts.end(), is_catch_all);
    if (catch_all != question.texts.end()) {
      best = static_cast<int>(catch_all - question.texts.begin());
    }
  }
  if (best >= 0) {
    const TextAnswer& accepted = question.texts[static_cast<std::size_t>(best)];
    grade.score = clamp01(accepted.fraction);
    add_line(grade, accepted.feedback);
  }
  return grade;
}

Grade grade_fill_blanks(const Question& question, const Answer& answer) {
  Grade grade;
  if (question.blanks.empty()) {
    return grade;
  }
  double total = 0;
  for (std::size_t i = 0; i < question.blanks.size(); ++i) {
    const Blank& blank = question.blanks[i];
    const std::string given = i < answer.blanks.size() ? answer.blanks[i] : std::string();
    // A chosen option is compared as written (only spaces and case are forgiven).
    const TextRules rules = blank.options.empty() ? question.rules : TextRules{};
    const int best = best_text(blank.answers, given, rules);
    if (best >= 0) {
      const TextAnswer& accepted = blank.answers[static_cast<std::size_t>(best)];
      total += clamp01(accepted.fraction);
      add_line(grade, accepted.feedback);
    }
  }
  grade.score = total / static_cast<double>(question.blanks.size());
  return grade;
}

Grade grade_matching(const Question& question, const Answer& answer) {
  Grade grade;
  if (question.pairs.empty()) {
    return grade;
  }
  int right = 0;
  const TextRules rules;
  for (std::size_t i = 0; i < question.pairs.size(); ++i) {
    if (i < answer.matches.size() && !answer.matches[i].empty() &&
        normalize_text(answer.matches[i], rules) ==
            normalize_text(question.pairs[i].right, rules)) {
      ++right;
    }
  }
  grade.score = static_cast<double>(right) / static_cast<double>(question.pairs.size());
  return grade;
}

Grade grade_ordering(const Question& question, const Answer& answer) {
  Grade grade;
  if (question.items.empty()) {
    return grade;
  }
  int right = 0;
  for (std::size_t i = 0; i < question.items.size() && i < answer.order.size(); ++i) {
    if (answer.order[i] == static_cast<int>(i)) {
      ++right;
    }
  }
  grade.score = static_cast<double>(right) / static_cast<double>(question.items.size());
  return grade;
}

// --- JSON -----------------------------------------------------------------------------------

json::array string_array(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) {
    out.emplace_back(value);
  }
  return out;
}

json::array text_answers_json(const std::vector<TextAnswer>& answers) {
  json::array out;
  for (const auto& answer : answers) {
    out.push_back(json::object{
        {"text", answer.text}, {"fraction", answer.fraction}, {"feedback", answer.feedback}});
  }
  return out;
}

json::object rules_json(const TextRules& rules) {
  return json::object{{"case_sensitive", rules.case_sensitive},
                      {"accent_sensitive", rules.accent_sensitive},
                      {"collapse_spaces", rules.collapse_spaces}};
}

json::object to_json_object(const Question& question) {
  json::object out;
  if (!question.id.empty()) {
    out["id"] = question.id;
  }
  out["type"] = type_name(question.type);
  out["name"] = question.name;
  out["prompt"] = question.prompt;
  out["category"] = question.category;
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      json::array choices;
      for (const auto& choice : question.choices) {
        choices.push_back(json::object{
            {"text", choice.text}, {"fraction", choice.fraction}, {"feedback", choice.feedback}});
      }
      out["choices"] = std::move(choices);
      break;
    }
    case QuestionType::true_false:
      out["truth"] = question.truth;
      out["feedback_true"] = question.feedback_true;
      out["feedback_false"] = question.feedback_false;
      break;
    case QuestionType::numeric: {
      json::array numbers;
      for (const auto& number : question.numbers) {
        numbers.push_back(json::object{{"value", number.value},
                                       {"tolerance", number.tolerance},
                                       {"fraction", number.fraction},
                                       {"feedback", number.feedback}});
      }
      out["numbers"] = std::move(numbers);
      json::array units;
      for (const auto& unit : question.units) {
        units.push_back(json::object{{"name", unit.name}, {"multiplier", unit.multiplier}});
      }
      out["units"] = std::move(units);
      out["units_convertible"] = question.units_convertible;
      break;
    }
    case QuestionType::short_text:
      out["texts"] = text_answers_json(question.texts);
      out["rules"] = rules_json(question.rules);
      break;
    case QuestionType::fill_blanks: {
      json::array blanks;
      for (const auto& blank : question.blanks) {
        blanks.push_back(json::object{{"answers", text_answers_json(blank.answers)},
                                      {"options", string_array(blank.options)}});
      }
      out["blanks"] = std::move(blanks);
      out["rules"] = rules_json(question.rules);
      break;
    }
    case QuestionType::matching: {
      json::array pairs;
      for (const auto& pair : question.pairs) {
        pairs.push_back(json::object{{"left", pair.left}, {"right", pair.right}});
      }
      out["pairs"] = std::move(pairs);
      out["distractors"] = string_array(question.distractors);
      break;
    }
    case QuestionType::ordering:
      out["items"] = string_array(question.items);
      break;
    case QuestionType::description:
      break;
    case QuestionType::essay:
      out["response_template"] = question.response_template;
      out["expected_words"] = question.expected_words;
      out["marking_guide"] = question.marking_guide;
      break;
  }
  out["hints"] = string_array(question.hints);
  out["solution"] = question.solution;
  out["general_feedback"] = question.general_feedback;
  out["media"] = string_array(question.media);
  return out;
}

// Reading, with the path of the member in every message ("choices[2].fraction").
class Reader {
 public:
  Reader(const json::object& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string text(std::string_view key, bool required = false) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr || value->is_null()) {
      if (required) {
        throw InvalidInput(where(key) + " is missing");
      }
      return {};
    }
    if (!value->is_string()) {
      throw InvalidInput(where(key) + " must be a string");
    }
    return std::string(value->as_string());
  }

  double number(std::string_view key, double fallback) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr || value->is_null()) {
      return fallback;
    }
    if (!value->is_number()) {
      throw InvalidInput(where(key) + " must be a number");
    }
    const double out = value->to_number<double>();
    if (!std::isfinite(out)) {
      throw InvalidInput(where(key) + " must be a finite number");
    }
    return out;
  }

  bool boolean(std::string_view key, bool fallback) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr || value->is_null()) {
      return fallback;
    }
    if (!value->is_bool()) {
      throw InvalidInput(where(key) + " must be true or false");
    }
    return value->as_bool();
  }

  const json::array* array(std::string_view key) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr || value->is_null()) {
      return nullptr;
    }
    if (!value->is_array()) {
      throw InvalidInput(where(key) + " must be an array");
    }
    return &value->as_array();
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    if (const json::array* values = array(key)) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        if (!(*values)[i].is_string()) {
          throw InvalidInput(where(key) + "[" + std::to_string(i) + "] must be a string");
        }
        out.emplace_back((*values)[i].as_string());
      }
    }
    return out;
  }

  // Each element of the array as an object reader.
  template <typename F>
  void each(std::string_view key, F&& f) const {
    if (const json::array* values = array(key)) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        const std::string path = where(key) + "[" + std::to_string(i) + "]";
        if (!(*values)[i].is_object()) {
          throw InvalidInput(path + " must be an object");
        }
        f(Reader((*values)[i].as_object(), path));
      }
    }
  }

  std::optional<Reader> child(std::string_view key) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr || value->is_null()) {
      return std::nullopt;
    }
    if (!value->is_object()) {
      throw InvalidInput(where(key) + " must be an object");
    }
    return Reader(value->as_object(), where(key));
  }

 private:
  std::string where(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const json::object& object_;
  std::string path_;
};

std::vector<TextAnswer> read_text_answers(const Reader& reader, std::string_view key) {
  std::vector<TextAnswer> out;
  reader.each(key, [&](const Reader& item) {
    out.push_back(TextAnswer{.text = item.text("text", true),
                             .fraction = item.number("fraction", 1),
                             .feedback = item.text("feedback")});
  });
  return out;
}

TextRules read_rules(const Reader& reader) {
  TextRules rules;
  if (const auto child = reader.child("rules")) {
    rules.case_sensitive = child->boolean("case_sensitive", false);
    rules.accent_sensitive = child->boolean("accent_sensitive", false);
    rules.collapse_spaces = child->boolean("collapse_spaces", true);
  }
  return rules;
}

Question from_json_object(const json::object& object, const std::string& path) {
  const Reader reader(object, path);
  Question question;
  question.id = reader.text("id");
  const std::string type = reader.text("type", true);
  const auto parsed_type = parse_type(type);
  if (!parsed_type) {
    throw InvalidInput((path.empty() ? std::string() : path + ".") + "type \"" + type +
                       "\" is not a question type");
  }
  question.type = *parsed_type;
  question.name = reader.text("name");
  question.prompt = reader.text("prompt");
  question.category = reader.text("category");
  reader.each("choices", [&](const Reader& item) {
    question.choices.push_back(Choice{.text = item.text("text", true),
                                      .fraction = item.number("fraction", 0),
                                      .feedback = item.text("feedback")});
  });
  question.truth = reader.boolean("truth", true);
  question.feedback_true = reader.text("feedback_true");
  question.feedback_false = reader.text("feedback_false");
  reader.each("numbers", [&](const Reader& item) {
    question.numbers.push_back(NumericAnswer{.value = item.number("value", 0),
                                             .tolerance = item.number("tolerance", 0),
                                             .fraction = item.number("fraction", 1),
                                             .feedback = item.text("feedback")});
  });
  reader.each("units", [&](const Reader& item) {
    question.units.push_back(
        Unit{.name = item.text("name", true), .multiplier = item.number("multiplier", 1)});
  });
  question.units_convertible = reader.boolean("units_convertible", true);
  question.texts = read_text_answers(reader, "texts");
  question.rules = read_rules(reader);
  reader.each("blanks", [&](const Reader& item) {
    question.blanks.push_back(
        Blank{.answers = read_text_answers(item, "answers"), .options = item.strings("options")});
  });
  reader.each("pairs", [&](const Reader& item) {
    question.pairs.push_back(
        MatchPair{.left = item.text("left", true), .right = item.text("right", true)});
  });
  question.distractors = reader.strings("distractors");
  question.items = reader.strings("items");
  question.response_template = reader.text("response_template");
  const double words = reader.number("expected_words", 0);
  if (words < 0 || words > 100000 || words != std::floor(words)) {
    throw InvalidInput((path.empty() ? std::string() : path + ".") +
                       "expected_words must be a whole number from 0 to 100000");
  }
  question.expected_words = static_cast<int>(words);
  question.marking_guide = reader.text("marking_guide");
  question.hints = reader.strings("hints");
  question.solution = reader.text("solution");
  question.general_feedback = reader.text("general_feedback");
  question.media = reader.strings("media");
  return question;
}

json::value parse_json(std::string_view text) {
  json::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) {
    throw InvalidInput("the question is not valid JSON: " + ec.message());
  }
  return value;
}

}  // namespace

std::string_view type_name(QuestionType type) {
  for (const auto& [value, name] : kTypeNames) {
    if (value == type) {
      return name;
    }
  }
  return "description";
}

std::optional<QuestionType> parse_type(std::string_view name) {
  for (const auto& [value, type_text] : kTypeNames) {
    if (type_text == name) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<QuestionType>& all_types() {
  static const std::vector<QuestionType> types = [] {
    std::vector<QuestionType> out;
    for (const auto& entry : kTypeNames) {
      out.push_back(entry.first);
    }
    return out;
  }();
  return types;
}

std::string blank_marker(std::size_t index) {
  return "{{" + std::to_string(index) + "}}";
}

std::string normalize_text(std::string_view text, const TextRules& rules) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t cp : decode_utf8(text)) {
    if (cp >= 0x300 && cp <= 0x36F) {  // combining accents (decomposed input)
      if (rules.accent_sensitive) {
        append_utf8(out, cp);
      }
      continue;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x2BC) {
      cp = U'\'';
    }
    if (rules.collapse_spaces && is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (!rules.case_sensitive) {
      cp = to_lower(cp);
    }
    if (!rules.accent_sensitive) {
      const std::string_view base = strip_accent(cp);
      if (!base.empty()) {
        if (rules.case_sensitive) {
          out += base;
        } else {
          for (const char c : base) {
            out.push_back(static_cast<char>(to_lower(static_cast<unsigned char>(c))));
          }
        }
        continue;
      }
    }
    append_utf8(out, cp);
  }
  return out;
}

std::optional<double> parse_number(std::string_view text) {
  std::string digits;
  for (char32_t cp : decode_utf8(text)) {
    if (is_space(cp)) {
      continue;  // "1 000" and surrounding spaces
    }
    if (cp == 0x2212) {  // minus sign
      cp = U'-';
    }
    if (cp >= 0x80) {
      return std::nullopt;
    }
    digits.push_back(static_cast<char>(cp));
  }
  if (digits.empty()) {
    return std::nullopt;
  }
  const auto comma = digits.find(',');
  if (comma != std::string::npos) {
    if (digits.find('.') != std::string::npos || digits.find(',', comma + 1) != std::string::npos) {
      return std::nullopt;  // "1,234.5" or "1,2,3": ambiguous
    }
    digits[comma] = '.';
  }
  const char* begin = digits.data();
  if (*begin == '+') {
    ++begin;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(begin, digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<NumberWithUnit> parse_number_with_unit(std::string_view text) {
  const std::string trimmed = trim(text);
  // The number ends where a letter starts (an "e" followed by a digit or sign is an exponent).
  std::size_t split = trimmed.size();
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    const auto c = static_cast<unsigned char>(trimmed[i]);
    const bool digit_or_mark = (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' ||
                               c == '+' || c == ' ' || c == '\t';
    if (digit_or_mark) {
      continue;
    }
    if ((c == 'e' || c == 'E') && i > 0 && i + 1 < trimmed.size() &&
        ((trimmed[i + 1] >= '0' && trimmed[i + 1] <= '9') || trimmed[i + 1] == '-' ||
         trimmed[i + 1] == '+')) {
      continue;
    }
    if (c == 0xC2 && i + 1 < trimmed.size() &&
        static_cast<unsigned char>(trimmed[i + 1]) == 0xA0) {  // no-break space
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < trimmed.size() && static_cast<unsigned char>(trimmed[i + 1]) == 0x80 &&
        static_cast<unsigned char>(trimmed[i + 2]) == 0xAF) {  // narrow no-break space
      i += 2;
      continue;
    }
    split = i;
    break;
  }
  const auto value = parse_number(std::string_view(trimmed).substr(0, split));
  if (!value) {
    return std::nullopt;
  }
  return NumberWithUnit{.value = *value, .unit = trim(std::string_view(trimmed).substr(split))};
}

std::string unit_symbol(std::string_view name) {
  // Written-out names (French and English, singular or plural, any case) of the known units:
  // a pupil types "9 hectares" where the question says "ha".
  struct Alias {
    std::string_view word;
    std::string_view symbol;
  };
  static constexpr std::array<Alias, 26> kAliases{{
      {"kilometre", "km"},  {"kilomètre", "km"},  {"metre", "m"},       {"mètre", "m"},
      {"meter", "m"},       {"centimetre", "cm"}, {"centimètre", "cm"}, {"millimetre", "mm"},
      {"millimètre", "mm"}, {"tonne", "t"},       {"kilogramme", "kg"}, {"kilogram", "kg"},
      {"kilo", "kg"},       {"gramme", "g"},      {"gram", "g"},        {"litre", "L"},
      {"liter", "L"},       {"heure", "h"},       {"hour", "h"},        {"minute", "min"},
      {"seconde", "s"},     {"second", "s"},      {"hectare", "ha"},    {"are", "a"},
      {"centilitre", "cL"}, {"millilitre", "mL"},
  }};
  std::string word = trim(name);
  if (word.size() <= 3) {
    return word;  // symbols keep their case: "mL" and "ml", "t"
  }
  for (char& c : word) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto& alias : kAliases) {
    if (word == alias.word || (word.size() == alias.word.size() + 1 && word.back() == 's' &&
                               word.starts_with(alias.word))) {
      return std::string(alias.symbol);
    }
  }
  return word;
}

std::optional<double> unit_factor(std::string_view from_name, std::string_view to_name) {
  const std::string from = unit_symbol(from_name);
  const std::string to = unit_symbol(to_name);
  struct KnownUnit {
    std::string_view name;
    std::string_view kind;
    double base;
  };
  static constexpr std::array<KnownUnit, 22> kUnits{{
      {"km", "length", 1000},  {"hm", "length", 100},   {"dam", "length", 10},
      {"m", "length", 1},      {"dm", "length", 0.1},   {"cm", "length", 0.01},
      {"mm", "length", 0.001}, {"t", "mass", 1e6},      {"kg", "mass", 1000},
      {"g", "mass", 1},        {"mg", "mass", 0.001},   {"L", "volume", 1},
      {"l", "volume", 1},      {"dL", "volume", 0.1},   {"cL", "volume", 0.01},
      {"mL", "volume", 0.001}, {"ml", "volume", 0.001}, {"h", "time", 3600},
      {"min", "time", 60},     {"s", "time", 1},        {"ha", "area", 10000},
      {"a", "area", 100},
  }};
  const KnownUnit* a = nullptr;
  const KnownUnit* b = nullptr;
  for (const auto& unit : kUnits) {
    if (unit.name == from) {
      a = &unit;
    }
    if (unit.name == to) {
      b = &unit;
    }
  }
  if (a == nullptr || b == nullptr || a->kind != b->kind) {
    return std::nullopt;
  }
  return a->base / b->base;
}

Grade grade(const Question& question, const Answer& answer) {
  Grade out;
  switch (question.type) {
    case QuestionType::single_choice:
      out = grade_single(question, answer);
      break;
    case QuestionType::multiple_choice:
      out = grade_multiple(question, answer);
      break;
    case QuestionType::true_false:
      out = grade_true_false(question, answer);
      break;
    case QuestionType::numeric:
      out = grade_numeric(question, answer);
      break;
    case QuestionType::short_text:
      out = grade_short_text(question, answer);
      break;
    case QuestionType::fill_blanks:
      out = grade_fill_blanks(question, answer);
      break;
    case QuestionType::matching:
      out = grade_matching(question, answer);
      break;
    case QuestionType::ordering:
      out = grade_ordering(question, answer);
      break;
    case QuestionType::description:
      out.graded = false;
      break;
    case QuestionType::essay:
      // Never graded by the machine: recorded with score 0 until a teacher marks it.
      out.graded = false;
      out.needs_marking = true;
      break;
  }
  out.correct = out.graded && out.score >= 1.0 - 1e-9;
  add_line(out, question.general_feedback);
  return out;
}

std::string validate(const Question& question) {
  if (trim(question.prompt).empty()) {
    return "The question has no text.";
  }
  if (question.name.size() > 255) {
    return "The name is longer than 255 characters.";
  }
  const auto has_credit = [](const auto& answers) {
    return std::any_of(answers.begin(), answers.end(),
                       [](const auto& answer) { return answer.fraction > 0; });
  };
  const auto fractions_ok = [](const auto& answers) {
    return std::all_of(answers.begin(), answers.end(), [](const auto& answer) {
      return answer.fraction >= -1.0 && answer.fraction <= 1.0;
    });
  };
  switch (question.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice:
      if (question.choices.size() < 2) {
        return "A choice question needs at least two choices.";
      }
      if (!has_credit(question.choices)) {
        return "No choice is marked right.";
      }
      if (!fractions_ok(question.choices)) {
        return "A choice's credit must be between -100% and 100%.";
      }
      for (const auto& choice : question.choices) {
        if (trim(choice.text).empty()) {
          return "A choice is empty.";
        }
      }
      break;
    case QuestionType::true_false:
      break;
    case QuestionType::numeric:
      if (!has_credit(question.numbers)) {
        return "No number is accepted as right.";
      }
      for (const auto& number : question.numbers) {
        if (number.tolerance < 0 || !std::isfinite(number.value)) {
          return "A tolerance cannot be negative.";
        }
      }
      break;
    case QuestionType::short_text:
      if (!has_credit(question.texts)) {
        return "No answer is accepted as right.";
      }
      for (const auto& text : question.texts) {
        if (trim(text.text).empty()) {
          return "An accepted answer is empty.";
        }
      }
      break;
    case QuestionType::fill_blanks:
      if (question.blanks.empty()) {
        return "The text has no blank.";
      }
      for (std::size_t i = 0; i < question.blanks.size(); ++i) {
        if (!has_credit(question.blanks[i].answers)) {
          return "Blank " + std::to_string(i + 1) + " has no right answer.";
        }
        if (question.prompt.find(blank_marker(i + 1)) == std::string::npos) {
          return "The text does not show where blank " + std::to_string(i + 1) + " goes (" +
                 blank_marker(i + 1) + ").";
        }
      }
      break;
    case QuestionType::matching:
      if (question.pairs.size() < 2) {
        return "A matching question needs at least two pairs.";
      }
      for (const auto& pair : question.pairs) {
        if (trim(pair.left).empty() || trim(pair.right).empty()) {
          return "A pair has an empty side.";
        }
      }
      break;
    case QuestionType::ordering:
      if (question.items.size() < 2) {
        return "An ordering question needs at least two items.";
      }
      break;
    case QuestionType::description:
      break;
    case QuestionType::essay:
      if (question.expected_words < 0) {
        return "The expected number of words cannot be negative.";
      }
      break;
  }
  return {};
}

std::string question_to_json(const Question& question) {
  return json::serialize(to_json_object(question));
}

Question question_from_json(std::string_view text) {
  const json::value value = parse_json(text);
  if (!value.is_object()) {
    throw InvalidInput("a question must be a JSON object");
  }
  return from_json_object(value.as_object(), "");
}

std::string questions_to_json(const std::vector<Question>& questions) {
  json::array out;
  for (const auto& question : questions) {
    out.push_back(to_json_object(question));
  }
  return json::serialize(out);
}

std::vector<Question> questions_from_json(std::string_view text) {
  const json::value value = parse_json(text);
  if (!value.is_array()) {
    throw InvalidInput("the questions must be a JSON array");
  }
  std::vector<Question> out;
  for (std::size_t i = 0; i < value.as_array().size(); ++i) {
    const json::value& item = value.as_array()[i];
    const std::string path = "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      throw InvalidInput(path + " must be an object");
    }
    out.push_back(from_json_object(item.as_object(), path));
  }
  return out;
}

}  // namespace imaginecole::exercises
