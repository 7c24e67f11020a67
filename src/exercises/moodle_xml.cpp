// SPDX-License-Identifier: AGPL-3.0-or-later
// Moodle XML question banks (docs.moodle.org "Moodle XML format"), read and written with
// pugixml. Read: multichoice, truefalse, shortanswer, numerical (with units), matching,
// gapselect and ddwtos (blanks chosen from options), cloze (multianswer: SHORTANSWER and
// MULTICHOICE blanks), ordering (qtype_ordering), description, essay (with its grader
// information as the marking guide) and category; the other types are skipped with the reason.
// Pictures embedded as <file> (base64) and shown by <img src="@@PLUGINFILE@@/x.png"> in the text,
// the general feedback, hints and feedback go to the media library (ImportOptions) and become
// ![alt](/media/<hash>). Written: every type.
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/bank_media.hpp"

namespace imaginecole::exercises {
namespace {

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

void note_once(BankEntry& entry, const std::string& note) {
  for (const auto& existing : entry.notes) {
    if (existing == note) {
      return;
    }
  }
  entry.notes.push_back(note);
}

// <x format="html"><text>...</text><file .../></x> as Markdown. Embedded files make the
// question unimportable when `pictures` is null (answers: shown as plain text) and the caller
// checks `has_files`; otherwise each <img> of an embedded file becomes a picture marker.
struct TextField {
  std::string text;
  bool has_files = false;
};

// The pictures of one question, gathered while its texts are read.
struct Pictures {
  std::vector<Picture> list;
  std::string error;               // the first problem: the question is skipped with it
  ImportBudget* budget = nullptr;  // the import's: decoded bytes are charged to it
};

constexpr std::string_view kPluginFile = "@@PLUGINFILE@@/";

std::string escape_html(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out += c == '&' ? std::string("&amp;") : c == '<' ? std::string("&lt;") : std::string(1, c);
  }
  return out;
}

// Replaces the <img> tags of `raw` that show an embedded file with markers (HTML-escaped so
// that html_to_text keeps them); records problems in `pictures.error`.
std::string take_pictures(const pugi::xml_node& node, const std::string& raw, Pictures& pictures,
                          BankEntry& entry) {
  std::map<std::string, std::string> files;  // path from the file area's root -> base64 text
  for (const auto& file : node.children("file")) {
    std::string why;
    const std::string folder = trim(file.attribute("path").as_string("/"));
    const std::string key = package_path(
        "",
        (folder.starts_with('/') ? folder.substr(1) : folder) + file.attribute("name").as_string(),
        why);
    if (key.empty()) {
      pictures.error = "an embedded file has a name that is not allowed: \"" +
                       std::string(file.attribute("name").as_string()) + "\"";
      return raw;
    }
    files[key] = file.child_value();
  }
  std::string out;
  std::size_t at = 0;
  std::vector<std::string> used;
  for (const ImgTag& tag : find_img_tags(raw)) {
    out += raw.substr(at, tag.begin - at);
    at = tag.end;
    if (!tag.src.starts_with(kPluginFile)) {
      pictures.error = "the picture \"" + tag.src + "\" is not in the file (an outside address)";
      return raw;
    }
    std::string why;
    const std::string key = package_path("", tag.src.substr(kPluginFile.size()), why);
    if (key.empty()) {
      pictures.error = why;
      return raw;
    }
    const auto found = files.find(key);
    if (found == files.end()) {
      pictures.error = "the picture \"" + key + "\" is not carried by the question";
      return raw;
    }
    // Charged before decoding: four base64 characters make at most three bytes.
    pictures.budget->spend(found->second.size() / 4 * 3, "the picture \"" + key + "\"");
    std::string bytes;
    if (!decode_base64(found->second, bytes)) {
      pictures.error = "the picture \"" + key + "\" is damaged (its base64 text is broken)";
      return raw;
    }
    // The same file embedded in many questions is judged and stored once (by its digest).
    Picture picture{.filename = key,
                    .bytes = nullptr,
                    .key = "moodle:" + core::sha256_hex(bytes),
                    .alt = tag.alt,
                    .has_alt = tag.has_alt};
    picture.bytes = std::make_shared<const std::string>(std::move(bytes));
    used.push_back(key);
    out += escape_html(picture_marker(pictures.list.size()));
    pictures.list.push_back(std::move(picture));
  }
  out += raw.substr(at);
  if (out.find(kPluginFile) != std::string::npos) {
    pictures.error = "an embedded file is linked, not shown as a picture: not supported";
    return raw;
  }
  for (const auto& [key, bytes] : files) {
    if (std::find(used.begin(), used.end(), key) == used.end()) {
      note_once(entry, "embedded file not shown in the text left out: " + key);
    }
  }
  return out;
}

TextField read_text(const pugi::xml_node& node, BankEntry& entry, Pictures* pictures = nullptr) {
  TextField out;
  if (!node) {
    return out;
  }
  const std::string format = node.attribute("format").as_string("");
  std::string raw = node.child("text").child_value();
  out.has_files = static_cast<bool>(node.child("file")) ||
                  raw.find("@@PLUGINFILE@@") != std::string::npos ||
                  (pictures != nullptr && !find_img_tags(raw).empty());
  const bool html = format == "html" || (format.empty() && raw.find('<') != std::string::npos);
  if (out.has_files && pictures != nullptr) {
    if (!html) {
      if (pictures->error.empty()) {
        pictures->error = "embedded files in text that is not HTML are not supported";
      }
    } else if (pictures->error.empty()) {
      raw = take_pictures(node, raw, *pictures, entry);
    }
    out.has_files = false;  // problems are in pictures->error
  }
  if (html) {
    bool converted = false;
    out.text = trim(html_to_text(raw, &converted));
    if (converted) {
      note_once(entry, "HTML converted to plain text");
    }
  } else {
    out.text = trim(tex_delimiters_to_dollars(strip_word_junk(raw)));
  }
  return out;
}

double fraction_of(const pugi::xml_node& answer) {
  return answer.attribute("fraction").as_double(0) / 100.0;
}

// Cloze: {1:SHORTANSWER:=Berlin#right~%50%Bonn} -> a blank.
struct ClozeBlank {
  Blank blank;
  bool case_sensitive = false;
  std::string error;
};

ClozeBlank read_cloze_blank(std::string_view spec) {
  ClozeBlank out;
  const auto first = spec.find(':');
  const auto second = first == std::string_view::npos ? first : spec.find(':', first + 1);
  if (second == std::string_view::npos) {
    out.error = "a cloze blank cannot be read: {" + std::string(spec) + "}";
    return out;
  }
  const std::string kind(spec.substr(first + 1, second - first - 1));
  const bool typed = kind == "SHORTANSWER" || kind == "SA" || kind == "MW" ||
                     kind == "SHORTANSWER_C" || kind == "SAC" || kind == "MWC";
  const bool chosen = kind.starts_with("MULTICHOICE") || kind.starts_with("MC");
  if (!typed && !chosen) {
    out.error = "cloze blanks of kind " + kind + " are not supported";
    return out;
  }
  out.case_sensitive = kind == "SHORTANSWER_C" || kind == "SAC" || kind == "MWC";
  // Answers separated by unescaped "~".
  std::vector<std::string> parts(1);
  for (std::size_t i = second + 1; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size()) {
      parts.back().push_back(spec[++i]);
      continue;
    }
    if (spec[i] == '~') {
      parts.emplace_back();
      continue;
    }
    parts.back().push_back(spec[i]);
  }
  for (std::string part : parts) {
    part = trim(part);
    if (part.empty()) {
      continue;
    }
    double fraction = 0;
    if (part.starts_with('=')) {
      fraction = 1;
      part = part.substr(1);
    } else if (part.starts_with('%')) {
      const auto close = part.find('%', 1);
      const auto value =
          close == std::string::npos ? std::nullopt : parse_number(part.substr(1, close - 1));
      if (!value) {
        out.error = "a cloze weight cannot be read: " + part;
        return out;
      }
      fraction = *value / 100.0;
      part = part.substr(close + 1);
    }
    std::string feedback;
    if (const auto hash = part.find('#'); hash != std::string::npos) {
      feedback = trim(part.substr(hash + 1));
      part = trim(part.substr(0, hash));
    }
    if (chosen) {
      out.blank.options.push_back(part);
    }
    if (fraction > 0 || !feedback.empty()) {
      if (fraction > 0) {
        out.blank.answers.push_back(
            TextAnswer{.text = part, .fraction = fraction, .feedback = feedback});
      }
    }
  }
  return out;
}

