// SPDX-License-Identifier: AGPL-3.0-or-later
// Both implementations of SearchIndex. They share the query preparation (query_text.hpp) and the
// filters; they differ in how they match, rank and cut snippets. User input only ever reaches
// the database as bound parameters: on SQLite the MATCH expression is built from folded words,
// each quoted, so FTS5 syntax typed by a user (NEAR, *, ", ^, :, -) is plain text.
#include "search/search_index.hpp"

#include <algorithm>

#include "search/excerpt.hpp"
#include "search/french_tokenizer.hpp"
#include "search/query_text.hpp"
#include "search/snippet.hpp"

namespace imaginecole::search {
namespace {

using storage::Value;

// "?, ?, ?" for `count` parameters.
std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += i == 0 ? "?" : ", ?";
  }
  return out;
}

// SQL for the filters (on `r`, the resources row) and their parameters, in order. Empty
// without filters: the index holds published resources only (migration 0030).
struct FilterSql {
  std::string where;
  std::vector<Value> params;
};

FilterSql filter_sql(const SearchFilters& filters, storage::Backend backend) {
  FilterSql out;
  // Slug and exam lists are JSON arrays of plain strings ("[\"mathematiques\"]"): a value
  // without quote or backslash (search_request.cpp allows none) is in the list exactly when
  // its quoted form is in the text. Finding it there costs far less than parsing the JSON of
  // every match; a value with such characters is looked up the slow, exact way.
  const auto list_contains = [&](std::string_view column, const std::string& value) {
    if (value.find_first_of("\"\\") == std::string::npos) {
      out.params.emplace_back("\"" + value + "\"");
      return backend == storage::Backend::sqlite ? "instr(" + std::string(column) + ", ?) > 0"
                                                 : "strpos(" + std::string(column) + ", ?) > 0";
    }
    out.params.emplace_back(value);
    return backend == storage::Backend::sqlite
               ? "EXISTS (SELECT 1 FROM json_each(" + std::string(column) +
                     ") AS j WHERE j.value = ?)"
               : std::string(column) + "::jsonb @> jsonb_build_array(?::text)";
  };
  if (!filters.country.empty() || !filters.level_ids.empty()) {
    out.where +=
        " AND EXISTS (SELECT 1 FROM placements p WHERE p.resource_id = r.id AND p.hidden = 0";
    if (!filters.country.empty()) {
      out.where += " AND p.country_code = ?";
      out.params.emplace_back(filters.country);
    }
    if (!filters.level_ids.empty()) {
      out.where += " AND p.level_id IN (" + placeholders(filters.level_ids.size()) + ")";
      out.params.insert(out.params.end(), filters.level_ids.begin(), filters.level_ids.end());
    }
    if (!filters.level.empty() && !filters.country.empty()) {
      out.where +=
          " AND p.level_id IN (SELECT n.id FROM curriculum_nodes n WHERE n.country_code = ?"
          " AND n.kind = 'level' AND n.slug = ?)";
      out.params.emplace_back(filters.country);
      out.params.emplace_back(filters.level);
    }
    if (!filters.subject.empty()) {
      out.where += " AND p.subject_slug = ?";
      out.params.emplace_back(filters.subject);
    }
    out.where += ")";
  } else if (!filters.subject.empty()) {
    out.where += " AND " + list_contains("r.subject_slugs", filters.subject);
  }
  if (!filters.kind.empty()) {
    out.where += " AND r.kind = ?";
    out.params.emplace_back(filters.kind);
  }
  if (!filters.language.empty()) {
    out.where += " AND r.language = ?";
    out.params.emplace_back(filters.language);
  }
  if (!filters.exam.empty()) {
    out.where += " AND " + list_contains("r.exam_codes", filters.exam);
  }
  return out;
}

std::vector<Value> concat(Value first, const std::vector<Value>& middle,
                          std::initializer_list<Value> last = {}) {
  std::vector<Value> out;
  out.reserve(middle.size() + last.size() + 1);
  out.push_back(std::move(first));
  out.insert(out.end(), middle.begin(), middle.end());
  out.insert(out.end(), last.begin(), last.end());
  return out;
}

// Columns: id, title, kind, language, origin_country, summary, body.
SearchHit hit_from(const storage::Row& row, const std::vector<std::string>& stems) {
  return SearchHit{
      .id = row.text(0),
      .title = row.text(1),
      .kind = row.text(2),
      .language = row.text(3),
      .origin_country = row.text(4),
      .snippet_html = snippet_html(marked_excerpt(row.text(1), row.text(5), row.text(6), stems))};
}

