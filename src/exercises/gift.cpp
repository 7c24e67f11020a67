// SPDX-License-Identifier: AGPL-3.0-or-later
// GIFT, Moodle's plain-text question format, read and written the way Moodle's own importer
// (question/format/gift/format.php) reads it: questions separated by blank lines, `//`
// comment lines, `$CATEGORY:`, `::title::`, `[html]`/`[markdown]`/`[plain]` formats, the
// answers between the braces (`=` right, `~` wrong or weighted `~%50%`, `#` feedback, `####`
// general feedback), escapes `\~ \= \# \{ \} \:` and `\n`. Text after the braces makes a
// "missing word" question: the braces become `_____` in the prompt. Empty braces `{}` make an
// essay (an open answer). A question whose [html] shows a picture is skipped (GIFT carries no
// picture file, decision 0014); \(x\) maths become $x$.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"

namespace imaginecole::exercises {
namespace {

constexpr std::string_view kSpecial = "~=#{}:";

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// Position of the first `c` not preceded by a backslash, from `from`.
std::size_t find_unescaped(std::string_view text, char c, std::size_t from = 0) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == c) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::size_t find_unescaped_str(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text.substr(i, needle.size()) == needle) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::size_t rfind_unescaped(std::string_view text, char c) {
  std::size_t found = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == c) {
      found = i;
    }
  }
  return found;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[i + 1];
      if (kSpecial.find(next) != std::string_view::npos || next == '\\') {
        out.push_back(next);
        ++i;
        continue;
      }
      if (next == 'n') {
        out.push_back('\n');
        ++i;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') {
      continue;
    }
    if (kSpecial.find(c) != std::string_view::npos || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

// Text with an optional leading [format] tag, as the question's Markdown.
struct Formatted {
  std::string text;
  bool was_html = false;
  bool dropped_picture = false;  // an <img> of the HTML: GIFT carries no picture file
};

Formatted read_formatted(std::string_view raw, std::string_view inherited_format) {
  std::string text = trim(raw);
  std::string format(inherited_format);
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close != std::string::npos) {
      const std::string tag = text.substr(1, close - 1);
      if (tag == "html" || tag == "markdown" || tag == "plain" || tag == "moodle") {
        format = tag;
        text = trim(text.substr(close + 1));
      }
    }
  }
  Formatted out;
  if (format == "html") {
    bool converted = false;
    const std::string html = unescape(text);
    out.text = trim(html_to_text(html, &converted));
    out.was_html = converted;
    std::string lower(html);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.dropped_picture = lower.find("<img") != std::string::npos;
  } else {
    out.text = trim(tex_delimiters_to_dollars(unescape(text)));
  }
  // Continuation lines are indented in files; the indentation is not text.
  std::string tidy;
  bool line_start = false;
  for (const char c : out.text) {
    if (line_start && (c == ' ' || c == '\t')) {
      continue;
    }
    line_start = c == '\n';
    tidy.push_back(c);
  }
  out.text = std::move(tidy);
  return out;
}

std::string format_tag(std::string_view text) {
  const std::string trimmed = trim(text);
  if (trimmed.starts_with('[')) {
    const auto close = trimmed.find(']');
    if (close != std::string::npos) {
      return trimmed.substr(1, close - 1);
    }
  }
  return {};
}

// One answer of the braces: marker (= ~), weight, text, feedback.
struct Token {
  char marker = '=';
  std::optional<double> weight;
  std::string text;  // raw (still escaped)
  std::string feedback;
};

std::vector<Token> split_tokens(std::string_view answers) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const char c = answers[i];
    if (c == '\\') {
      if (!tokens.empty()) {
        tokens.back().text.push_back(c);
        if (i + 1 < answers.size()) {
          tokens.back().text.push_back(answers[i + 1]);
        }
      }
      ++i;
      continue;
    }
    if (c == '=' || c == '~') {
      // "->" in a matching pair is not a marker; nor is "=" inside it.
      tokens.push_back(Token{.marker = c});
      continue;
    }
    if (!tokens.empty()) {
      tokens.back().text.push_back(c);
    }
  }
  for (Token& token : tokens) {
    std::string text = token.text;
    const std::string trimmed = trim(text);
    text = trimmed;
    if (text.starts_with('%')) {
      const auto close = text.find('%', 1);
      if (close != std::string::npos) {
        const auto weight = parse_number(text.substr(1, close - 1));
        if (weight) {
          token.weight = *weight / 100.0;
          text = text.substr(close + 1);
        }
      }
    }
    const auto hash = find_unescaped(text, '#');
    if (hash != std::string::npos) {
      token.feedback = text.substr(hash + 1);
      text = text.substr(0, hash);
    }
    token.text = trim(text);
  }
  return tokens;
}

