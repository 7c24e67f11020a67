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

// SQL for the filters (on `r`, the resources row) and their parameters, in order.
struct FilterSql {
  std::string where;
  std::vector<Value> params;
};

FilterSql filter_sql(const SearchFilters& filters, storage::Backend backend) {
  FilterSql out;
  out.where = " AND r.status = 'published'";
  const auto json_contains = [&](std::string_view column) {
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
      out.where += " AND p.level_id IN (";
      for (std::size_t i = 0; i < filters.level_ids.size(); ++i) {
        out.where += i == 0 ? "?" : ", ?";
        out.params.emplace_back(filters.level_ids[i]);
      }
      out.where += ")";
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
    out.where += " AND " + json_contains("r.subject_slugs");
    out.params.emplace_back(filters.subject);
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
    out.where += " AND " + json_contains("r.exam_codes");
    out.params.emplace_back(filters.exam);
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
  std::string placeholders;
  for (const auto& hit : hits) {
    placeholders += placeholders.empty() ? "?" : ", ?";
    params.emplace_back(hit.id);
  }
  const auto rows = connection.query(
      "SELECT p.resource_id, p.country_code, p.level_id, p.subject_slug FROM placements p"
      " WHERE p.hidden = 0 AND p.resource_id IN (" +
          placeholders + ") ORDER BY p.resource_id, p.country_code, p.position, p.id",
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

class SqliteSearchIndex final : public SearchIndex {
 public:
  explicit SqliteSearchIndex(storage::Database& database) : database_(database) {}

  SearchResults search(const SearchQuery& query) override {
    SearchResults results;
    results.page = clamp_page(query.page);
    const std::vector<std::string> words = query_words(query.text);
    if (words.empty()) {
      results.nothing_to_search = true;
      return results;
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
    const std::string from =
        // CROSS JOIN fixes the order: the full-text match drives, then each hit's filter row
        // (`r`: the columns filters read, copied by the triggers). Left free, the planner may
        // walk the other table and run the MATCH once per row.
        " FROM resource_search"
        " CROSS JOIN resource_search_rows r ON r.search_rowid = resource_search.rowid"
        " WHERE resource_search MATCH ?" +
        filters.where;

    auto connection = database_.read();
    storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
    const auto count_params = concat(match, filters.params);
    const auto count = connection->query("SELECT count(*)" + from, count_params);
    results.total = count.empty() ? 0 : count.front().integer(0);
    if (results.total == 0) {
      return results;
    }
    // First the page's rows in rank order, then their snippets: SQLite computes every selected
    // column before sorting, and snippet() re-reads (tokenizes) the text of each row it sees.
    const auto page = connection->query(
        "SELECT resource_search.rowid" + from +
            " ORDER BY imaginecole_title_match(resource_search) DESC,"
            " bm25(resource_search, 10.0, 4.0, 1.0), r.id LIMIT ? OFFSET ?",
        concat(
            match, filters.params,
            {std::int64_t{kResultsPerPage}, std::int64_t{(results.page - 1) * kResultsPerPage}}));
    if (page.empty()) {
      return results;
    }
    std::vector<Value> params;
    std::string placeholders;
    for (const auto& row : page.rows) {
      placeholders += placeholders.empty() ? "?" : ", ?";
      params.emplace_back(row.integer(0));
    }
    // Excerpts are cut here from the text (excerpt.hpp), not by snippet().
    const auto rows = connection->query(
        "SELECT r.id, r.title, r.kind, r.language, r.origin_country, r.summary, r.body,"
        " k.search_rowid FROM resource_search_rows k CROSS JOIN resources r ON r.id = k.id"
        " WHERE k.search_rowid IN (" +
            placeholders + ")",
        params);
    const auto stems = query_stems(words);
    for (const auto& ranked : page.rows) {
      const auto found = std::find_if(rows.rows.begin(), rows.rows.end(), [&](const auto& row) {
        return row.integer(7) == ranked.integer(0);
      });
      if (found != rows.rows.end()) {
        results.hits.push_back(hit_from(*found, stems));
      }
    }
    add_placements(*connection, query.filters, results.hits);
    return results;
  }

 private:
  storage::Database& database_;
};

class PostgresSearchIndex final : public SearchIndex {
 public:
  explicit PostgresSearchIndex(storage::Database& database) : database_(database) {}

  SearchResults search(const SearchQuery& query) override {
    SearchResults results;
    results.page = clamp_page(query.page);
    const std::vector<std::string> words = query_words(query.text);
    if (words.empty()) {
      results.nothing_to_search = true;
      return results;
    }
    // plainto_tsquery ignores every operator: the words are ANDed as plain text.
    std::string text;
    for (const auto& word : words) {
      text += text.empty() ? word : " " + word;
    }
    const FilterSql filters = filter_sql(query.filters, storage::Backend::postgres);
    const std::string from =
        " FROM resource_search s JOIN resources r ON r.id = s.resource_id,"
        " plainto_tsquery('imaginecole_fr', ?) AS q"
        " WHERE s.document @@ q" +
        filters.where;

    auto connection = database_.read();
    storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
    const auto count = connection->query("SELECT count(*)" + from, concat(text, filters.params));
    results.total = count.empty() ? 0 : count.front().integer(0);
    if (results.total == 0) {
      return results;
    }
    // Rank in the inner query; excerpts are cut from the page's rows (excerpt.hpp).
    const auto rows = connection->query(
        "SELECT r.id, r.title, r.kind, r.language, r.origin_country, r.summary, r.body"
        " FROM (SELECT r.id, s.title_document @@ q AS in_title,"
        " ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.document, q) AS rank" +
            from +
            " ORDER BY in_title DESC, rank DESC, r.id LIMIT ? OFFSET ?) AS hit"
            " JOIN resources r ON r.id = hit.id"
            " ORDER BY hit.in_title DESC, hit.rank DESC, hit.id",
        concat(
            text, filters.params,
            {std::int64_t{kResultsPerPage}, std::int64_t{(results.page - 1) * kResultsPerPage}}));
    const auto stems = query_stems(words);
    for (const auto& row : rows.rows) {
      results.hits.push_back(hit_from(row, stems));
    }
    add_placements(*connection, query.filters, results.hits);
    return results;
  }

 private:
  storage::Database& database_;
};

}  // namespace

std::unique_ptr<SearchIndex> make_search_index(storage::Database& database) {
  if (database.backend() == storage::Backend::sqlite) {
    return std::make_unique<SqliteSearchIndex>(database);
  }
  return std::make_unique<PostgresSearchIndex>(database);
}

}  // namespace imaginecole::search
