// SPDX-License-Identifier: AGPL-3.0-or-later
// QTI 2.1 items (one assessmentItem per file), read with pugixml: choiceInteraction (single
// and multiple), orderInteraction, matchInteraction, text written around
// textEntryInteraction / inlineChoiceInteraction, and gapMatchInteraction (words dropped into
// gaps: fill-in-the-blanks whose blanks offer every word), extendedTextInteraction (an essay,
// never graded by the machine). Items come alone or from a content
// package (a folder or .zip with imsmanifest.xml); the pictures an item shows (<img src>,
// relative to the item, never outside the package) go to the media library. An item that
// needs what we do not have (custom response processing, an interaction we do not grade, a
// picture inside an answer) is skipped with the reason. A test (assessmentTest) is refused.
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/bank_media.hpp"
#include "exercises/zip_reader.hpp"

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

struct ImageRef {
  std::string src;
  std::string alt;
  bool has_alt = false;
};

struct BodyText {
  std::string text;
  std::vector<std::string> inline_interactions;  // responseIdentifier of each blank, in order
  std::vector<std::string> gaps;                 // identifier of each gap, in order
  std::vector<ImageRef> images;                  // picture_marker(i) stands in `text`
  std::vector<pugi::xml_node> block_interactions;
  std::vector<std::string> unsupported;
};

void visit(const pugi::xml_node& child, BodyText& body);

void walk(const pugi::xml_node& node, BodyText& body) {
  for (const auto& child : node.children()) {
    visit(child, body);
  }
}

// The words and the text with gaps of a gapMatchInteraction.
void visit_gap_match(const pugi::xml_node& interaction, BodyText& body) {
  body.block_interactions.push_back(interaction);
  body.text += "\n\n";
  for (const auto& part : interaction.children()) {
    const std::string_view name = part.name();
    if (name == "gapText") {
      continue;
    }
    if (name == "gapImg") {
      body.unsupported.emplace_back("gapMatchInteraction with picture words (gapImg)");
      continue;
    }
    if (name == "prompt") {
      walk(part, body);
      body.text += "\n\n";
      continue;
    }
    visit(part, body);
  }
  body.text += "\n\n";
}