// Matching pairs are "=left -> right": the "=" markers split them and "->" is kept in text;
// split_tokens treats "-" + ">" as text, so nothing else is needed.

std::string first_words(std::string_view text) {
  std::string out = trim(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  if (out.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    out = out.substr(0, cut) + "...";
  }
  return out;
}

class GiftQuestionReader {
 public:
  GiftQuestionReader(std::string_view block, std::string category)
      : block_(block), category_(std::move(category)) {}

  BankEntry read(int index) {
    BankEntry entry;
    entry.index = index;
    std::string text = trim(block_);
    std::string title;
    if (text.starts_with("::")) {
      const auto end = find_unescaped_str(std::string_view(text).substr(2), "::");
      if (end == std::string::npos) {
        entry.name = first_words(text);
        entry.reason = "the title is not closed (::title::)";
        return entry;
      }
      title = trim(unescape(text.substr(2, end)));
      text = trim(text.substr(end + 4));
    }
    const auto open = find_unescaped(text, '{');
    const auto close = rfind_unescaped(text, '}');
    const std::string question_format = format_tag(text);
    question_format_ = question_format;
    Question question;
    question.category = category_;
    if (open == std::string::npos && close == std::string::npos) {
      const Formatted prompt = read_formatted(text, "");
      entry.name = title.empty() ? first_words(prompt.text) : title;
      question.type = QuestionType::description;
      question.name = entry.name;
      question.prompt = prompt.text;
      note_html(entry, prompt);
      return finish(std::move(entry), std::move(question));
    }
    entry.name =
        title.empty() ? first_words(unescape(text.substr(0, std::min(open, close)))) : title;
    if (open == std::string::npos || close == std::string::npos || close < open ||
        find_unescaped(text, '{', open + 1) < close) {
      entry.reason = "unbalanced braces: each question needs one { and its }";
      return entry;
    }
    const std::string before = text.substr(0, open);
    const std::string after = trim(text.substr(close + 1));
    std::string answers = text.substr(open + 1, close - open - 1);
    // "####" starts the general feedback.
    if (const auto general = find_unescaped_str(answers, "####"); general != std::string::npos) {
      const Formatted feedback = read_formatted(answers.substr(general + 4), question_format);
      question.general_feedback = feedback.text;
      note_html(entry, feedback);
      answers = answers.substr(0, general);
    }
    std::string prompt_raw = trim(before);
    if (!after.empty()) {
      prompt_raw += " _____ " + after;
      if (after.starts_with('.') || after.starts_with(',') || after.starts_with(';')) {
        prompt_raw = trim(before) + " _____" + after;
      }
    }
    const Formatted prompt = read_formatted(prompt_raw, "");
    note_html(entry, prompt);
    question.prompt = prompt.text;
    question.name = title.empty() ? first_words(prompt.text) : title;
    entry.name = question.name;

    const std::string body = trim(answers);
    if (body.empty()) {
      // "{}": Moodle's essay, an open answer.
      question.type = QuestionType::essay;
      return finish(std::move(entry), std::move(question));
    }
    std::string error;
    if (body.starts_with('#')) {
      error = read_numeric(body.substr(1), question, entry);
    } else if (is_true_false(body)) {
      error = read_true_false(body, question, entry);
    } else {
      const auto tokens = split_tokens(body);
      if (tokens.empty()) {
        error = "no answer in the braces";
      } else if (find_unescaped_str(body, "->") != std::string::npos) {
        error = read_matching(tokens, question, entry);
      } else if (find_unescaped(body, '~') != std::string::npos) {
        error = read_choices(tokens, body, question, entry);
      } else {
        error = read_short(tokens, question, entry);
      }
    }
    if (!error.empty()) {
      entry.reason = error;
      return entry;
    }
    return finish(std::move(entry), std::move(question));
  }

 private:
  BankEntry finish(BankEntry entry, Question question) {
    if (!entry.reason.empty()) {
      return entry;  // a part of it could not be kept (a picture)
    }
    const std::string invalid = validate(question);
    if (!invalid.empty()) {
      entry.reason = invalid;
      return entry;
    }
    entry.question = std::move(question);
    return entry;
  }

  // What the conversion of an [html] text lost, said once per question.
  static void note_html(BankEntry& entry, const Formatted& text) {
    const auto say = [](std::vector<std::string>& lines, const char* line) {
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) {
        lines.emplace_back(line);
      }
    };
    if (text.was_html) {
      say(entry.notes, "HTML converted to plain text");
    }
    if (text.dropped_picture && entry.reason.empty()) {
      // Decision 0014: a question is never imported without its pictures.
      entry.reason =
          "it shows a picture (<img>), and a GIFT file carries no picture: import the bank as "
          "Moodle XML, or add the question by hand with its picture from the media library";
    }
  }

  std::string formatted(std::string_view raw, BankEntry& entry) {
    const Formatted out = read_formatted(raw, question_format_);
    note_html(entry, out);
    return out.text;
  }

  static bool is_true_false(std::string_view body) {
    const auto hash = find_unescaped(body, '#');
    const std::string word = trim(body.substr(0, hash));
    return word == "T" || word == "F" || word == "TRUE" || word == "FALSE";
  }

  std::string read_true_false(std::string_view body, Question& question, BankEntry& entry) {
    question.type = QuestionType::true_false;
    const auto hash = find_unescaped(body, '#');
    const std::string word = trim(body.substr(0, hash));
    question.truth = word == "T" || word == "TRUE";
    if (hash != std::string::npos) {
      // {TRUE#shown when wrong#shown when right}
      const std::string_view rest = body.substr(hash + 1);
      const auto second = find_unescaped(rest, '#');
      const std::string wrong = formatted(rest.substr(0, second), entry);
      const std::string right =
          second == std::string::npos ? std::string() : formatted(rest.substr(second + 1), entry);
      (question.truth ? question.feedback_false : question.feedback_true) = wrong;
      (question.truth ? question.feedback_true : question.feedback_false) = right;
    }
    return {};
  }

  std::string read_numeric(std::string_view body, Question& question, BankEntry& entry) {
    question.type = QuestionType::numeric;
    std::string trimmed = trim(body);
    if (!trimmed.starts_with('=') && !trimmed.starts_with('~') &&
        find_unescaped(trimmed, '~') != std::string::npos) {
      // {#3:2~#Completely wrong}: one right number, then wrong ones; read as {#=3:2 ~#…}.
      trimmed = "=" + trimmed;
    }
    const bool several = trimmed.starts_with('=') || trimmed.starts_with('~');
    if (!several) {
      std::string text = trimmed;
      std::string feedback;
      if (const auto hash = find_unescaped(text, '#'); hash != std::string::npos) {
        feedback = formatted(text.substr(hash + 1), entry);
        text = text.substr(0, hash);
      }
      auto number = read_range(trim(text));
      if (!number) {
        return "the number \"" + trim(text) + "\" cannot be read";
      }
      number->feedback = feedback;
      question.numbers.push_back(*number);
      return {};
    }
    for (const Token& token : split_tokens(trimmed)) {
      if (token.marker == '~') {
        if (token.text.empty()) {
          entry.notes.emplace_back("feedback for other numbers dropped");
          continue;
        }
        return "wrong numeric answers (~" + token.text + ") are not supported";
      }
      auto number = read_range(token.text);
      if (!number) {
        return "the number \"" + token.text + "\" cannot be read";
      }
      number->fraction = token.weight.value_or(1.0);
      number->feedback = formatted(token.feedback, entry);
      question.numbers.push_back(*number);
    }
    return {};
  }

  // "3.14:0.01", "1..5", "1822".
  static std::optional<NumericAnswer> read_range(const std::string& text) {
    NumericAnswer out;
    if (const auto dots = text.find(".."); dots != std::string::npos) {
      const auto low = parse_number(text.substr(0, dots));
      const auto high = parse_number(text.substr(dots + 2));
      if (!low || !high || *high < *low) {
        return std::nullopt;
      }
      out.value = (*low + *high) / 2;
      out.tolerance = (*high - *low) / 2;
      return out;
    }
    const auto colon = text.find(':');
    const auto value = parse_number(text.substr(0, colon));
    if (!value) {
      return std::nullopt;
    }
    out.value = *value;
    if (colon != std::string::npos) {
      const auto tolerance = parse_number(text.substr(colon + 1));
      if (!tolerance || *tolerance < 0) {
        return std::nullopt;
      }
      out.tolerance = *tolerance;
    }
    return out;
  }

  std::string read_matching(const std::vector<Token>& tokens, Question& question,
                            BankEntry& entry) {
    question.type = QuestionType::matching;
    for (const Token& token : tokens) {
      const auto arrow = find_unescaped_str(token.text, "->");
      if (token.marker != '=' || arrow == std::string::npos) {
        return "a matching pair must be written =left -> right";
      }
      const std::string left = formatted(token.text.substr(0, arrow), entry);
      const std::string right = formatted(token.text.substr(arrow + 2), entry);
      if (left.empty()) {
        question.distractors.push_back(right);  // "=  -> extra" is a distractor
      } else {
        question.pairs.push_back(MatchPair{.left = left, .right = right});
      }
    }
    return {};
  }

  std::string read_choices(const std::vector<Token>& tokens, std::string_view body,
                           Question& question, BankEntry& entry) {
    // Moodle: one "=" makes a single-answer question; none (only weights) a multiple one.
    const bool single = find_unescaped(body, '=') != std::string::npos;
    question.type = single ? QuestionType::single_choice : QuestionType::multiple_choice;
    for (const Token& token : tokens) {
      Choice choice;
      choice.text = formatted(token.text, entry);
      choice.fraction = token.marker == '=' ? 1.0 : token.weight.value_or(0.0);
      if (token.marker == '=' && token.weight) {
        choice.fraction = *token.weight;
      }
      choice.feedback = formatted(token.feedback, entry);
      question.choices.push_back(std::move(choice));
    }
    return {};
  }

  std::string read_short(const std::vector<Token>& tokens, Question& question, BankEntry& entry) {
    question.type = QuestionType::short_text;
    for (const Token& token : tokens) {
      question.texts.push_back(TextAnswer{.text = formatted(token.text, entry),
                                          .fraction = token.weight.value_or(1.0),
                                          .feedback = formatted(token.feedback, entry)});
    }
    return {};
  }

  std::string_view block_;
  std::string category_;
  std::string question_format_;
};

