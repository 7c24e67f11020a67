// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/french_tokenizer.hpp"

#include <libstemmer.h>
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <new>
#include <unordered_map>

#include "search/fts5_rank.hpp"
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

// The indexed token of one word: folded, then stemmed; empty when the word is not indexed (a
// stop word, an elided article).
std::string token_of(sb_stemmer* stemmer, const Word& word) {
  std::string folded = fold(word.raw);
  if (folded.empty() || is_stop_word(folded) || (word.elided && is_elision(folded))) {
    return {};
  }
  if (folded.size() <= kMaxStemmedBytes) {
    const sb_symbol* stem =
        sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                        static_cast<int>(folded.size()));
    if (stem != nullptr) {
      return std::string(reinterpret_cast<const char*>(stem),
                         static_cast<std::size_t>(sb_stemmer_length(stemmer)));
    }
  }
  return folded;
}

// Calls `emit(token, start, end)` for each indexed token of `text`; stops when it returns false.
template <typename Emit>
void tokenize(sb_stemmer* stemmer, std::string_view text, Emit&& emit) {
  bool stop = false;
  for_each_word(text, [&](const Word& word) {
    if (stop) {
      return;
    }
    const std::string token = token_of(stemmer, word);
    if (!token.empty() && !emit(std::string_view(token), word.start, word.end)) {
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
    rc = register_ranking_functions(api);
  }
  if (rc != SQLITE_OK) {
    *error_message =
        sqlite3_mprintf("imaginecole: cannot register the French tokenizer and functions");
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
  // One stemmer per thread: searches run on the worker pool, an excerpt per hit. Folding and
  // stemming a word cost more than finding it again: each thread keeps the tokens of the words
  // it met last (a word's token never changes), forgotten all at once when there are too many.
  thread_local const StemmerHandle stemmer = new_stemmer();
  thread_local std::unordered_map<std::string, std::string> token_of_word;
  constexpr std::size_t kRememberedWords = 8192;
  std::vector<TokenSpan> out;
  for_each_word(text, [&](const Word& word) {
    // An elided "l" ("l'école") is dropped where a lone "l" may not be: the key says which.
    std::string key(word.raw);
    key += word.elided ? '\x01' : '\x00';
    auto known = token_of_word.find(key);
    if (known == token_of_word.end()) {
      if (token_of_word.size() >= kRememberedWords) {
        token_of_word.clear();
      }
      known = token_of_word.emplace(std::move(key), token_of(stemmer.get(), word)).first;
    }
    if (!known->second.empty()) {
      out.push_back(TokenSpan{.token = known->second, .start = word.start, .end = word.end});
    }
  });
  return out;
}

}  // namespace imaginecole::search