void visit(const pugi::xml_node& child, BodyText& body) {
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
    return;
  }
  if (child.type() != pugi::node_element) {
    return;
  }
  const std::string_view name = child.name();
  if (name == "img" || name == "object") {
    ImageRef image{.src = child.attribute(name == "img" ? "src" : "data").as_string()};
    image.alt = trim(child.attribute("alt").as_string());
    image.has_alt = !image.alt.empty();
    body.text += picture_marker(body.images.size());
    body.images.push_back(std::move(image));
    return;
  }
  if (name == "br") {
    body.text += "\n";
    return;
  }
  if (name == "textEntryInteraction" || name == "inlineChoiceInteraction") {
    body.inline_interactions.emplace_back(child.attribute("responseIdentifier").as_string());
    body.text += blank_marker(body.inline_interactions.size());
    return;
  }
  if (name == "gap") {
    body.gaps.emplace_back(child.attribute("identifier").as_string());
    body.text += blank_marker(body.gaps.size());
    return;
  }
  if (name == "gapMatchInteraction") {
    visit_gap_match(child, body);
    return;
  }
  if (name == "choiceInteraction" || name == "orderInteraction" || name == "matchInteraction" ||
      name == "extendedTextInteraction") {
    body.block_interactions.push_back(child);
    if (const auto prompt = child.child("prompt")) {
      body.text += "\n\n";
      walk(prompt, body);
      body.text += "\n\n";
    }
    return;
  }
  if (is_interaction(name)) {
    body.unsupported.emplace_back(name);
    return;
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

// gapMatchInteraction: the right word of each gap from directedPair values "WORD GAP" (or the
// positive entries of the mapping, scaled per gap); every gap offers all the words.
std::string read_gap_match(const pugi::xml_node& interaction, const Declaration& declaration,
                           const std::vector<std::string>& gaps, Question& question,
                           BankEntry& entry) {
  question.type = QuestionType::fill_blanks;
  question.rules =
      TextRules{.case_sensitive = true, .accent_sensitive = true, .collapse_spaces = true};
  std::map<std::string, std::string> words;
  bool limited = false;
  for (const auto& word : interaction.children("gapText")) {
    const std::string id = word.attribute("identifier").as_string();
    if (words.count(id) == 0) {
      words[id] = node_text(word);
    }
    limited = limited || word.attribute("matchMax").as_int(0) != 0;
  }
  if (words.empty()) {
    return "the gap match has no words (gapText)";
  }
  if (gaps.empty()) {
    return "the gap match has no gaps";
  }
  std::vector<std::string> options;
  for (const auto& word : interaction.children("gapText")) {
    const std::string text = node_text(word);
    if (std::find(options.begin(), options.end(), text) == options.end()) {
      options.push_back(text);
    }
  }
  // (word, gap, value) triples.
  std::vector<std::tuple<std::string, std::string, double>> pairs;
  bool penalties = false;
  if (!declaration.mapping.empty()) {
    for (const auto& [key, value] : declaration.mapping) {
      penalties = penalties || value < 0;
      if (value > 0) {
        const auto space = key.find(' ');
        pairs.emplace_back(key.substr(0, space),
                           space == std::string::npos ? std::string() : trim(key.substr(space)),
                           value);
      }
    }
  } else {
    for (const std::string& value : declaration.correct) {
      const auto space = value.find(' ');
      pairs.emplace_back(value.substr(0, space),
                         space == std::string::npos ? std::string() : trim(value.substr(space)),
                         1.0);
    }
  }
  for (const auto& [word, gap, value] : pairs) {
    if (words.count(word) == 0) {
      return "a correct pair names an unknown word: " + word + " " + gap;
    }
    if (std::find(gaps.begin(), gaps.end(), gap) == gaps.end()) {
      return "a correct pair names an unknown gap: " + word + " " + gap;
    }
  }
  for (const std::string& gap : gaps) {
    Blank blank;
    blank.options = options;
    double best = 0;
    for (const auto& [word, target, value] : pairs) {
      if (target == gap) {
        best = std::max(best, value);
      }
    }
    for (const auto& [word, target, value] : pairs) {
      if (target == gap) {
        blank.answers.push_back(TextAnswer{.text = words[word], .fraction = value / best});
      }
    }
    if (blank.answers.empty()) {
      return "the gap " + gap + " has no right word";
    }
    question.blanks.push_back(std::move(blank));
  }
  if (limited && gaps.size() > 1) {
    entry.notes.emplace_back("a word may be chosen for several gaps (matchMax is not enforced)");
  }
  if (penalties) {
    entry.notes.emplace_back("penalties of the mapping dropped");
  }
  return {};
}

// A picture inside an answer (a choice, a word, a match item): the player shows answers as
// plain text, so such an item is skipped rather than shown without its picture.
std::string answer_picture(const pugi::xml_node& item) {
  const pugi::xml_node found = item.find_node([](const pugi::xml_node& node) {
    const std::string_view name = node.name();
    if (name != "img" && name != "object") {
      return false;
    }
    for (auto parent = node.parent(); parent; parent = parent.parent()) {
      const std::string_view above = parent.name();
      if (above.ends_with("Choice") || above == "gapText" || above == "gapImg" ||
          above == "hottext") {
        return true;
      }
    }
    return false;
  });
  if (!found) {
    return {};
  }
  return "a picture inside an answer cannot be shown (" +
         std::string(found.attribute(std::string_view(found.name()) == "img" ? "src" : "data")
                         .as_string()) +
         "): answers are plain text";
}

// The files of a package by their path from the package root: the size of one first (nullopt
// when absent), known before it is read, so the import's budget is asked before the work.
struct Package {
  std::function<std::optional<std::uint64_t>(const std::string& path)> size;
  std::function<std::string(const std::string& path)> read;
};

// A file of the package through the import's budget: charged, then read once however many
// items name it; nullptr when absent.
std::shared_ptr<const std::string> read_file(const Package& package, ImportBudget& budget,
                                             const std::string& path) {
  return budget.read_once(
      path, [&] { return package.size(path); }, [&] { return package.read(path); });
}

struct ItemFiles {
  const Package& package;
  std::string folder;  // the item's folder, from the package root ("" at the root)
};

// The item's pictures read from its package; the reason to skip it otherwise.
std::string read_pictures(const std::vector<ImageRef>& images, const ItemFiles* files,
                          const ImportOptions& options, ImportBudget& budget,
                          std::vector<Picture>& pictures) {
  if (images.empty()) {
    return {};
  }
  if (files == nullptr) {
    return "refers to a file the item does not carry (" + images.front().src +
           "): import it from its content package";
  }
  if (!options.store_media) {
    return "embedded files (images) are not imported yet";
  }
  for (const ImageRef& image : images) {
    std::string why;
    const std::string path = package_path(files->folder, image.src, why);
    if (path.empty()) {
      return why;
    }
    std::shared_ptr<const std::string> bytes;
    try {
      bytes = read_file(files->package, budget, path);
    } catch (const ImportTooLarge&) {
      throw;  // the whole import is refused
    } catch (const InvalidInput& error) {
      return "the picture \"" + path + "\" cannot be read: " + error.what();
    }
    if (!bytes) {
      return "the picture \"" + path + "\" is not in the package";
    }
    pictures.push_back(Picture{.filename = path.substr(path.find_last_of('/') + 1),
                               .bytes = std::move(bytes),
                               .key = "package:" + path,
                               .alt = image.alt,
                               .has_alt = image.has_alt});
  }
  return {};
}

// One assessmentItem. InvalidInput when the text is not an item at all.
BankEntry read_item(std::string_view text, int index, const ImportOptions& options,
                    ImportBudget& budget, const ItemFiles* files) {
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
  BankEntry entry;
  entry.index = index;
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
  } else if (const std::string picture = answer_picture(body_node); !picture.empty()) {
    error = picture;
  } else if (processing && !processing.attribute("template") && processing.first_child()) {
    error = "custom response processing is not supported";
  } else if (body.block_interactions.size() + (body.inline_interactions.empty() ? 0 : 1) != 1) {
    error = body.block_interactions.empty() && body.inline_interactions.empty()
                ? "the item has no interaction"
                : "items with several kinds of interaction are not supported";
  } else if (!body.inline_interactions.empty()) {
    error = read_blanks(body_node, body, declarations, question);
  } else if (const pugi::xml_node interaction = body.block_interactions.front();
             std::string_view(interaction.name()) == "extendedTextInteraction") {
    // An open answer: nothing to grade, so no response declaration is needed.
    question.type = QuestionType::essay;
    if (const int length = interaction.attribute("expectedLength").as_int(0); length > 0) {
      question.expected_words = std::min(length / 6 + 1, 100000);  // ~6 characters a word
    }
    question.response_template = trim(interaction.attribute("placeholderText").as_string());
  } else {
    const auto found = declarations.find(interaction.attribute("responseIdentifier").as_string());
    if (found == declarations.end()) {
      error = "no response declaration for the interaction";
    } else {
      const std::string_view name = interaction.name();
      if (name == "choiceInteraction") {
        error = read_choice(interaction, found->second, question);
      } else if (name == "orderInteraction") {
        error = read_order(interaction, found->second, question);
      } else if (name == "gapMatchInteraction") {
        error = read_gap_match(interaction, found->second, body.gaps, question, entry);
      } else {
        error = read_match(interaction, found->second, question);
      }
    }
  }
  std::vector<Picture> pictures;
  if (error.empty()) {
    error = read_pictures(body.images, files, options, budget, pictures);
  }
  if (error.empty()) {
    error = validate(question);
  }
  std::vector<std::string> markdown;
  if (error.empty()) {
    // Stored last: a question skipped for any other reason leaves nothing in the library.
    error = store_pictures(options, budget, pictures, markdown, question, entry);
  }
  if (error.empty()) {
    question.prompt = replace_picture_markers(question.prompt, markdown);
    entry.question = std::move(question);
  } else {
    entry.reason = error;
    entry.warnings.clear();
    entry.notes.clear();
  }
  return entry;
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InvalidInput("cannot read '" + path.string() + "'");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Files under `root` only: the path was checked by package_path, and a symbolic link that
// leads outside the folder counts as absent.
Package folder_package(const std::filesystem::path& root) {
  std::error_code ignored;
  const std::filesystem::path base = std::filesystem::weakly_canonical(root, ignored);
  const auto inside = [base](const std::string& path) -> std::optional<std::filesystem::path> {
    std::error_code error;
    const std::filesystem::path full = std::filesystem::weakly_canonical(base / path, error);
    if (error) {
      return std::nullopt;
    }
    const auto [base_end, unused] =
        std::mismatch(base.begin(), base.end(), full.begin(), full.end());
    if (base_end != base.end() || !std::filesystem::is_regular_file(full, error)) {
      return std::nullopt;
    }
    return full;
  };
  return Package{.size = [inside](const std::string& path) -> std::optional<std::uint64_t> {
                   const auto full = inside(path);
                   std::error_code error;
                   const std::uintmax_t size = full ? std::filesystem::file_size(*full, error) : 0;
                   if (!full || error) {
                     return std::nullopt;
                   }
                   return size;
                 },
                 .read = [inside](const std::string& path) -> std::string {
                   const auto full = inside(path);
                   if (!full) {
                     throw InvalidInput("cannot read '" + path + "'");
                   }
                   return read_whole_file(*full);
                 }};
}

Package zip_package(const ZipReader& zip) {
  return Package{.size = [&zip](const std::string& path) { return zip.size_of(path); },
                 .read =
                     [&zip](const std::string& path) {
                       std::optional<std::string> bytes = zip.read(path);
                       if (!bytes) {
                         throw InvalidInput(path + " is not in the package");
                       }
                       return std::move(*bytes);
                     }};
}

// The items an imsmanifest.xml lists (resources of type imsqti_item_*), each read with its
// pictures; an item that is absent or broken is an entry with the reason. The number of items
// and the size of the files they name are weighed against the budget before any is read.
ParsedBank read_manifest(const Package& package, const ImportOptions& options,
                         ImportBudget& budget) {
  const auto manifest = read_file(package, budget, "imsmanifest.xml");
  if (!manifest) {
    throw InvalidInput("the package has no imsmanifest.xml");
  }
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(
      manifest->data(), manifest->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed || std::string_view(document.document_element().name()) != "manifest") {
    throw InvalidInput("imsmanifest.xml is not an IMS manifest");
  }
  std::vector<std::string> hrefs;
  for (const pugi::xpath_node& found : document.select_nodes("//*[local-name()='resource']")) {
    const pugi::xml_node resource = found.node();
    if (std::string_view(resource.attribute("type").as_string()).starts_with("imsqti_item")) {
      hrefs.emplace_back(resource.attribute("href").as_string());
    }
  }
  budget.require_questions(hrefs.size());
  // The items' files together, from the sizes the package declares, before reading one.
  std::uint64_t listed_bytes = 0;
  std::map<std::string, int> first_listed;  // path -> entry index
  for (const std::string& href : hrefs) {
    std::string why;
    const std::string path = package_path("", href, why);
    if (path.empty() || first_listed.count(path) != 0) {
      continue;
    }
    first_listed[path] = 0;
    try {
      if (const auto size = package.size(path); size && *size <= budget.limits().file_bytes) {
        listed_bytes += *size;
      }
    } catch (const InvalidInput&) {
      // a damaged entry is reported with its item below
    }
  }
  if (listed_bytes > budget.limits().total_bytes - budget.spent()) {
    budget.spend(listed_bytes, "the items the manifest lists");  // throws, naming the limit
  }
  ParsedBank bank;
  int index = 0;
  for (const std::string& href : hrefs) {
    BankEntry failed;
    failed.index = ++index;
    failed.name = href;
    std::string why;
    const std::string path = package_path("", href, why);
    if (path.empty()) {
      failed.reason = "the manifest names an item outside the package: " + href;
      bank.entries.push_back(std::move(failed));
      continue;
    }
    int& first = first_listed[path];
    if (first != 0) {
      failed.reason = "the manifest lists \"" + path + "\" again: it is imported once (entry " +
                      std::to_string(first) + ")";
      bank.entries.push_back(std::move(failed));
      continue;
    }
    first = index;
    try {
      const auto text = read_file(package, budget, path);
      if (!text) {
        failed.reason =
            "the manifest names the item \"" + path + "\", which the package does not hold";
        bank.entries.push_back(std::move(failed));
        continue;
      }
      const auto slash = path.find_last_of('/');
      const ItemFiles files{.package = package,
                            .folder = slash == std::string::npos ? "" : path.substr(0, slash)};
      bank.entries.push_back(read_item(*text, index, options, budget, &files));
    } catch (const ImportTooLarge&) {
      throw;
    } catch (const InvalidInput& error) {
      failed.reason = path + ": " + error.what();
      bank.entries.push_back(std::move(failed));
    }
  }
  if (bank.entries.empty()) {
    throw InvalidInput("the package lists no QTI item (resources of type imsqti_item_xmlv2p1)");
  }
  return bank;
}

ParsedBank read_zip(std::string_view bytes, const ImportOptions& options, ImportBudget& budget) {
  const ZipReader zip(bytes, options.limits.file_bytes);
  return read_manifest(zip_package(zip), options, budget);
}

}  // namespace