// The query's words as the index holds them (stems), to mark them in excerpts.
std::vector<std::string> query_stems(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) {
    text += text.empty() ? word : " " + word;
  }
  return french_tokens(text);
}

// One query for the page's hits: where each is placed, preferring the chosen country, then a
// level named in the query, then the resource's origin country.
void add_placements(storage::Connection& connection, const SearchFilters& filters,
                    std::vector<SearchHit>& hits) {
  if (hits.empty()) {
    return;
  }
  std::vector<Value> params;
  params.reserve(hits.size());
  for (const auto& hit : hits) {
    params.emplace_back(hit.id);
  }
  const auto rows = connection.query(
      "SELECT p.resource_id, p.country_code, p.level_id, p.subject_slug FROM placements p"
      " WHERE p.hidden = 0 AND p.resource_id IN (" +
          placeholders(hits.size()) + ") ORDER BY p.resource_id, p.country_code, p.position, p.id",
      params);
  for (auto& hit : hits) {
    int best = -1;
    for (const auto& row : rows.rows) {
      if (row.text(0) != hit.id) {
        continue;
      }
      const bool named_level = std::find(filters.level_ids.begin(), filters.level_ids.end(),
                                         row.text(2)) != filters.level_ids.end();
      const bool subject =
          filters.subject.empty() || (!row.is_null(3) && row.text(3) == filters.subject);
      const int score = (row.text(1) == filters.country ? 8 : 0) + (named_level ? 4 : 0) +
                        (subject ? 2 : 0) + (row.text(1) == hit.origin_country ? 1 : 0);
      if (score > best) {
        best = score;
        hit.placement_country = row.text(1);
        hit.placement_level_id = row.text(2);
        hit.placement_subject = row.is_null(3) ? "" : row.text(3);
      }
    }
  }
}

int clamp_page(int page) {
  return std::clamp(page, 1, kMaxPage);
}

SearchResults nothing_to_search(const SearchQuery& query) {
  SearchResults results;
  results.page = clamp_page(query.page);
  results.nothing_to_search = true;
  return results;
}

// A match of one tier: the resource (by its index row number on SQLite, its id on
// PostgreSQL) and its relevance.
struct Candidate {
  std::int64_t rowid = 0;
  std::string id;
  double score = 0;
  bool in_title = false;  // every word in the title (filled by first_matches)
};

enum class Tier { title, body };

// What a backend does for the shared steps below.
class TierSource {
 public:
  virtual ~TierSource() = default;
  // Matches, counted up to `cap`.
  virtual std::int64_t count(std::int64_t cap) = 0;
  // The first `limit` matches of `tier` in the index's order, each with its relevance.
  virtual std::vector<Candidate> first_of(Tier tier, std::int64_t limit) = 0;
  // The first `limit` matches of both tiers in the index's order, in one pass, each with its
  // relevance and its tier.
  virtual std::vector<Candidate> first_matches(std::int64_t limit) = 0;
  // The rows of a page's resources (id, title, kind, language, origin_country, summary,
  // body), in the page's order.
  virtual std::vector<storage::Row> rows_of(const std::vector<Candidate>& page) = 0;
};

bool more_relevant(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) {
    return a.score > b.score;
  }
  // Equally relevant: the newer first, as in the index's order.
  return a.rowid != b.rowid ? a.rowid > b.rowid : a.id > b.id;
}

// The page's resources in rank order (SearchLimits): each tier fetched only as far as the page
// needs, its first `ranked_titles` or `ranked_others` matches sorted by relevance, the rest kept
// in the index's order.
std::vector<Candidate> ranked_page(TierSource& source, const SearchLimits& limits,
                                   std::int64_t offset, std::int64_t size) {
  const auto rank_window = [&](std::vector<Candidate>& list, std::int64_t window) {
    const auto end = list.begin() + std::min<std::int64_t>(window, std::ssize(list));
    std::stable_sort(list.begin(), end, more_relevant);
  };
  std::vector<Candidate> page;
  std::int64_t skip = offset;
  for (const Tier tier : {Tier::title, Tier::body}) {
    const std::int64_t wanted = size - std::ssize(page);
    if (wanted <= 0) {
      break;
    }
    const std::int64_t window =
        std::max(tier == Tier::title ? limits.ranked_titles : limits.ranked_others, 0);
    const std::int64_t limit = std::max(window, skip + wanted);
    std::vector<Candidate> matches = source.first_of(tier, limit);
    rank_window(matches, window);
    for (std::int64_t i = skip; i < std::ssize(matches) && std::ssize(page) < size; ++i) {
      page.push_back(std::move(matches[static_cast<std::size_t>(i)]));
    }
    // A tier that filled its limit holds the whole page; else it is complete, and the next
    // tier's positions start after it.
    skip = std::max<std::int64_t>(0, skip - std::ssize(matches));
  }
  return page;
}