std::string read_cloze(Question& question, const std::string& text) {
  question.type = QuestionType::fill_blanks;
  std::string prompt;
  std::optional<bool> case_sensitive;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() &&
        (std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0 || text[i + 1] == ':')) {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] != '}') {
        if (text[end] == '\\') {
          ++end;
        }
        ++end;
      }
      if (end >= text.size()) {
        return "a cloze blank is not closed with }";
      }
      ClozeBlank blank = read_cloze_blank(std::string_view(text).substr(i + 1, end - i - 1));
      if (!blank.error.empty()) {
        return blank.error;
      }
      if (blank.blank.options.empty()) {
        if (case_sensitive && *case_sensitive != blank.case_sensitive) {
          return "blanks with different case rules in one question are not supported";
        }
        case_sensitive = blank.case_sensitive;
      }
      question.blanks.push_back(std::move(blank.blank));
      prompt += blank_marker(question.blanks.size());
      i = end;
      continue;
    }
    prompt.push_back(text[i]);
  }
  question.rules.case_sensitive = case_sensitive.value_or(false);
  question.prompt = trim(prompt);
  return {};
}

// gapselect / ddwtos: [[n]] in the text names option n (1-based) as the right one; the blank
// offers the options of the same group.
std::string read_gaps(Question& question, const pugi::xml_node& node, const char* option_tag,
                      BankEntry& entry) {
  question.type = QuestionType::fill_blanks;
  struct Option {
    std::string text;
    int group = 1;
  };
  std::vector<Option> options;
  for (const auto& option : node.children(option_tag)) {
    options.push_back(Option{.text = trim(html_to_text(option.child("text").child_value())),
                             .group = std::atoi(option.child_value("group"))});
  }
  std::string prompt;
  const std::string& text = question.prompt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "[[") == 0) {
      const auto end = text.find("]]", i);
      const int number = end == std::string::npos ? 0 : std::atoi(text.c_str() + i + 2);
      if (number < 1 || static_cast<std::size_t>(number) > options.size()) {
        return "a gap [[n]] names no option";
      }
      const Option& right = options[static_cast<std::size_t>(number - 1)];
      Blank blank;
      blank.answers.push_back(TextAnswer{.text = right.text});
      for (const Option& option : options) {
        if (option.group == right.group) {
          blank.options.push_back(option.text);
        }
      }
      question.blanks.push_back(std::move(blank));
      prompt += blank_marker(question.blanks.size());
      i = end + 1;
      continue;
    }
    prompt.push_back(text[i]);
  }
  question.prompt = prompt;
  (void)entry;
  return {};
}