ParsedBank read_qti(std::string_view text, const ImportOptions& options) {
  ImportBudget budget(options.limits);
  budget.spend(text.size(), "the QTI item");
  ParsedBank bank;
  bank.entries.push_back(read_item(text, 1, options, budget, nullptr));
  return bank;
}

bool looks_like_zip(std::string_view bytes) {
  return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06");
}

ParsedBank read_qti_zip(std::string_view bytes, const ImportOptions& options) {
  ImportBudget budget(options.limits);
  return read_zip(bytes, options, budget);
}

ParsedBank read_qti_package(const std::filesystem::path& path, const ImportOptions& options) {
  ImportBudget budget(options.limits);
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return read_manifest(folder_package(path), options, budget);
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    throw InvalidInput("cannot read '" + path.string() + "'");
  }
  // An archive is bounded by the total; a single item by the limit of one file.
  if (size > options.limits.total_bytes) {
    budget.spend(size, "'" + path.filename().string() + "'");  // throws, naming the limit
  }
  const std::string bytes = read_whole_file(path);
  if (looks_like_zip(bytes)) {
    return read_zip(bytes, options, budget);
  }
  budget.spend_file(bytes.size(), "'" + path.filename().string() + "'");
  ParsedBank bank;
  const Package beside = folder_package(path.parent_path().empty() ? "." : path.parent_path());
  const ItemFiles files{.package = beside, .folder = ""};
  bank.entries.push_back(read_item(bytes, 1, options, budget, &files));
  return bank;
}

}  // namespace imaginecole::exercises
