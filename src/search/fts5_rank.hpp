// SPDX-License-Identifier: AGPL-3.0-or-later
// The FTS5 functions search ranks with.
//
// imaginecole_rank(table, phrases, weight...): the relevance of an FTS5 row to the query, for
// ranking a bounded window of matches (decision 0050). BM25's saturation of repeated words and its
// length normalisation, each column weighted, but without BM25's inverse document frequency:
// FTS5's bm25() counts the rows holding each query word on every query, a scan of whole
// posting lists that cost more than ranking the window itself. Higher is better.
#pragma once

#include <sqlite3.h>

namespace imaginecole::search {

// imaginecole_title_match(table): 1 when every phrase of the query is in the first column.
//
// Registers both functions on one connection's FTS5. Returns an SQLite result code.
int register_ranking_functions(fts5_api* api);

}  // namespace imaginecole::search