std::string number_text(double value);
std::string percent(double fraction) {
  return number_text(fraction * 100);
}

// The shortest text that reads back as the same double.
std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string weight(double fraction, bool right_is_full) {
  if (right_is_full && std::fabs(fraction - 1.0) < 1e-12) {
    return "=";
  }
  if (std::fabs(fraction) < 1e-12) {
    return "~";
  }
  return "~%" + percent(fraction) + "%";
}

std::string feedback_part(std::string_view feedback) {
  return feedback.empty() ? std::string() : " #" + escape(feedback);
}

}  // namespace

ParsedBank read_gift(std::string_view text, const ImportOptions& options) {
  ImportBudget budget(options.limits);
  budget.spend(text.size(), "the GIFT file");
  require_text(text, "GIFT");
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  if (trim(text).empty()) {
    throw InvalidInput("the GIFT file is empty");
  }
  // Blocks of non-blank lines; comment lines dropped.
  std::vector<std::string> blocks;
  std::string current;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    const std::string trimmed = trim(line);
    if (trimmed.starts_with("//")) {
      continue;
    }
    if (trimmed.empty()) {
      if (!trim(current).empty()) {
        blocks.push_back(current);
      }
      current.clear();
      continue;
    }
    current += line + "\n";
  }
  if (!trim(current).empty()) {
    blocks.push_back(current);
  }
  // Counted before any question is read: every block but a category line alone.
  budget.require_questions(static_cast<std::size_t>(
      std::count_if(blocks.begin(), blocks.end(), [](const std::string& block) {
        const std::string body = trim(block);
        return !body.starts_with("$CATEGORY:") || body.find('\n') != std::string::npos;
      })));
  ParsedBank bank;
  std::string category;
  bool saw_category = false;
  int index = 0;
  for (const std::string& block : blocks) {
    std::string body = trim(block);
    if (body.starts_with("$CATEGORY:")) {
      const auto end = body.find('\n');
      category = trim(body.substr(10, end == std::string::npos ? std::string::npos : end - 10));
      if (category.starts_with("$course$/")) {
        category = category.substr(9);
      }
      saw_category = true;
      if (end == std::string::npos) {
        continue;
      }
      body = trim(body.substr(end + 1));
    }
    bank.entries.push_back(GiftQuestionReader(body, category).read(++index));
  }
  if (bank.entries.empty() && !saw_category) {
    throw InvalidInput("no GIFT question was found in the file");
  }
  return bank;
}

