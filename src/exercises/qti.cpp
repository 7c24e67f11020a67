// SPDX-License-Identifier: AGPL-3.0-or-later
// QTI 2.1 items (one assessmentItem per file), read with pugixml: choiceInteraction (single
// and multiple), orderInteraction, matchInteraction, and text written around
// textEntryInteraction / inlineChoiceInteraction (fill-in-the-blanks). An item that needs what
// one file does not carry (images, custom response processing) or an interaction we do not
// grade is skipped with the reason. A test (assessmentTest) refers to item files: refused.
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"

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

// Runs of white space as one space (XML indentation).
std::string squeeze(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != '\n') {
      out.push_back(' ');
    }
    space = false;
    out.push_back(c);
  }
  return out;
}

bool is_interaction(std::string_view name) {
  return name.ends_with("Interaction");
}

struct BodyText {
  std::string text;
  std::vector<std::string> inline_interactions;  // responseIdentifier of each blank, in order
  std::vector<std::string> images;
  std::vector<pugi::xml_node> block_interactions;
  std::vector<std::string> unsupported;
};

void walk(const pugi::xml_node& node, BodyText& body) {
  for (const auto& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      const std::string_view raw = child.value();
      const std::string words = squeeze(raw);
      const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
      if (!raw.empty() && space(raw.front()) && !body.text.empty() && body.text.back() != ' ' &&
          body.text.back() != '\n') {
        body.text += " ";
      }
      body.text += words;
      if (!raw.empty() && space(raw.back()) && !words.empty()) {
        body.text += " ";
      }
      continue;
    }
    if (child.type() != pugi::node_element) {
      continue;
    }
    const std::string_view name = child.name();
    if (name == "img" || name == "object") {
      body.images.emplace_back(child.attribute(name == "img" ? "src" : "data").as_string());
      continue;
    }
    if (name == "br") {
      body.text += "\n";
      continue;
    }
    if (name == "textEntryInteraction" || name == "inlineChoiceInteraction") {
      body.inline_interactions.emplace_back(child.attribute("responseIdentifier").as_string());
      body.text += blank_marker(body.inline_interactions.size());
      continue;
    }
    if (name == "choiceInteraction" || name == "orderInteraction" || name == "matchInteraction") {
      body.block_interactions.push_back(child);
      if (const auto prompt = child.child("prompt")) {
        body.text += "\n\n";
        walk(prompt, body);
        body.text += "\n\n";
      }
      continue;
    }
    if (is_interaction(name)) {
      body.unsupported.emplace_back(name);
      continue;
    }
    const bool block = name == "p" || name == "div" || name == "blockquote" || name == "li" ||
                       name == "h1" || name == "h2" || name == "h3" || name == "table" ||
                       name == "tr";
    if (name == "li") {
      body.text += "- ";
    }
    walk(child, body);
    if (block) {
      body.text += "\n\n";
    }
  }
}

std::string tidy(const std::string& text) {
  // Trim each line, at most one blank line in a row.
  std::string out;
  std::size_t start = 0;
  int blank = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string line = trim(std::string_view(text).substr(start, end - start));
    if (line.empty()) {
      ++blank;
    } else {
      if (!out.empty()) {
        out += blank > 0 ? "\n\n" : "\n";
      }
      out += line;
      blank = 0;
    }
    start = end + 1;
  }
  return out;
}

std::string node_text(const pugi::xml_node& node) {
  BodyText body;
  walk(node, body);
  return trim(squeeze(body.text));
}

struct Declaration {
  std::vector<std::string> correct;
  std::vector<std::pair<std::string, double>> mapping;
  std::string cardinality;
};

