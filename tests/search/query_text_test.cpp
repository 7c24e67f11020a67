// SPDX-License-Identifier: AGPL-3.0-or-later
// Words, folding, the French tokenizer, snippets and request parsing: no database needed.
#include <gtest/gtest.h>

#include "search/french_tokenizer.hpp"
#include "search/query_text.hpp"
#include "search/search_request.hpp"
#include "search/snippet.hpp"

namespace imaginecole::search {
namespace {

using Strings = std::vector<std::string>;

TEST(QueryText, FoldsCaseAccentsAndLigatures) {
  EXPECT_EQ(fold("Équations"), "equations");
  EXPECT_EQ(fold("ÉLÈVES"), "eleves");
  EXPECT_EQ(fold("Œuvre"), "oeuvre");
  EXPECT_EQ(fold("ex-æquo"), "ex-aequo");
  EXPECT_EQ(fold("garçon"), "garcon");
  EXPECT_EQ(fold("Noël"), "noel");
  EXPECT_EQ(fold("e\xCC\x81le\xCC\x80ve"), "eleve");  // combining accents
  EXPECT_EQ(fold("العربية"), "العربية");
}

TEST(QueryText, WordsSplitOnPunctuationApostrophesAndBadBytes) {
  Strings words;
  std::vector<bool> elided;
  for_each_word("L'école — « 3e » jusqu’à 2x+3=7 \xFF fin.", [&](const Word& word) {
    words.emplace_back(word.raw);
    elided.push_back(word.elided);
  });
  EXPECT_EQ(words, (Strings{"L", "école", "3e", "jusqu", "à", "2x", "3", "7", "fin"}));
  EXPECT_TRUE(elided[0]);
  EXPECT_FALSE(elided[1]);
  EXPECT_TRUE(elided[3]);
}

TEST(QueryText, QueryWordsDropStopWordsElisionsAndRepeats) {
  EXPECT_EQ(query_words("Les équations de l'école, les ÉQUATIONS"),
            (Strings{"equations", "ecole"}));
  EXPECT_EQ(query_words("le la les du"), Strings{});
  EXPECT_EQ(query_words("NEAR(x* OR \"b\")"), (Strings{"near", "x", "or", "b"}));
  EXPECT_EQ(query_words(std::string(5000, 'a')), Strings{});
  std::string many;
  for (int i = 0; i < 100; ++i) {
    many += "mot" + std::to_string(i) + " ";
  }
  EXPECT_EQ(query_words(many).size(), kMaxQueryWords);
}

TEST(FrenchTokenizer, StemsFoldedWordsAndDropsStopWords) {
  // "les" is no stop word for PostgreSQL either: both index it (queries leave it out).
  EXPECT_EQ(french_tokens("Les élèves de l'école"), (Strings{"le", "elev", "ecol"}));
  EXPECT_EQ(french_tokens("Équations du premier degré"), french_tokens("equation premier degre"));
  EXPECT_EQ(french_tokens("fractions"), french_tokens("fraction"));
  EXPECT_EQ(french_tokens("CM2 3e 2026"), (Strings{"cm2", "3e", "2026"}));
  EXPECT_EQ(french_tokens("des œuvres"), french_tokens("oeuvre"));
}

TEST(Snippet, EscapesEverythingButTheMarks) {
  EXPECT_EQ(snippet_html("a <b> & \"c\" 'd' \x02mot\x03 fin"),
            "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; <mark>mot</mark> fin");
  EXPECT_EQ(snippet_html("<script>\x02x"), "&lt;script&gt;<mark>x</mark>");  // closed
  EXPECT_EQ(snippet_html("\x03x\x03\x02\x02y"), "x<mark>y</mark>");          // balanced
  EXPECT_EQ(snippet_html("a\n\n\tb \x02"
                         "c\x03"),
            "a b <mark>c</mark>");
  EXPECT_EQ(snippet_html("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(snippet_html("## Titre **\x02gras\x03** `code`"), "Titre <mark>gras</mark> code");
}

http::Request request_for(std::string path, std::string query) {
  http::Request request;
  request.path = std::move(path);
  request.query = std::move(query);
  return request;
}

TEST(SearchRequest, ParsesFiltersAndPage) {
  const auto parsed = parse_search_request(
      request_for("/api/v1/search",
                  "q=%C3%A9quation&country=sn&level=3e&subject=mathematiques&kind=lesson"
                  "&lang=fr&exam=BFEM&page=2"));
  ASSERT_FALSE(parsed.error_key);
  EXPECT_EQ(parsed.query.text, "équation");
  EXPECT_EQ(parsed.query.filters.country, "SN");
  EXPECT_EQ(parsed.query.filters.level, "3e");
  EXPECT_EQ(parsed.query.filters.subject, "mathematiques");
  EXPECT_EQ(parsed.query.filters.kind, "lesson");
  EXPECT_EQ(parsed.query.filters.language, "fr");
  EXPECT_EQ(parsed.query.filters.exam, "BFEM");
  EXPECT_EQ(parsed.query.page, 2);
  // On the page, `lang` is the interface's language, not a filter.
  EXPECT_EQ(parse_search_request(request_for("/search", "q=x&lang=en")).query.filters.language, "");
  EXPECT_EQ(parse_search_request(request_for("/search", "q=x&language=en")).query.filters.language,
            "en");
}

TEST(SearchRequest, RefusesBadParameters) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"q=" + std::string(501, 'a'), "search_error_too_long"},
      {"q=x&country=SEN", "search_error_filter"},
      {"q=x&country=S%27", "search_error_filter"},
      {"q=x&level=cm2", "search_error_level_needs_country"},
      {"q=x&country=SN&level=CM2%27--", "search_error_filter"},
      {"q=x&kind=poem", "search_error_filter"},
      {"q=x&lang=fr%22", "search_error_filter"},
      {"q=x&exam=%3Cb%3E", "search_error_filter"},
      {"q=x&page=0", "search_error_page"},
      {"q=x&page=9999", "search_error_page"},
      {"q=x&page=2x", "search_error_page"},
      {"q=x&page=99999999999999999999", "search_error_page"},
  };
  for (const auto& [query, key] : cases) {
    const auto parsed = parse_search_request(request_for("/api/v1/search", query));
    ASSERT_TRUE(parsed.error_key) << query;
    EXPECT_EQ(*parsed.error_key, key) << query;
    EXPECT_FALSE(parsed.error_text.empty());
  }
  EXPECT_FALSE(
      parse_search_request(request_for("/api/v1/search", "q=" + std::string(500, 'a'))).error_key);
}

}  // namespace
}  // namespace imaginecole::search