// A shortanswer's accepted text. Moodle reads "*" as "anything" and "\*" as a star: "*" alone
// is our catch-all (question.hpp), "\*" a star; a "*" inside a text would be a wildcard,
// which we do not have, so it is kept as a star and an editor is told.
std::string shortanswer_text(const std::string& text, BankEntry& entry) {
  if (text == kCatchAllAnswer) {
    return text;
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '*') {
      out.push_back('*');
      ++i;
      continue;
    }
    if (text[i] == '*') {
      const std::string warning = "the answer \"" + text +
                                  "\" uses * as a wildcard, which is matched here as a star: "
                                  "list the accepted answers instead";
      if (std::find(entry.warnings.begin(), entry.warnings.end(), warning) ==
          entry.warnings.end()) {
        entry.warnings.push_back(warning);
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// An essay: the pupil writes; the grader information is the teachers' marking guide.
std::string read_essay(Question& question, const pugi::xml_node& node, BankEntry& entry,
                       Pictures* pictures) {
  question.type = QuestionType::essay;
  const std::string format = trim(node.child_value("responseformat"));
  if (format == "noinline") {
    return "the essay is answered only with attached files, which pupils cannot send yet";
  }
  if (std::atoi(node.child_value("attachmentsrequired")) > 0) {
    return "the essay requires attached files, which pupils cannot send yet";
  }
  if (std::atoi(node.child_value("attachments")) != 0) {
    note_once(entry, "attached files are not offered to pupils (the written answer is kept)");
  }
  const TextField guide = read_text(node.child("graderinfo"), entry, pictures);
  question.marking_guide = guide.text;
  int words = std::atoi(node.child_value("maxwordlimit"));
  if (words <= 0) {
    words = std::atoi(node.child_value("minwordlimit"));
  }
  question.expected_words = std::clamp(words, 0, 100000);
  return guide.has_files ? "embedded files (images) are not imported yet" : std::string();
}

// Every text of a question shown as Markdown (where pictures may stand).
template <typename Fn>
void for_each_markdown(Question& question, Fn&& fn) {
  fn(question.prompt);
  fn(question.marking_guide);
  fn(question.general_feedback);
  fn(question.feedback_true);
  fn(question.feedback_false);
  for (auto& hint : question.hints) {
    fn(hint);
  }
  for (auto& choice : question.choices) {
    fn(choice.feedback);
  }
  for (auto& number : question.numbers) {
    fn(number.feedback);
  }
  for (auto& text : question.texts) {
    fn(text.feedback);
  }
  for (auto& blank : question.blanks) {
    for (auto& answer : blank.answers) {
      fn(answer.feedback);
    }
  }
}

BankEntry read_question(const pugi::xml_node& node, int index, const std::string& category,
                        const ImportOptions& options, ImportBudget& budget) {
  BankEntry entry;
  entry.index = index;
  const std::string type = node.attribute("type").as_string("");
  Question question;
  question.category = category;
  question.name = trim(node.child("name").child_value("text"));
  entry.name = question.name;
  Pictures pictures{.list = {}, .error = {}, .budget = &budget};
  Pictures* allowed = options.store_media ? &pictures : nullptr;
  const TextField prompt = read_text(node.child("questiontext"), entry, allowed);
  question.prompt = prompt.text;
  if (entry.name.empty()) {
    entry.name = replace_picture_markers(prompt.text.substr(0, 60), {});
  }
  const TextField general = read_text(node.child("generalfeedback"), entry, allowed);
  question.general_feedback = general.text;
  for (const auto& hint : node.children("hint")) {
    const TextField text = read_text(hint, entry, allowed);
    if (!text.text.empty()) {
      question.hints.push_back(text.text);
    }
  }
  if (prompt.has_files || general.has_files) {
    entry.reason = "embedded files (images) are not imported yet";
    return entry;
  }
  std::string error;
  bool files = false;
  const auto answer_text = [&](const pugi::xml_node& answer) {
    const TextField text = read_text(answer, entry);
    files = files || text.has_files;
    return text.text;
  };
  const auto answer_feedback = [&](const pugi::xml_node& answer) {
    const TextField text = read_text(answer.child("feedback"), entry, allowed);
    files = files || text.has_files;
    return text.text;
  };
  if (type == "multichoice") {
    const std::string single = trim(node.child_value("single"));
    question.type = (single == "false" || single == "0") ? QuestionType::multiple_choice
                                                         : QuestionType::single_choice;
    for (const auto& answer : node.children("answer")) {
      question.choices.push_back(Choice{.text = answer_text(answer),
                                        .fraction = fraction_of(answer),
                                        .feedback = answer_feedback(answer)});
    }
  } else if (type == "truefalse") {
    question.type = QuestionType::true_false;
    int seen = 0;
    for (const auto& answer : node.children("answer")) {
      const std::string value = answer_text(answer);
      const bool is_true = value == "true" || value == "vrai" || value == "True";
      if (fraction_of(answer) > 0) {
        question.truth = is_true;
        ++seen;
      }
      (is_true ? question.feedback_true : question.feedback_false) = answer_feedback(answer);
    }
    if (seen != 1) {
      error = "a true/false question needs exactly one right answer";
    }
  } else if (type == "shortanswer") {
    question.type = QuestionType::short_text;
    question.rules.case_sensitive = trim(node.child_value("usecase")) == "1";
    for (const auto& answer : node.children("answer")) {
      const double fraction = fraction_of(answer);
      const std::string text = shortanswer_text(answer_text(answer), entry);
      question.texts.push_back(
          TextAnswer{.text = text, .fraction = fraction, .feedback = answer_feedback(answer)});
    }
  } else if (type == "numerical") {
    question.type = QuestionType::numeric;
    for (const auto& answer : node.children("answer")) {
      const std::string text = answer_text(answer);
      if (text == "*") {
        note_once(entry, "catch-all answer (*) dropped");
        continue;
      }
      const auto value = parse_number(text);
      const auto tolerance = parse_number(node.child_value("tolerance")).value_or(0);
      const auto own_tolerance = parse_number(answer.child_value("tolerance"));
      if (!value) {
        error = "the number \"" + text + "\" cannot be read";
        break;
      }
      {
        question.numbers.push_back(NumericAnswer{.value = *value,
                                                 .tolerance = own_tolerance.value_or(tolerance),
                                                 .fraction = fraction_of(answer),
                                                 .feedback = answer_feedback(answer)});
      }
    }
    for (const auto& unit : node.child("units").children("unit")) {
      const std::string name = trim(unit.child_value("unit_name"));
      const auto multiplier = parse_number(unit.child_value("multiplier"));
      if (!name.empty() && multiplier && *multiplier != 0) {
        // Moodle: value in that unit = value in the main unit * multiplier.
        question.units.push_back(Unit{.name = name, .multiplier = 1.0 / *multiplier});
      }
    }
  } else if (type == "matching") {
    question.type = QuestionType::matching;
    for (const auto& sub : node.children("subquestion")) {
      const TextField left = read_text(sub, entry);
      const std::string right = trim(sub.child("answer").child_value("text"));
      files = files || left.has_files;
      if (left.text.empty()) {
        question.distractors.push_back(right);
      } else {
        question.pairs.push_back(MatchPair{.left = left.text, .right = right});
      }
    }
  } else if (type == "gapselect") {
    error = read_gaps(question, node, "selectoption", entry);
  } else if (type == "ddwtos") {
    error = read_gaps(question, node, "dragbox", entry);
  } else if (type == "cloze") {
    error = read_cloze(question, question.prompt);
  } else if (type == "ordering") {
    question.type = QuestionType::ordering;
    for (const auto& answer : node.children("answer")) {
      question.items.push_back(answer_text(answer));
    }
  } else if (type == "description") {
    question.type = QuestionType::description;
  } else if (type == "essay") {
    error = read_essay(question, node, entry, allowed);
    const TextField template_text = read_text(node.child("responsetemplate"), entry);
    files = files || template_text.has_files;
    question.response_template = template_text.text;
  } else {
    entry.reason = "type not supported: " + (type.empty() ? std::string("(none)") : type);
    return entry;
  }
  if (files) {
    entry.reason = options.store_media
                       ? "a picture inside an answer cannot be shown: answers are plain text"
                       : "embedded files (images) are not imported yet";
    return entry;
  }
  if (error.empty()) {
    error = pictures.error;
  }
  if (error.empty()) {
    error = validate(question);
  }
  if (!error.empty()) {
    entry.reason = error;
    return entry;
  }
  // Stored last: a question skipped for any other reason leaves nothing in the library.
  std::vector<std::string> markdown;
  error = store_pictures(options, budget, pictures.list, markdown, question, entry);
  if (!error.empty()) {
    entry.reason = error;
    entry.warnings.clear();
    return entry;
  }
  if (!pictures.list.empty()) {
    for_each_markdown(question,
                      [&](std::string& text) { text = replace_picture_markers(text, markdown); });
  }
  entry.question = std::move(question);
  return entry;
}

// The shortest text that reads back as the same double.
std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void add_text(pugi::xml_node parent, const char* name, const std::string& text,
              const char* format = "markdown") {
  pugi::xml_node node = parent.append_child(name);
  if (format != nullptr) {
    node.append_attribute("format") = format;
  }
  node.append_child("text").text() = text.c_str();
}

void add_answer(pugi::xml_node parent, double fraction, const std::string& text,
                const std::string& feedback) {
  pugi::xml_node answer = parent.append_child("answer");
  answer.append_attribute("fraction") = number_text(fraction * 100).c_str();
  answer.append_attribute("format") = "plain_text";
  answer.append_child("text").text() = text.c_str();
  add_text(answer, "feedback", feedback, "plain_text");
}

std::string cloze_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '}' || c == '~' || c == '#' || c == '\\' || c == '=' || c == '%') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string cloze_prompt(const Question& question) {
  std::string out = question.prompt;
  for (std::size_t i = 0; i < question.blanks.size(); ++i) {
    const Blank& blank = question.blanks[i];
    std::string spec = "{1:";
    std::vector<std::string> parts;
    const auto weight = [](const TextAnswer& answer) {
      return std::fabs(answer.fraction - 1) < 1e-12
                 ? std::string("=")
                 : "%" + number_text(answer.fraction * 100) + "%";
    };
    const auto part = [&](const TextAnswer& answer) {
      return weight(answer) + cloze_escape(answer.text) +
             (answer.feedback.empty() ? std::string() : "#" + cloze_escape(answer.feedback));
    };
    if (blank.options.empty()) {
      spec += question.rules.case_sensitive ? "SHORTANSWER_C:" : "SHORTANSWER:";
      for (const TextAnswer& answer : blank.answers) {
        parts.push_back(part(answer));
      }
    } else {
      spec += "MULTICHOICE:";
      for (const std::string& option : blank.options) {
        const TextAnswer* right = nullptr;
        for (const TextAnswer& answer : blank.answers) {
          if (answer.text == option) {
            right = &answer;
          }
        }
        parts.push_back(right != nullptr ? part(*right) : cloze_escape(option));
      }
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
      spec += (k == 0 ? "" : "~") + parts[k];
    }
    spec += "}";
    const std::string marker = blank_marker(i + 1);
    if (const auto at = out.find(marker); at != std::string::npos) {
      out.replace(at, marker.size(), spec);
    }
  }
  return out;
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

}  // namespace

ParsedBank read_moodle_xml(std::string_view text, const ImportOptions& options) {
  ImportBudget budget(options.limits);
  budget.spend(text.size(), "the Moodle XML file");
  require_text(text, "Moodle XML");
  if (trim(text).empty()) {
    throw InvalidInput("the Moodle XML file is empty");
  }
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    throw InvalidInput("the file is not well-formed XML (" + std::string(parsed.description()) +
                       " at byte " + std::to_string(parsed.offset) + ")");
  }
  const pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "quiz") {
    throw InvalidInput("not a Moodle XML question bank: the root element is <" +
                       std::string(root.name()) + ">, not <quiz>");
  }
  // Counted before any question is read.
  std::size_t questions = 0;
  for (const auto& node : root.children("question")) {
    questions += std::string_view(node.attribute("type").as_string("")) == "category" ? 0 : 1;
  }
  budget.require_questions(questions);
  ParsedBank bank;
  std::string category;
  int index = 0;
  for (const auto& node : root.children("question")) {
    const std::string type = node.attribute("type").as_string("");
    if (type == "category") {
      category = trim(node.child("category").child_value("text"));
      if (category.starts_with("$course$/")) {
        category = category.substr(9);
      }
      continue;
    }
    bank.entries.push_back(read_question(node, ++index, category, options, budget));
  }
  return bank;
}