std::map<std::string, Declaration> read_declarations(const pugi::xml_node& item) {
  std::map<std::string, Declaration> out;
  for (const auto& node : item.children("responseDeclaration")) {
    Declaration declaration;
    declaration.cardinality = node.attribute("cardinality").as_string();
    for (const auto& value : node.child("correctResponse").children("value")) {
      declaration.correct.push_back(trim(value.child_value()));
    }
    for (const auto& entry : node.child("mapping").children("mapEntry")) {
      declaration.mapping.emplace_back(entry.attribute("mapKey").as_string(),
                                       entry.attribute("mappedValue").as_double(0));
    }
    out[node.attribute("identifier").as_string()] = std::move(declaration);
  }
  return out;
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string read_choice(const pugi::xml_node& interaction, const Declaration& declaration,
                        Question& question) {
  const int max_choices = interaction.attribute("maxChoices").as_int(1);
  question.type = max_choices == 1 ? QuestionType::single_choice : QuestionType::multiple_choice;
  double max_mapped = 0;
  for (const auto& [key, value] : declaration.mapping) {
    max_mapped += value > 0 ? value : 0;
  }
  for (const auto& choice : interaction.children("simpleChoice")) {
    const std::string id = choice.attribute("identifier").as_string();
    double fraction = contains(declaration.correct, id) ? 1.0 : 0.0;
    for (const auto& [key, value] : declaration.mapping) {
      if (key == id && max_mapped > 0) {
        fraction = value > 0 ? value / max_mapped : std::max(-1.0, value / max_mapped);
      }
    }
    if (question.type == QuestionType::single_choice && fraction > 0 &&
        declaration.mapping.empty()) {
      fraction = 1.0;
    }
    question.choices.push_back(Choice{.text = node_text(choice), .fraction = fraction});
  }
  return {};
}

std::string read_order(const pugi::xml_node& interaction, const Declaration& declaration,
                       Question& question) {
  question.type = QuestionType::ordering;
  std::map<std::string, std::string> texts;
  for (const auto& choice : interaction.children("simpleChoice")) {
    texts[choice.attribute("identifier").as_string()] = node_text(choice);
  }
  if (declaration.correct.size() != texts.size()) {
    return "the correct order does not list every item";
  }
  for (const std::string& id : declaration.correct) {
    const auto found = texts.find(id);
    if (found == texts.end()) {
      return "the correct order names an unknown item " + id;
    }
    question.items.push_back(found->second);
  }
  return {};
}

std::string read_match(const pugi::xml_node& interaction, const Declaration& declaration,
                       Question& question) {
  question.type = QuestionType::matching;
  std::vector<std::vector<std::pair<std::string, std::string>>> sets;
  for (const auto& set : interaction.children("simpleMatchSet")) {
    sets.emplace_back();
    for (const auto& choice : set.children("simpleAssociableChoice")) {
      sets.back().emplace_back(choice.attribute("identifier").as_string(), node_text(choice));
    }
  }
  if (sets.size() != 2) {
    return "a match interaction needs two sets";
  }
  const auto text_of = [](const auto& set, const std::string& id) -> std::optional<std::string> {
    for (const auto& [key, text] : set) {
      if (key == id) {
        return text;
      }
    }
    return std::nullopt;
  };
  std::vector<std::string> used;
  for (const std::string& pair : declaration.correct) {
    const auto space = pair.find(' ');
    const auto left = text_of(sets[0], pair.substr(0, space));
    const auto right =
        space == std::string::npos ? std::nullopt : text_of(sets[1], trim(pair.substr(space)));
    if (!left || !right) {
      return "a correct pair names an unknown choice: " + pair;
    }
    question.pairs.push_back(MatchPair{.left = *left, .right = *right});
    used.push_back(*right);
  }
  for (const auto& [key, text] : sets[1]) {
    if (!contains(used, text)) {
      question.distractors.push_back(text);
    }
  }
  if (question.pairs.size() != sets[0].size()) {
    return "some items have no correct match (several answers per item are not supported)";
  }
  return {};
}

std::string read_blanks(const pugi::xml_node& body_node, const BodyText& body,
                        const std::map<std::string, Declaration>& declarations,
                        Question& question) {
  question.type = QuestionType::fill_blanks;
  // QTI compares strings exactly ("York" and "york" may score differently).
  question.rules =
      TextRules{.case_sensitive = true, .accent_sensitive = true, .collapse_spaces = true};
  for (const std::string& id : body.inline_interactions) {
    const auto found = declarations.find(id);
    if (found == declarations.end()) {
      return "no response declaration for " + id;
    }
    const Declaration& declaration = found->second;
    Blank blank;
    const pugi::xml_node interaction = body_node.find_node([&](const pugi::xml_node& n) {
      return std::string_view(n.name()) == "inlineChoiceInteraction" &&
             id == n.attribute("responseIdentifier").as_string();
    });
    std::map<std::string, std::string> options;
    if (interaction) {
      for (const auto& choice : interaction.children("inlineChoice")) {
        options[choice.attribute("identifier").as_string()] = node_text(choice);
        blank.options.push_back(node_text(choice));
      }
    }
    const auto text_of = [&](const std::string& key) {
      const auto option = options.find(key);
      return option == options.end() ? key : option->second;
    };
    if (!declaration.mapping.empty()) {
      double best = 0;
      for (const auto& [key, value] : declaration.mapping) {
        best = std::max(best, value);
      }
      for (const auto& [key, value] : declaration.mapping) {
        if (value > 0 && best > 0) {
          blank.answers.push_back(TextAnswer{.text = text_of(key), .fraction = value / best});
        }
      }
    } else {
      for (const std::string& key : declaration.correct) {
        blank.answers.push_back(TextAnswer{.text = text_of(key)});
      }
    }
    question.blanks.push_back(std::move(blank));
  }
  return {};
}

}  // namespace

