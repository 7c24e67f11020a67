// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/french_tokenizer.hpp"

#include <libstemmer.h>
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <new>

#include "search/query_text.hpp"

namespace imaginecole::search {
namespace {

constexpr std::size_t kMaxStemmedBytes = 64;  // longer "words" are codes or garbage: kept whole

struct StemmerCloser {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerHandle = std::unique_ptr<sb_stemmer, StemmerCloser>;

StemmerHandle new_stemmer() {
  StemmerHandle stemmer(sb_stemmer_new("french", "UTF_8"));
  if (!stemmer) {
    throw std::bad_alloc();
  }
  return stemmer;
}

// Calls `emit(token, start, end)` for each indexed token of `text`; stops when it returns false.
template <typename Emit>
void tokenize(sb_stemmer* stemmer, std::string_view text, Emit&& emit) {
  bool stop = false;
  for_each_word(text, [&](const Word& word) {
    if (stop) {
      return;
    }
    const std::string folded = fold(word.raw);
    if (folded.empty() || is_stop_word(folded) || (word.elided && is_elision(folded))) {
      return;
    }
    std::string_view token = folded;
    if (folded.size() <= kMaxStemmedBytes) {
      const sb_symbol* stem =
          sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                          static_cast<int>(folded.size()));
      if (stem != nullptr) {
        token = std::string_view(reinterpret_cast<const char*>(stem),
                                 static_cast<std::size_t>(sb_stemmer_length(stemmer)));
      }
    }
    if (!emit(token, word.start, word.end)) {
      stop = true;
    }
  });
}

// --- FTS5 tokenizer -------------------------------------------------------------------------

struct Tokenizer {
  StemmerHandle stemmer = new_stemmer();
};

int create_tokenizer(void*, const char**, int, Fts5Tokenizer** out) {
  try {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Tokenizer());
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
}

void delete_tokenizer(Fts5Tokenizer* tokenizer) {
  delete reinterpret_cast<Tokenizer*>(tokenizer);
}

int run_tokenizer(Fts5Tokenizer* tokenizer, void* context, int, const char* text, int length,
                  int (*token_callback)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<Tokenizer*>(tokenizer);
  int rc = SQLITE_OK;
  try {
    tokenize(self->stemmer.get(),
             std::string_view(text, static_cast<std::size_t>(length > 0 ? length : 0)),
             [&](std::string_view token, std::size_t start, std::size_t end) {
               rc = token_callback(context, 0, token.data(), static_cast<int>(token.size()),
                                   static_cast<int>(start), static_cast<int>(end));
               return rc == SQLITE_OK;
             });
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return rc;
}

// --- imaginecole_title_match(table) ---------------------------------------------------------

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

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

int register_on_connection(sqlite3* db, const char** error_message, const sqlite3_api_routines*) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) {
    *error_message = sqlite3_mprintf("imaginecole: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  fts5_tokenizer tokenizer{create_tokenizer, delete_tokenizer, run_tokenizer};
  int rc = api->xCreateTokenizer(api, "imaginecole_fr", nullptr, &tokenizer, nullptr);
  if (rc == SQLITE_OK) {
    rc = api->xCreateFunction(api, "imaginecole_title_match", nullptr, title_match, nullptr);
  }
  if (rc != SQLITE_OK) {
    *error_message = sqlite3_mprintf("imaginecole: cannot register the French tokenizer");
  }
  return rc;
}

}  // namespace

void install_sqlite_tokenizer() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sqlite3_auto_extension takes `void (*)(void)` and calls it with the extension signature.
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(&register_on_connection));
  });
}

std::vector<std::string> french_tokens(std::string_view text) {
  const StemmerHandle stemmer = new_stemmer();
  std::vector<std::string> out;
  tokenize(stemmer.get(), text, [&](std::string_view token, std::size_t, std::size_t) {
    out.emplace_back(token);
    return true;
  });
  return out;
}

std::vector<TokenSpan> french_token_spans(std::string_view text) {
  // One stemmer per thread: searches run on the worker pool, an excerpt per hit.
  thread_local const StemmerHandle stemmer = new_stemmer();
  std::vector<TokenSpan> out;
  tokenize(stemmer.get(), text, [&](std::string_view token, std::size_t start, std::size_t end) {
    out.push_back(TokenSpan{.token = std::string(token), .start = start, .end = end});
    return true;
  });
  return out;
}

}  // namespace imaginecole::search