WrittenBank write_moodle_xml(const std::vector<Question>& questions) {
  WrittenBank out;
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node quiz = document.append_child("quiz");
  std::string category;
  for (const Question& question : questions) {
    if (!question.category.empty() && question.category != category) {
      category = question.category;
      pugi::xml_node node = quiz.append_child("question");
      node.append_attribute("type") = "category";
      node.append_child("category").append_child("text").text() = ("$course$/" + category).c_str();
    }
    pugi::xml_node node = quiz.append_child("question");
    const char* type = "description";
    switch (question.type) {
      case QuestionType::single_choice:
      case QuestionType::multiple_choice:
        type = "multichoice";
        break;
      case QuestionType::true_false:
        type = "truefalse";
        break;
      case QuestionType::numeric:
        type = "numerical";
        break;
      case QuestionType::short_text:
        type = "shortanswer";
        break;
      case QuestionType::fill_blanks:
        type = "cloze";
        break;
      case QuestionType::matching:
        type = "matching";
        break;
      case QuestionType::ordering:
        type = "ordering";
        break;
      case QuestionType::description:
        break;
      case QuestionType::essay:
        type = "essay";
        break;
    }
    ++out.written;
    node.append_attribute("type") = type;
    node.append_child("name").append_child("text").text() = question.name.c_str();
    add_text(node, "questiontext",
             question.type == QuestionType::fill_blanks ? cloze_prompt(question) : question.prompt);
    add_text(node, "generalfeedback", question.general_feedback);
    switch (question.type) {
      case QuestionType::single_choice:
      case QuestionType::multiple_choice:
        node.append_child("single").text() =
            question.type == QuestionType::single_choice ? "true" : "false";
        for (const Choice& choice : question.choices) {
          add_answer(node, choice.fraction, choice.text, choice.feedback);
        }
        break;
      case QuestionType::true_false:
        add_answer(node, question.truth ? 1 : 0, "true", question.feedback_true);
        add_answer(node, question.truth ? 0 : 1, "false", question.feedback_false);
        break;
      case QuestionType::numeric: {
        for (const NumericAnswer& number : question.numbers) {
          add_answer(node, number.fraction, number_text(number.value), number.feedback);
          node.last_child().append_child("tolerance").text() =
              number_text(number.tolerance).c_str();
        }
        if (!question.units.empty()) {
          pugi::xml_node units = node.append_child("units");
          for (const Unit& unit : question.units) {
            pugi::xml_node item = units.append_child("unit");
            item.append_child("multiplier").text() = number_text(1.0 / unit.multiplier).c_str();
            item.append_child("unit_name").text() = unit.name.c_str();
          }
        }
        break;
      }
      case QuestionType::short_text:
        node.append_child("usecase").text() = question.rules.case_sensitive ? "1" : "0";
        for (const TextAnswer& text : question.texts) {
          add_answer(node, text.fraction, text.text, text.feedback);
        }
        break;
      case QuestionType::matching:
        for (const MatchPair& pair : question.pairs) {
          pugi::xml_node sub = node.append_child("subquestion");
          sub.append_attribute("format") = "plain_text";
          sub.append_child("text").text() = pair.left.c_str();
          sub.append_child("answer").append_child("text").text() = pair.right.c_str();
        }
        for (const std::string& extra : question.distractors) {
          pugi::xml_node sub = node.append_child("subquestion");
          sub.append_attribute("format") = "plain_text";
          sub.append_child("text");
          sub.append_child("answer").append_child("text").text() = extra.c_str();
        }
        break;
      case QuestionType::ordering:
        for (const std::string& item : question.items) {
          add_answer(node, 0, item, "");
        }
        break;
      case QuestionType::essay:
        node.append_child("responseformat").text() = "editor";
        node.append_child("responserequired").text() = "1";
        node.append_child("responsefieldlines").text() = "10";
        node.append_child("attachments").text() = "0";
        node.append_child("attachmentsrequired").text() = "0";
        if (question.expected_words > 0) {
          node.append_child("maxwordlimit").text() =
              std::to_string(question.expected_words).c_str();
        }
        add_text(node, "graderinfo", question.marking_guide);
        add_text(node, "responsetemplate", question.response_template);
        break;
      default:
        break;
    }
    for (const std::string& hint : question.hints) {
      add_text(node, "hint", hint);
    }
    if (!question.solution.empty()) {
      out.left_out.push_back((question.name.empty() ? question.id : question.name) +
                             ": the worked solution has no Moodle XML field (not written)");
    }
  }
  StringWriter writer;
  document.save(writer, "  ", pugi::format_default, pugi::encoding_utf8);
  out.text = std::move(writer.out);
  return out;
}

}  // namespace imaginecole::exercises