ParsedBank read_qti(std::string_view text) {
  require_text(text, "QTI");
  if (trim(text).empty()) {
    throw InvalidInput("the QTI file is empty");
  }
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    throw InvalidInput("the file is not well-formed XML (" + std::string(parsed.description()) +
                       " at byte " + std::to_string(parsed.offset) + ")");
  }
  const pugi::xml_node item = document.document_element();
  const std::string_view root = item.name();
  if (root == "assessmentTest") {
    throw InvalidInput(
        "this is a QTI test (assessmentTest), which only refers to item files: import the items");
  }
  if (root != "assessmentItem") {
    throw InvalidInput("not a QTI 2.1 item: the root element is <" + std::string(root) +
                       ">, not <assessmentItem>");
  }
  ParsedBank bank;
  BankEntry entry;
  entry.index = 1;
  Question question;
  question.name = trim(item.attribute("title").as_string());
  if (question.name.empty()) {
    question.name = item.attribute("identifier").as_string();
  }
  entry.name = question.name;
  const auto declarations = read_declarations(item);
  const pugi::xml_node body_node = item.child("itemBody");
  BodyText body;
  walk(body_node, body);
  question.prompt = tidy(body.text);
  const pugi::xml_node processing = item.child("responseProcessing");
  std::string error;
  if (!body_node) {
    error = "the item has no itemBody";
  } else if (!body.unsupported.empty()) {
    error = "interaction not supported: " + body.unsupported.front();
  } else if (!body.images.empty()) {
    error = "refers to a file the item does not carry (" + body.images.front() +
            "): import it from its content package";
  } else if (processing && !processing.attribute("template") && processing.first_child()) {
    error = "custom response processing is not supported";
  } else if (body.block_interactions.size() + (body.inline_interactions.empty() ? 0 : 1) != 1) {
    error = body.block_interactions.empty() && body.inline_interactions.empty()
                ? "the item has no interaction"
                : "items with several kinds of interaction are not supported";
  } else if (!body.inline_interactions.empty()) {
    error = read_blanks(body_node, body, declarations, question);
  } else {
    const pugi::xml_node interaction = body.block_interactions.front();
    const auto found = declarations.find(interaction.attribute("responseIdentifier").as_string());
    if (found == declarations.end()) {
      error = "no response declaration for the interaction";
    } else {
      const std::string_view name = interaction.name();
      if (name == "choiceInteraction") {
        error = read_choice(interaction, found->second, question);
      } else if (name == "orderInteraction") {
        error = read_order(interaction, found->second, question);
      } else {
        error = read_match(interaction, found->second, question);
      }
    }
  }
  if (error.empty()) {
    error = validate(question);
  }
  if (error.empty()) {
    entry.question = std::move(question);
  } else {
    entry.reason = error;
  }
  bank.entries.push_back(std::move(entry));
  return bank;
}

}  // namespace imaginecole::exercises