// With filters, every match costs a look at its filter row, and a selective filter over common
// words means walking many matches for a few results: the walk is done once, up to the cap, and
// all it finds is ranked (title tier first).
std::vector<Candidate> ranked_in_one_pass(TierSource& source, std::int64_t cap,
                                          SearchResults& results) {
  std::vector<Candidate> matches = source.first_matches(cap + 1);
  results.total = std::min<std::int64_t>(std::ssize(matches), cap);
  results.total_capped = std::ssize(matches) > cap;
  matches.resize(static_cast<std::size_t>(results.total));
  std::stable_sort(matches.begin(), matches.end(), [](const Candidate& a, const Candidate& b) {
    return a.in_title != b.in_title ? a.in_title : more_relevant(a, b);
  });
  return matches;
}

// The shared steps: count, rank a page, read its rows and cut their excerpts.
SearchResults tiered_search(storage::Connection& connection, TierSource& source,
                            const SearchLimits& limits, const SearchQuery& query,
                            const std::vector<std::string>& words, bool filtered) {
  SearchResults results;
  results.page = clamp_page(query.page);
  const std::int64_t cap = std::max(filtered ? limits.counted_with_filters : limits.counted, 1);
  const std::int64_t offset = std::int64_t{results.page - 1} * kResultsPerPage;
  std::vector<Candidate> page;
  if (filtered) {
    std::vector<Candidate> ranked = ranked_in_one_pass(source, cap, results);
    for (std::int64_t i = offset; i < std::ssize(ranked) && std::ssize(page) < kResultsPerPage;
         ++i) {
      page.push_back(std::move(ranked[static_cast<std::size_t>(i)]));
    }
  } else {
    const std::int64_t counted = source.count(cap + 1);
    results.total = std::min(counted, cap);
    results.total_capped = counted > cap;
    const std::int64_t size = std::min<std::int64_t>(kResultsPerPage, results.total - offset);
    if (size > 0) {
      page = ranked_page(source, limits, offset, size);
    }
  }
  if (page.empty()) {
    return results;
  }
  const auto stems = query_stems(words);
  for (const auto& row : source.rows_of(page)) {
    results.hits.push_back(hit_from(row, stems));
  }
  add_placements(connection, query.filters, results.hits);
  return results;
}

// The rows of `result` in the order of `page`; `is_row_of(row, candidate)` pairs them.
template <typename IsRowOf>
std::vector<storage::Row> in_page_order(storage::QueryResult result,
                                        const std::vector<Candidate>& page, IsRowOf is_row_of) {
  std::vector<storage::Row> out;
  for (const auto& candidate : page) {
    for (auto& row : result.rows) {
      // A row already moved out is empty.
      if (row.size() > 0 && is_row_of(row, candidate)) {
        out.push_back(std::move(row));
        break;
      }
    }
  }
  return out;
}

// FTS5: resource_search (title, summary, body) and resource_title_search (title), published
// resources only, sharing row numbers with resource_search_rows, whose short rows carry what
// filters read. Without filters the index is read alone. With filters, CROSS JOIN fixes the
// order: the full-text match drives (newest row first, which LIMIT cuts short), then each
// match's filter row; left free, the planner may walk the other table and run the MATCH once
// per row.
class SqliteTiers final : public TierSource {
 public:
  SqliteTiers(storage::Connection& connection, std::string match, const FilterSql& filters,
              std::int64_t phrases)
      : connection_(connection), match_(std::move(match)), filters_(filters), phrases_(phrases) {}

  std::int64_t count(std::int64_t cap) override {
    const auto rows =
        connection_.query("SELECT count(*) FROM (SELECT 1" + from("resource_search") + " LIMIT ?)",
                          concat(match_, filters_.params, {cap}));
    return rows.empty() ? 0 : rows.front().integer(0);
  }