WrittenBank write_gift(const std::vector<Question>& questions) {
  WrittenBank out;
  std::ostringstream gift;
  std::string category;
  for (const Question& question : questions) {
    const std::string label = question.name.empty() ? question.id : question.name;
    if (question.type == QuestionType::fill_blanks || question.type == QuestionType::ordering) {
      out.left_out.push_back(label + ": " + std::string(type_name(question.type)) +
                             " questions have no GIFT form (use Moodle XML)");
      continue;
    }
    if (question.category != category && !question.category.empty()) {
      category = question.category;
      gift << "$CATEGORY: " << category << "\n\n";
    }
    if (!question.name.empty()) {
      gift << "::" << escape(question.name) << "::";
    }
    gift << "[markdown]" << escape(question.prompt);
    ++out.written;
    if (question.type == QuestionType::description) {
      gift << "\n\n";
      continue;
    }
    if (question.type == QuestionType::essay) {
      gift << " {}\n\n";
      if (!question.marking_guide.empty() || !question.response_template.empty() ||
          question.expected_words > 0) {
        out.left_out.push_back(label +
                               ": GIFT has no place for an essay's marking guide, response "
                               "template or length (the question is written without them)");
      }
      continue;
    }
    gift << " {\n";
    switch (question.type) {
      case QuestionType::single_choice:
      case QuestionType::multiple_choice:
        for (const Choice& choice : question.choices) {
          const bool single = question.type == QuestionType::single_choice;
          std::string marker = weight(choice.fraction, single);
          if (single && marker != "=" && choice.fraction > 0) {
            marker = "~%" + percent(choice.fraction) + "%";
          }
          gift << "  " << marker << escape(choice.text) << feedback_part(choice.feedback) << "\n";
        }
        break;
      case QuestionType::true_false: {
        gift << "  " << (question.truth ? "TRUE" : "FALSE");
        const std::string& wrong =
            question.truth ? question.feedback_false : question.feedback_true;
        const std::string& right =
            question.truth ? question.feedback_true : question.feedback_false;
        if (!wrong.empty() || !right.empty()) {
          gift << "#" << escape(wrong) << "#" << escape(right);
        }
        gift << "\n";
        break;
      }
      case QuestionType::numeric:
        gift << "#\n";
        for (const NumericAnswer& number : question.numbers) {
          gift << "  =";
          if (std::fabs(number.fraction - 1.0) > 1e-12) {
            gift << "%" << percent(number.fraction) << "%";
          }
          gift << number_text(number.value) << ":" << number_text(number.tolerance)
               << feedback_part(number.feedback) << "\n";
        }
        if (!question.units.empty()) {
          out.left_out.push_back(label + ": units are not part of GIFT (the number is kept)");
        }
        break;
      case QuestionType::short_text:
        for (const TextAnswer& text : question.texts) {
          gift << "  =";
          if (std::fabs(text.fraction - 1.0) > 1e-12) {
            gift << "%" << percent(text.fraction) << "%";
          }
          gift << escape(text.text) << feedback_part(text.feedback) << "\n";
        }
        break;
      case QuestionType::matching:
        for (const MatchPair& pair : question.pairs) {
          gift << "  =" << escape(pair.left) << " -> " << escape(pair.right) << "\n";
        }
        for (const std::string& extra : question.distractors) {
          gift << "  = -> " << escape(extra) << "\n";
        }
        break;
      default:
        break;
    }
    if (!question.general_feedback.empty()) {
      gift << "  ####" << escape(question.general_feedback) << "\n";
    }
    gift << "}\n\n";
  }
  out.text = gift.str();
  return out;
}

}  // namespace imaginecole::exercises
