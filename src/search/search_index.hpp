// SPDX-License-Identifier: AGPL-3.0-or-later
// French full-text search over the shared library. One interface, two implementations that
// behave the same: SQLite FTS5 with the imaginecole_fr tokenizer, PostgreSQL full-text search
// with the imaginecole_fr configuration (unaccent + french_stem). Both indexes are kept in step
// with `resources` by triggers (migration 0004), so writers need not know search exists.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::search {

inline constexpr int kResultsPerPage = 20;
inline constexpr int kMaxPage = 500;

// Empty strings mean "any".
struct SearchFilters {
  std::string country;   // ISO code: only resources placed, and not hidden, in that country
  std::string level;     // level slug within `country`
  std::string subject;   // subject slug (the placement's subject when `country` is given)
  std::string kind;      // lesson, exercise_set, ...
  std::string language;  // BCP 47
  std::string exam;      // exam code the resource prepares for
  // Levels (node ids, any country) named in the query's words: placed at one of them.
  std::vector<std::string> level_ids;
};

struct SearchQuery {
  std::string text;
  SearchFilters filters;
  int page = 1;  // 1-based
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string kind;
  std::string language;
  std::string origin_country;
  std::string snippet_html;  // escaped text with <mark> around matched words
  // Where the resource is placed, to show it in words: in the chosen country, at a level named
  // in the query, else in its origin country. Empty when it is placed nowhere.
  std::string placement_country;
  std::string placement_level_id;
  std::string placement_subject;
};

struct SearchResults {
  // How many resources match, counted up to SearchLimits' cap; when more match,
  // `total_capped` is set and `total` is the cap: the results end there.
  std::int64_t total = 0;
  bool total_capped = false;
  int page = 1;
  std::vector<SearchHit> hits;
  // True when the query held no searchable word (empty, only stop words or punctuation).
  bool nothing_to_search = false;
};

// How much work one search may do, whatever the query (decision 0050). Results come in two
// tiers: the resources whose title holds every word, then the others.
// * Without filters, within a tier the first matches in the index's order (newest first:
//   SQLite's row numbers, PostgreSQL's time-ordered ids, descending) are ranked by relevance,
//   `ranked_titles` of the title tier (a title is short: ranking one costs little) and
//   `ranked_others` of the other; any further matches of the tier follow in the index's order.
//   Matches are counted up to `counted`, and no result lies beyond it.
// * With filters (country, level, subject, kind, language, exam, or a level or subject named
//   in the query), each match costs a look at its filter row and a selective filter means
//   walking many matches for few results: the first `counted_with_filters` matches that pass
//   are found in one walk, all ranked, and no result lies beyond them.
struct SearchLimits {
  int ranked_titles = 5000;
  int ranked_others = 200;
  int counted = 1000;
  int counted_with_filters = 200;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Only published resources; all words must match; title matches first.
  virtual SearchResults search(const SearchQuery& query) = 0;
};

// The implementation for the database's backend.
std::unique_ptr<SearchIndex> make_search_index(storage::Database& database,
                                               SearchLimits limits = {});

}  // namespace imaginecole::search