  std::vector<Candidate> first_of(Tier tier, std::int64_t limit) override {
    const std::string table = tier == Tier::title ? "resource_title_search" : "resource_search";
    // Title tier: the title index ranks by the title alone. Body tier: every word, and not
    // every word in the title (the title tier's complement), ranked over the three columns.
    const std::string rank = tier == Tier::title
                                 ? "imaginecole_rank(resource_title_search, ?)"
                                 : "imaginecole_rank(resource_search, ?, 10.0, 4.0, 1.0)";
    const std::string match =
        tier == Tier::title ? match_ : "(" + match_ + ") NOT {title} : (" + match_ + ")";
    const auto rows = connection_.query("SELECT " + table + ".rowid, " + rank + from(table) +
                                            " ORDER BY " + table + ".rowid DESC LIMIT ?",
                                        concat(phrases_, concat(match, filters_.params, {limit})));
    std::vector<Candidate> out;
    out.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
      out.push_back({.rowid = row.integer(0), .score = row.real(1)});
    }
    return out;
  }

  std::vector<Candidate> first_matches(std::int64_t limit) override {
    const auto rows = connection_.query(
        "SELECT resource_search.rowid, imaginecole_rank(resource_search, ?, 10.0, 4.0, 1.0),"
        " imaginecole_title_match(resource_search)" +
            from("resource_search") + " ORDER BY resource_search.rowid DESC LIMIT ?",
        concat(phrases_, concat(match_, filters_.params, {limit})));
    std::vector<Candidate> out;
    out.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
      out.push_back(
          {.rowid = row.integer(0), .score = row.real(1), .in_title = row.integer(2) != 0});
    }
    return out;
  }

  std::vector<storage::Row> rows_of(const std::vector<Candidate>& page) override {
    std::vector<Value> params;
    params.reserve(page.size());
    for (const auto& candidate : page) {
      params.emplace_back(candidate.rowid);
    }
    auto rows = connection_.query(
        "SELECT r.id, r.title, r.kind, r.language, r.origin_country, r.summary, r.body,"
        " k.search_rowid FROM resource_search_rows k CROSS JOIN resources r ON r.id = k.id"
        " WHERE k.search_rowid IN (" +
            placeholders(page.size()) + ")",
        params);
    return in_page_order(std::move(rows), page, [](const storage::Row& row, const Candidate& hit) {
      return row.integer(7) == hit.rowid;
    });
  }

 private:
  std::string from(const std::string& table) const {
    if (filters_.where.empty()) {
      return " FROM " + table + " WHERE " + table + " MATCH ?";
    }
    return " FROM " + table + " CROSS JOIN resource_search_rows r ON r.search_rowid = " + table +
           ".rowid WHERE " + table + " MATCH ?" + filters_.where;
  }

  storage::Connection& connection_;
  std::string match_;
  const FilterSql& filters_;
  std::int64_t phrases_;
};

class SqliteSearchIndex final : public SearchIndex {
 public:
  SqliteSearchIndex(storage::Database& database, SearchLimits limits)
      : database_(database), limits_(limits) {}

  SearchResults search(const SearchQuery& query) override {
    const std::vector<std::string> words = query_words(query.text);
    if (words.empty()) {
      return nothing_to_search(query);
    }
    // Every word a quoted FTS5 string: implicit AND, no operator can be smuggled in.
    std::string match;
    for (const auto& word : words) {
      match += match.empty() ? "\"" : " \"";
      for (const char c : word) {
        match += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      match += '"';
    }
    const FilterSql filters = filter_sql(query.filters, storage::Backend::sqlite);
    auto connection = database_.read();
    storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
    SqliteTiers tiers(*connection, std::move(match), filters, std::ssize(words));
    return tiered_search(*connection, tiers, limits_, query, words, !filters.where.empty());
  }

 private:
  storage::Database& database_;
  SearchLimits limits_;
};

// PostgreSQL: resource_search (published resources only) and its GIN indexes on document and
// title_document. Each tier is read in descending id order (UUIDv7: newest first) with LIMIT,
// so that the planner may walk the primary key and stop early when the words are common, or
// use a GIN index and sort the few matches when they are rare; relevance is computed outside,
// for the limited rows only.
class PostgresTiers final : public TierSource {
 public:
  PostgresTiers(storage::Connection& connection, std::string text, const FilterSql& filters)
      : connection_(connection), text_(std::move(text)), filters_(filters) {}

  std::int64_t count(std::int64_t cap) override {
    const auto rows =
        connection_.query("SELECT count(*) FROM (SELECT 1" + from() + " WHERE s.document @@ q" +
                              filters_.where + " LIMIT ?) AS c",
                          concat(text_, filters_.params, {cap}));
    return rows.empty() ? 0 : rows.front().integer(0);
  }

