// SPDX-License-Identifier: AGPL-3.0-or-later
// The countries' level and subject names as search understands them. In "fraction cm2" the word
// "cm2" names a level: it becomes a filter (resources placed at a level of that name) and the
// rest is searched as text. With a country chosen (?country=SN) only that country's names
// count, so "ci" is Senegal's Cours d'Initiation there and plain text under ?country=CI:
// a country is only ever chosen by its parameter, never by a word of the query.
// Loaded once per content version (CurriculumWordsCache), so no search reads the curriculum.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::catalog {
class CurriculumStore;
}

namespace imaginecole::search {

struct LevelEntry {
  std::string id;
  std::string country;
  std::string slug;
  std::string names;  // JSON object by language
};

struct QueryWithNames {
  std::string text;                    // the query without the level and subject names
  std::vector<std::string> level_ids;  // levels named in the query
  std::string subject;                 // a subject slug named in the query
};

class CurriculumWords {
 public:
  static std::shared_ptr<const CurriculumWords> load(catalog::CurriculumStore& store);

  // Takes level and subject names out of `text` when words remain to search; `country` ("" for
  // all) limits the levels to those of that country.
  QueryWithNames extract(std::string_view text, std::string_view country) const;

  const LevelEntry* level(std::string_view id) const;
  std::string subject_name(std::string_view slug, std::string_view language) const;
  std::string country_name(std::string_view code, std::string_view language) const;

 private:
  std::vector<LevelEntry> levels_;
  std::map<std::string, std::size_t, std::less<>> level_index_;  // id -> levels_
  // Folded phrase ("cm2", "1re annee") -> level indexes / subject slug.
  std::map<std::string, std::vector<std::size_t>, std::less<>> level_phrases_;
  std::map<std::string, std::string, std::less<>> subject_phrases_;
  std::map<std::string, std::string, std::less<>> subject_names_;  // slug -> names JSON
  std::map<std::string, std::string, std::less<>> country_names_;  // code -> names JSON
};

// The names for the current content version, reloaded when it moves.
class CurriculumWordsCache {
 public:
  std::shared_ptr<const CurriculumWords> get(catalog::CurriculumStore& store, std::int64_t version);

 private:
  std::mutex mutex_;
  std::int64_t version_ = -1;
  std::shared_ptr<const CurriculumWords> words_;
};

}  // namespace imaginecole::search
