// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/skill_choices.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

using catalog::CurriculumNode;
using catalog::NodeKind;

const CurriculumNode* ancestor(const catalog::CountryCurriculum& curriculum,
                               const CurriculumNode& node, NodeKind kind) {
  for (const CurriculumNode* up = &node; up != nullptr;
       up = up->parent_id ? curriculum.find(*up->parent_id) : nullptr) {
    if (up->kind == kind) {
      return up;
    }
  }
  return nullptr;
}

// Lower case without the accents of French (UTF-8 two-byte letters of Latin-1).
std::string folded(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, char>, 16> kAccents = {{
      {"é", 'e'},
      {"è", 'e'},
      {"ê", 'e'},
      {"ë", 'e'},
      {"à", 'a'},
      {"â", 'a'},
      {"î", 'i'},
      {"ï", 'i'},
      {"ô", 'o'},
      {"ö", 'o'},
      {"û", 'u'},
      {"ù", 'u'},
      {"ü", 'u'},
      {"ç", 'c'},
      {"É", 'e'},
      {"È", 'e'},
  }};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [accent, plain] : kAccents) {
      if (text.substr(i).starts_with(accent)) {
        out.push_back(plain);
        i += accent.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      const char c = text[i++];
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return out;
}

// Words of four letters or more ("$course$/Fractions/Comparer" gives fractions, comparer).
std::set<std::string> words(std::string_view text) {
  std::set<std::string> out;
  const std::string plain = folded(text);
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 4) {
      out.insert(word);
    }
    word.clear();
  };
  for (const char c : plain) {
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
    if (letter) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  // Words every import category has, which name no skill.
  for (const char* common : {"course", "cours", "default", "defaut", "categorie", "category",
                             "pour", "avec", "dans", "questions", "question", "banque", "bank"}) {
    out.erase(common);
  }
  return out;
}

}  // namespace

std::vector<SkillChoice> skill_choices(const catalog::CountryCurriculum& curriculum,
                                       std::string_view language) {
  // Sorted by subject (in curriculum order), then each unit followed by its topics.
  struct Keyed {
    std::array<std::size_t, 3> key;
    SkillChoice choice;
  };
  const auto index_of = [&](const CurriculumNode* node) {
    return node == nullptr ? std::size_t{0}
                           : static_cast<std::size_t>(node - curriculum.nodes.data()) + 1;
  };
  std::vector<Keyed> keyed;
  for (const auto& node : curriculum.nodes) {
    if (node.kind != NodeKind::unit && node.kind != NodeKind::topic) {
      continue;
    }
    SkillChoice choice{.id = node.id, .label = web::localized(node.names, language)};
    const auto* unit = ancestor(curriculum, node, NodeKind::unit);
    if (node.kind == NodeKind::topic && unit != nullptr) {
      choice.label = web::localized(unit->names, language) + " › " + choice.label;
    }
    const auto* level = ancestor(curriculum, node, NodeKind::level);
    const auto* subject = ancestor(curriculum, node, NodeKind::subject);
    choice.group = (level ? web::localized(level->names, language) : std::string()) +
                   (level && subject ? " · " : "") +
                   (subject ? web::localized(subject->names, language) : std::string());
    keyed.push_back(
        {.key = {index_of(subject), index_of(unit), index_of(&node)}, .choice = std::move(choice)});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
  std::vector<SkillChoice> out;
  out.reserve(keyed.size());
  for (auto& entry : keyed) {
    out.push_back(std::move(entry.choice));
  }
  return out;
}

std::vector<SkillChoice> suggested_skills(const std::vector<SkillChoice>& choices,
                                          std::string_view category,
                                          const std::vector<std::string>& tagged) {
  std::vector<SkillChoice> out;
  const std::set<std::string> wanted = words(category);
  if (wanted.empty()) {
    return out;
  }
  for (const auto& choice : choices) {
    if (std::find(tagged.begin(), tagged.end(), choice.id) != tagged.end()) {
      continue;
    }
    const std::set<std::string> named = words(choice.label);
    if (std::any_of(named.begin(), named.end(),
                    [&](const std::string& word) { return wanted.contains(word); })) {
      out.push_back(choice);
    }
  }
  return out;
}

}  // namespace imaginecole::exercises