  std::vector<Candidate> first_of(Tier tier, std::int64_t limit) override {
    const std::string where = tier == Tier::title
                                  ? " WHERE s.title_document @@ q"
                                  : " WHERE s.document @@ q AND NOT s.title_document @@ q";
    const std::string rank = tier == Tier::title
                                 ? "ts_rank_cd(m.title_document, m.q)"
                                 : "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', m.document, m.q)";
    const auto rows = connection_.query(
        "SELECT m.resource_id, " + rank +
            "::float8 FROM (SELECT s.resource_id, s.document, s.title_document, q" + from() +
            where + filters_.where + " ORDER BY s.resource_id DESC LIMIT ?) AS m",
        concat(text_, filters_.params, {limit}));
    std::vector<Candidate> out;
    out.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
      out.push_back({.id = row.text(0), .score = row.real(1)});
    }
    return out;
  }

  std::vector<Candidate> first_matches(std::int64_t limit) override {
    const auto rows = connection_.query(
        "SELECT m.resource_id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', m.document, m.q)::float8,"
        " (m.title_document @@ m.q)::int"
        " FROM (SELECT s.resource_id, s.document, s.title_document, q" +
            from() + " WHERE s.document @@ q" + filters_.where +
            " ORDER BY s.resource_id DESC LIMIT ?) AS m",
        concat(text_, filters_.params, {limit}));
    std::vector<Candidate> out;
    out.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
      out.push_back({.id = row.text(0), .score = row.real(1), .in_title = row.integer(2) != 0});
    }
    return out;
  }

  std::vector<storage::Row> rows_of(const std::vector<Candidate>& page) override {
    std::vector<Value> params;
    params.reserve(page.size());
    for (const auto& candidate : page) {
      params.emplace_back(candidate.id);
    }
    auto rows = connection_.query(
        "SELECT r.id, r.title, r.kind, r.language, r.origin_country, r.summary, r.body"
        " FROM resources r WHERE r.id IN (" +
            placeholders(page.size()) + ")",
        params);
    return in_page_order(std::move(rows), page, [](const storage::Row& row, const Candidate& hit) {
      return row.text(0) == hit.id;
    });
  }

 private:
  std::string from() const {
    return filters_.where.empty()
               ? " FROM resource_search s, plainto_tsquery('imaginecole_fr', ?) AS q"
               : " FROM resource_search s JOIN resources r ON r.id = s.resource_id,"
                 " plainto_tsquery('imaginecole_fr', ?) AS q";
  }

  storage::Connection& connection_;
  std::string text_;
  const FilterSql& filters_;
};

class PostgresSearchIndex final : public SearchIndex {
 public:
  PostgresSearchIndex(storage::Database& database, SearchLimits limits)
      : database_(database), limits_(limits) {}

  SearchResults search(const SearchQuery& query) override {
    const std::vector<std::string> words = query_words(query.text);
    if (words.empty()) {
      return nothing_to_search(query);
    }
    // plainto_tsquery ignores every operator: the words are ANDed as plain text.
    std::string text;
    for (const auto& word : words) {
      text += text.empty() ? word : " " + word;
    }
    const FilterSql filters = filter_sql(query.filters, storage::Backend::postgres);
    auto connection = database_.read();
    storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
    // A prepared statement run often gets a generic plan, made without knowing the words: it
    // cannot tell a rare word (use the GIN index) from a common one (walk in id order and stop
    // early), and a wrong guess cost 0.6 s where the right plan takes 17 ms. Plan each search
    // for its own words, and without parallel workers: a search is short, and starting them
    // costs more (this transaction only).
    connection->execute_script(
        "SET LOCAL plan_cache_mode = force_custom_plan;"
        " SET LOCAL max_parallel_workers_per_gather = 0");
    PostgresTiers tiers(*connection, std::move(text), filters);
    return tiered_search(*connection, tiers, limits_, query, words, !filters.where.empty());
  }

 private:
  storage::Database& database_;
  SearchLimits limits_;
};

}  // namespace

std::unique_ptr<SearchIndex> make_search_index(storage::Database& database, SearchLimits limits) {
  if (database.backend() == storage::Backend::sqlite) {
    return std::make_unique<SqliteSearchIndex>(database, limits);
  }
  return std::make_unique<PostgresSearchIndex>(database, limits);
}

}  // namespace imaginecole::search
