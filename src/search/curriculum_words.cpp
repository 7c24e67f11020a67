// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/curriculum_words.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "catalog/curriculum_store.hpp"
#include "search/query_text.hpp"
#include "web/page.hpp"

namespace imaginecole::search {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxPhraseWords = 4;

// "Cours d'initiation" -> "cours d initiation"; "7e-annee" -> "7e annee".
std::string phrase_of(std::string_view text) {
  std::string out;
  for_each_word(
      text, [&](const Word& word) { out += out.empty() ? fold(word.raw) : " " + fold(word.raw); });
  return out;
}

// Every name of a names object ({"fr": "CM2", "en": "Year 6"}), as phrases.
std::vector<std::string> phrases_of_names(std::string_view names_json) {
  std::vector<std::string> out;
  json::error_code ec;
  const json::value names = json::parse(names_json, ec);
  if (ec || !names.is_object()) {
    return out;
  }
  for (const auto& [language, name] : names.as_object()) {
    if (name.is_string()) {
      out.push_back(phrase_of(name.as_string()));
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<const CurriculumWords> CurriculumWords::load(catalog::CurriculumStore& store) {
  auto words = std::make_shared<CurriculumWords>();
  for (const auto& node : store.all_cycles_and_levels()) {
    if (node.kind != catalog::NodeKind::level || node.retired) {
      continue;
    }
    const std::size_t index = words->levels_.size();
    words->levels_.push_back(LevelEntry{
        .id = node.id, .country = node.country_code, .slug = node.slug, .names = node.names});
    words->level_index_[node.id] = index;
    auto phrases = phrases_of_names(node.names);
    phrases.push_back(phrase_of(node.slug));
    std::sort(phrases.begin(), phrases.end());
    phrases.erase(std::unique(phrases.begin(), phrases.end()), phrases.end());
    for (const auto& phrase : phrases) {
      if (!phrase.empty()) {
        words->level_phrases_[phrase].push_back(index);
      }
    }
  }
  for (const auto& subject : store.subjects()) {
    words->subject_names_[subject.slug] = subject.names;
    for (const auto& phrase : phrases_of_names(subject.names)) {
      if (!phrase.empty()) {
        words->subject_phrases_.emplace(phrase, subject.slug);
      }
    }
  }
  for (const auto& country : store.countries()) {
    words->country_names_[country.code] = country.names;
  }
  return words;
}

QueryWithNames CurriculumWords::extract(std::string_view text, std::string_view country) const {
  QueryWithNames out{.text = std::string(text)};
  std::vector<Word> words;
  for_each_word(text, [&](const Word& word) { words.push_back(word); });
  std::vector<std::pair<std::size_t, std::size_t>> cut;  // byte ranges to take out
  std::vector<std::string> level_ids;
  std::string subject;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    for (std::size_t length = std::min(kMaxPhraseWords, words.size() - i); length > 0 && !matched;
         --length) {
      std::string phrase;
      for (std::size_t k = i; k < i + length; ++k) {
        phrase += (phrase.empty() ? "" : " ") + fold(words[k].raw);
      }
      if (const auto levels = level_phrases_.find(phrase); levels != level_phrases_.end()) {
        for (const std::size_t index : levels->second) {
          if (country.empty() || levels_[index].country == country) {
            level_ids.push_back(levels_[index].id);
            matched = length;
          }
        }
      }
      if (!matched && subject.empty()) {
        if (const auto found = subject_phrases_.find(phrase); found != subject_phrases_.end()) {
          subject = found->second;
          matched = length;
        }
      }
    }
    if (matched) {
      cut.emplace_back(words[i].start, words[i + matched - 1].end);
      i += matched;
    } else {
      ++i;
    }
  }
  if (cut.empty()) {
    return out;
  }
  std::string rest(text);
  for (auto it = cut.rbegin(); it != cut.rend(); ++it) {
    rest.replace(it->first, it->second - it->first, " ");
  }
  // A query made only of names stays text: the index needs a word to match.
  if (query_words(rest).empty()) {
    return out;
  }
  out.text = std::move(rest);
  out.level_ids = std::move(level_ids);
  out.subject = std::move(subject);
  return out;
}

const LevelEntry* CurriculumWords::level(std::string_view id) const {
  const auto found = level_index_.find(id);
  return found != level_index_.end() ? &levels_[found->second] : nullptr;
}

std::string CurriculumWords::subject_name(std::string_view slug, std::string_view language) const {
  const auto found = subject_names_.find(slug);
  return found != subject_names_.end() ? web::localized(found->second, language) : "";
}

std::string CurriculumWords::country_name(std::string_view code, std::string_view language) const {
  const auto found = country_names_.find(code);
  return found != country_names_.end() ? web::localized(found->second, language)
                                       : std::string(code);
}

std::shared_ptr<const CurriculumWords> CurriculumWordsCache::get(catalog::CurriculumStore& store,
                                                                 std::int64_t version) {
  std::lock_guard lock(mutex_);
  if (!words_ || version != version_) {
    words_ = CurriculumWords::load(store);
    version_ = version;
  }
  return words_;
}

}  // namespace imaginecole::search
