// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/fts5_rank.hpp"

#include <algorithm>
#include <new>
#include <vector>

namespace imaginecole::search {
namespace {

constexpr double kSaturation = 1.2;     // BM25's k1
constexpr double kLengthWeight = 0.75;  // BM25's b

// Per query: the columns' average lengths (from FTS5's stored totals, no scan).
struct ColumnAverages {
  std::vector<double> average;
};

void delete_averages(void* data) {
  delete static_cast<ColumnAverages*>(data);
}

const ColumnAverages* averages_of(const Fts5ExtensionApi* api, Fts5Context* context) {
  if (auto* cached = static_cast<ColumnAverages*>(api->xGetAuxdata(context, 0))) {
    return cached;
  }
  auto* averages = new (std::nothrow) ColumnAverages();
  if (averages == nullptr) {
    return nullptr;
  }
  const int columns = api->xColumnCount(context);
  sqlite3_int64 rows = 0;
  if (api->xRowCount(context, &rows) != SQLITE_OK) {
    delete averages;
    return nullptr;
  }
  averages->average.assign(static_cast<std::size_t>(columns), 1.0);
  for (int column = 0; column < columns; ++column) {
    sqlite3_int64 total = 0;
    if (api->xColumnTotalSize(context, column, &total) == SQLITE_OK && rows > 0 && total > 0) {
      averages->average[static_cast<std::size_t>(column)] =
          static_cast<double>(total) / static_cast<double>(rows);
    }
  }
  if (api->xSetAuxdata(context, averages, delete_averages) != SQLITE_OK) {
    return nullptr;  // xSetAuxdata has deleted it
  }
  return averages;
}

// Arguments: the number of leading phrases to count (the query's words; a NOT clause after
// them is not relevance), then a weight per column (1.0 where missing).
void rank(const Fts5ExtensionApi* api, Fts5Context* context, sqlite3_context* result,
          int argument_count, sqlite3_value** arguments) {
  const ColumnAverages* averages = averages_of(api, context);
  if (averages == nullptr) {
    sqlite3_result_error_nomem(result);
    return;
  }
  const int columns = static_cast<int>(averages->average.size());
  const int all_phrases = api->xPhraseCount(context);
  const int counted = argument_count > 0 ? sqlite3_value_int(arguments[0]) : 0;
  const int phrases = counted > 0 ? std::min(counted, all_phrases) : all_phrases;
  int instances = 0;
  if (api->xInstCount(context, &instances) != SQLITE_OK) {
    sqlite3_result_error(result, "imaginecole_rank failed", -1);
    return;
  }
  // Occurrences of each phrase in each column of this row.
  const auto cell = [columns](int phrase, int column) {
    return static_cast<std::size_t>(phrase) * static_cast<std::size_t>(columns) +
           static_cast<std::size_t>(column);
  };
  std::vector<int> frequency;
  try {
    frequency.assign(static_cast<std::size_t>(phrases) * static_cast<std::size_t>(columns), 0);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(result);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    if (api->xInst(context, i, &phrase, &column, &offset) != SQLITE_OK) {
      sqlite3_result_error(result, "imaginecole_rank failed", -1);
      return;
    }
    if (phrase >= 0 && phrase < phrases && column >= 0 && column < columns) {
      ++frequency[cell(phrase, column)];
    }
  }
  double score = 0;
  for (int column = 0; column < columns; ++column) {
    const double weight =
        column + 1 < argument_count ? sqlite3_value_double(arguments[column + 1]) : 1.0;
    int length = 0;
    if (weight <= 0 || api->xColumnSize(context, column, &length) != SQLITE_OK) {
      continue;
    }
    const double norm = kSaturation * (1 - kLengthWeight +
                                       kLengthWeight * length /
                                           averages->average[static_cast<std::size_t>(column)]);
    for (int phrase = 0; phrase < phrases; ++phrase) {
      const double tf = frequency[cell(phrase, column)];
      if (tf > 0) {
        score += weight * tf * (kSaturation + 1) / (tf + norm);
      }
    }
  }
  sqlite3_result_double(result, score);
}

// 1 when every phrase of the query is in the first column (the title), else 0.
void title_match(const Fts5ExtensionApi* api, Fts5Context* context, sqlite3_context* result, int,
                 sqlite3_value**) {
  const int phrases = api->xPhraseCount(context);
  bool all = phrases > 0;
  for (int phrase = 0; all && phrase < phrases; ++phrase) {
    Fts5PhraseIter iterator;
    int column = -1;
    bool in_title = false;
    if (api->xPhraseFirstColumn(context, phrase, &iterator, &column) != SQLITE_OK) {
      sqlite3_result_error(result, "imaginecole_title_match failed", -1);
      return;
    }
    for (; column >= 0; api->xPhraseNextColumn(context, &iterator, &column)) {
      if (column == 0) {
        in_title = true;
        break;
      }
    }
    all = in_title;
  }
  sqlite3_result_int(result, all ? 1 : 0);
}

}  // namespace

int register_ranking_functions(fts5_api* api) {
  int rc = api->xCreateFunction(api, "imaginecole_rank", nullptr, rank, nullptr);
  if (rc == SQLITE_OK) {
    rc = api->xCreateFunction(api, "imaginecole_title_match", nullptr, title_match, nullptr);
  }
  return rc;
}

}  // namespace imaginecole::search
