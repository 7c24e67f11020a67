// SPDX-License-Identifier: AGPL-3.0-or-later
// SearchIndex on SQLite and PostgreSQL: the same library, the same queries, the same answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "search/search_index.hpp"
#include "search_fixture.hpp"
#include "support/backends.hpp"

namespace imaginecole::search {
namespace {

using testing::TestResource;

class SearchIndexTest : public imaginecole::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    testing::add_country(*connection, "SN");
    testing::add_country(*connection, "CI");
    sn_cm2_ = testing::add_level(*connection, "SN", "cm2");
    sn_3e_ = testing::add_level(*connection, "SN", "3e");
    ci_cm2_ = testing::add_level(*connection, "CI", "cm2");
    for (const auto& resource : library()) {
      testing::add_resource(*connection, resource);
    }
    testing::place(*connection, "SN", "equations", sn_3e_, "mathematiques");
    testing::place(*connection, "SN", "fractions", sn_cm2_, "mathematiques");
    testing::place(*connection, "CI", "fractions", ci_cm2_, "mathematiques");
    testing::place(*connection, "SN", "fraction-exercises", sn_cm2_, "mathematiques");
    testing::place(*connection, "CI", "fraction-exercises", ci_cm2_, "mathematiques", true);
    testing::place(*connection, "SN", "reading", sn_cm2_, "francais");
    transaction.commit();
    index_ = make_search_index(db());
  }

  static std::vector<TestResource> library() {
    return {
        {.id = "equations",
         .title = "Équations du premier degré",
         .summary = "Résoudre une équation à une inconnue.",
         .body = "On isole l'inconnue x. Exemple : 2x + 3 = 7 donne x = 2.",
         .subject_slugs = "[\"mathematiques\"]",
         .exam_codes = "[\"BFEM\"]"},
        {.id = "fractions",
         .title = "Les fractions",
         .summary = "Partager une unité en parts égales.",
         .body = "Une fraction s'écrit avec un numérateur et un dénominateur. Les élèves "
                 "comparent des fractions.",
         .subject_slugs = "[\"mathematiques\"]",
         .exam_codes = "[\"CFEE\"]"},
        {.id = "fraction-exercises",
         .title = "Exercices : additionner des fractions",
         .summary = "Dix exercices corrigés.",
         .body = "Calcule 1/2 + 1/4.",
         .kind = "exercise_set",
         .subject_slugs = "[\"mathematiques\"]"},
        {.id = "reading",
         .title = "Lire à l'école",
         .summary = "Lecture suivie pour les élèves de CM2.",
         .body = "Le maître lit une histoire. Les œuvres de Senghor.",
         .subject_slugs = "[\"francais\"]"},
        {.id = "fractions-en",
         .title = "Fractions",
         .summary = "Sharing a whole into equal parts.",
         .body = "A fraction has a numerator and a denominator.",
         .language = "en",
         .origin_country = "CI"},
        {.id = "draft-fractions",
         .title = "Fractions (brouillon)",
         .body = "Pas encore publié.",
         .status = "draft"},
        {.id = "volcano-body",
         .title = "Sciences de la Terre",
         .body = "Volcan volcan volcan volcan volcan volcan volcan volcan volcan volcan : un "
                 "volcan crache de la lave."},
        {.id = "volcano-title", .title = "Les volcans", .body = "La Terre bouge."},
        {.id = "hostile",
         .title = "<script>alert('x')</script> Géographie & cartes",
         .body = "Une carte <b>géographique</b> montre que 3 < 4 & \"cartes\"."},
    };
  }

  std::vector<std::string> ids(const SearchQuery& query) {
    std::vector<std::string> out;
    for (const auto& hit : index_->search(query).hits) {
      out.push_back(hit.id);
    }
    return out;
  }
  std::vector<std::string> ids(const std::string& text, SearchFilters filters = {}) {
    return ids(SearchQuery{.text = text, .filters = std::move(filters)});
  }
  std::set<std::string> id_set(const std::string& text, SearchFilters filters = {}) {
    const auto list = ids(text, std::move(filters));
    return {list.begin(), list.end()};
  }

  std::string sn_cm2_;
  std::string sn_3e_;
  std::string ci_cm2_;
  std::unique_ptr<SearchIndex> index_;
};

using Ids = std::set<std::string>;

TEST_P(SearchIndexTest, AccentsAndCaseDoNotMatter) {
  EXPECT_EQ(id_set("equation"), Ids{"equations"});
  EXPECT_EQ(id_set("ÉQUATIONS"), Ids{"equations"});
  EXPECT_EQ(id_set("Équation"), Ids{"equations"});
  EXPECT_EQ(id_set("eleve"), (Ids{"fractions", "reading"}));
  EXPECT_EQ(id_set("ÉLÈVES"), (Ids{"fractions", "reading"}));
  EXPECT_EQ(id_set("ecole"), Ids{"reading"});
}

TEST_P(SearchIndexTest, WordsAreStemmed) {
  const Ids all_fractions{"fractions", "fraction-exercises", "fractions-en"};
  EXPECT_EQ(id_set("fraction"), all_fractions);
  EXPECT_EQ(id_set("fractions"), all_fractions);
  EXPECT_EQ(id_set("résoudre"), Ids{"equations"});
  EXPECT_EQ(id_set("lecture"), Ids{"reading"});
}

TEST_P(SearchIndexTest, ElisionsAndLigaturesAreHandled) {
  EXPECT_EQ(id_set("l'école"), Ids{"reading"});
  EXPECT_EQ(id_set("l’inconnue"), Ids{"equations"});
  EXPECT_EQ(id_set("oeuvre"), Ids{"reading"});
  EXPECT_EQ(id_set("ŒUVRES"), Ids{"reading"});
}

TEST_P(SearchIndexTest, EveryWordMustMatch) {
  EXPECT_EQ(id_set("fraction numérateur"), Ids{"fractions"});
  EXPECT_EQ(id_set("numerator fraction"), Ids{"fractions-en"});
  EXPECT_EQ(id_set("fraction équation"), Ids{});
  const auto results = index_->search({.text = "fraction équation"});
  EXPECT_EQ(results.total, 0);
  EXPECT_FALSE(results.nothing_to_search);
}

TEST_P(SearchIndexTest, TitleMatchesRankAboveBodyMatches) {
  const auto found = ids("volcan");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found.front(), "volcano-title");
  EXPECT_EQ(ids("fraction").front().find("fraction"), 0u);  // a title match comes first
  // Filtered searches are found and ranked in one walk (decision 0050): the same order.
  EXPECT_EQ(ids("volcan", {.language = "fr"}), found);
}

TEST_P(SearchIndexTest, UnpublishedResourcesAreNeverFound) {
  EXPECT_EQ(id_set("brouillon"), Ids{});
  auto connection = db().write();
  connection->execute("UPDATE resources SET status = 'published' WHERE id = 'draft-fractions'");
  EXPECT_EQ(id_set("brouillon"), Ids{"draft-fractions"});
  connection->execute("UPDATE resources SET status = 'unpublished' WHERE id = 'fractions'");
  EXPECT_EQ(id_set("numérateur"), Ids{});
}

TEST_P(SearchIndexTest, TriggersFollowUpdatesAndDeletes) {
  auto connection = db().write();
  connection->execute("UPDATE resources SET title = 'Les pourcentages' WHERE id = 'equations'");
  EXPECT_EQ(id_set("pourcentage"), Ids{"equations"});
  EXPECT_EQ(id_set("degré"), Ids{});
  connection->execute("DELETE FROM placements WHERE resource_id = 'equations'");
  connection->execute("DELETE FROM resources WHERE id = 'equations'");
  EXPECT_EQ(id_set("pourcentage"), Ids{});
  testing::add_resource(*connection, {.id = "new", .title = "Nouvelle leçon sur les pourcentages"});
  EXPECT_EQ(id_set("pourcentages"), Ids{"new"});
}

TEST_P(SearchIndexTest, FiltersByCountryLevelAndSubject) {
  EXPECT_EQ(id_set("fraction", {.country = "SN"}), (Ids{"fractions", "fraction-exercises"}));
  // Côte d'Ivoire hid the exercises it had placed.
  EXPECT_EQ(id_set("fraction", {.country = "CI"}), Ids{"fractions"});
  EXPECT_EQ(id_set("fraction", {.country = "ML"}), Ids{});
  EXPECT_EQ(id_set("fraction", {.country = "SN", .level = "cm2"}),
            (Ids{"fractions", "fraction-exercises"}));
  EXPECT_EQ(id_set("fraction", {.country = "SN", .level = "3e"}), Ids{});
  EXPECT_EQ(id_set("equation", {.country = "SN", .level = "3e"}), Ids{"equations"});
  EXPECT_EQ(id_set("eleve", {.country = "SN", .subject = "francais"}), Ids{"reading"});
  EXPECT_EQ(id_set("eleve", {.country = "SN", .subject = "mathematiques"}), Ids{"fractions"});
  // Without a country, the subject is the resource's own.
  EXPECT_EQ(id_set("eleve", {.subject = "francais"}), Ids{"reading"});
}

TEST_P(SearchIndexTest, FiltersByKindLanguageAndExam) {
  EXPECT_EQ(id_set("fraction", {.kind = "exercise_set"}), Ids{"fraction-exercises"});
  EXPECT_EQ(id_set("fraction", {.language = "en"}), Ids{"fractions-en"});
  EXPECT_EQ(id_set("fraction", {.exam = "CFEE"}), Ids{"fractions"});
  EXPECT_EQ(id_set("equation", {.exam = "CFEE"}), Ids{});
  EXPECT_EQ(id_set("fraction", {.country = "SN", .kind = "lesson", .language = "fr"}),
            Ids{"fractions"});
}

TEST_P(SearchIndexTest, ResultsCarryTheirFieldsAndAHighlightedSnippet) {
  const auto results = index_->search({.text = "numerateur", .filters = {.language = "fr"}});
  ASSERT_EQ(results.hits.size(), 1u);
  const SearchHit& hit = results.hits.front();
  EXPECT_EQ(hit.id, "fractions");
  EXPECT_EQ(hit.title, "Les fractions");
  EXPECT_EQ(hit.kind, "lesson");
  EXPECT_EQ(hit.language, "fr");
  EXPECT_EQ(hit.origin_country, "SN");
  EXPECT_NE(hit.snippet_html.find("<mark>numérateur</mark>"), std::string::npos)
      << hit.snippet_html;
}

TEST_P(SearchIndexTest, SnippetsAreEscapedExceptTheirMarks) {
  for (const std::string query : {"géographie", "carte", "script", "alert"}) {
    const auto results = index_->search({.text = query});
    ASSERT_EQ(results.hits.size(), 1u) << query;
    const std::string& snippet = results.hits.front().snippet_html;
    EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
    EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
    std::string without_marks = snippet;
    for (const std::string tag : {"<mark>", "</mark>"}) {
      for (auto at = without_marks.find(tag); at != std::string::npos;
           at = without_marks.find(tag)) {
        without_marks.erase(at, tag.size());
      }
    }
    EXPECT_EQ(without_marks.find('<'), std::string::npos) << snippet;
    EXPECT_EQ(without_marks.find('>'), std::string::npos) << snippet;
    EXPECT_EQ(without_marks.find('"'), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("<mark>"), std::string::npos) << snippet;
  }
  // The title itself is returned as written: templates and JSON escape it.
  EXPECT_EQ(index_->search({.text = "cartes"}).hits.front().title,
            "<script>alert('x')</script> Géographie & cartes");
}

TEST_P(SearchIndexTest, PagesOfTwentyWithATotal) {
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    for (int i = 0; i < 45; ++i) {
      testing::add_resource(*connection, {.id = "geo-" + std::to_string(100 + i),
                                          .title = "Géométrie " + std::to_string(i),
                                          .body = "Des triangles."});
    }
    transaction.commit();
  }
  std::set<std::string> seen;
  const std::vector<std::size_t> expected_sizes = {20, 20, 5, 0};
  for (int page = 1; page <= 4; ++page) {
    const auto results = index_->search({.text = "geometrie", .page = page});
    EXPECT_EQ(results.total, 45);
    EXPECT_FALSE(results.total_capped);
    EXPECT_EQ(results.page, page);
    EXPECT_EQ(results.hits.size(), expected_sizes[static_cast<std::size_t>(page - 1)]);
    for (const auto& hit : results.hits) {
      EXPECT_TRUE(seen.insert(hit.id).second) << hit.id << " on two pages";
    }
  }
  EXPECT_EQ(seen.size(), 45u);
}

// Decision 0050: each tier ranks only a window of its matches and the count stops at a cap, so
// that a common word costs no more than a rare one; title matches still come first, and paging
// through shows every result once.
TEST_P(SearchIndexTest, BoundedRankingKeepsTitleMatchesFirstAndShowsEachResultOnce) {
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    for (int i = 0; i < 30; ++i) {
      const std::string n = std::to_string(100 + i);
      testing::add_resource(*connection, {.id = "kora-body-" + n,
                                          .title = "Musique " + n,
                                          .body = "On joue de la kora au village."});
      testing::add_resource(*connection,
                            {.id = "kora-title-" + n, .title = "La kora " + n, .body = "Musique."});
    }
    transaction.commit();
  }
  const auto bounded = make_search_index(
      db(), {.ranked_titles = 5, .ranked_others = 5, .counted = 50, .counted_with_filters = 25});
  std::vector<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    const auto results = bounded->search({.text = "kora", .page = page});
    EXPECT_EQ(results.total, 50);
    EXPECT_TRUE(results.total_capped);
    EXPECT_EQ(results.hits.size(), page < 3 ? 20u : page == 3 ? 10u : 0u) << page;
    for (const auto& hit : results.hits) {
      seen.push_back(hit.id);
    }
  }
  ASSERT_EQ(seen.size(), 50u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 50u) << "a result twice";
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].rfind(i < 30 ? "kora-title-" : "kora-body-", 0), 0u) << i << " " << seen[i];
  }
  // Filtered: one walk finds 25 (which ones follows each backend's index order), and the
  // results end there.
  const auto filtered_one = bounded->search({.text = "kora", .filters = {.language = "fr"}});
  const auto filtered_two =
      bounded->search({.text = "kora", .filters = {.language = "fr"}, .page = 2});
  EXPECT_EQ(filtered_one.total, 25);
  EXPECT_TRUE(filtered_one.total_capped);
  ASSERT_EQ(filtered_one.hits.size(), 20u);
  ASSERT_EQ(filtered_two.hits.size(), 5u);
  // Unbounded, the same query counts all 60.
  const auto all = index_->search({.text = "kora"});
  EXPECT_EQ(all.total, 60);
  EXPECT_FALSE(all.total_capped);
}

TEST_P(SearchIndexTest, WithinATierAWordRepeatedInAShortTextRanksFirst) {
  {
    auto connection = db().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    testing::add_resource(*connection,
                          {.id = "baobab-once",
                           .title = "Les arbres de la savane",
                           .body = "Un baobab pousse dans la savane, parmi beaucoup d'autres "
                                   "arbres, des herbes hautes, des buissons et des termitières."});
    testing::add_resource(*connection,
                          {.id = "baobab-often",
                           .title = "Un arbre du Sahel",
                           .body = "Le baobab. Le tronc du baobab. Les fruits du baobab."});
    transaction.commit();
  }
  EXPECT_EQ(ids("baobab"), (std::vector<std::string>{"baobab-often", "baobab-once"}));
}

TEST_P(SearchIndexTest, NothingToSearchIsNotAnError) {
  for (const std::string query : {"", "   ", "le la les de du", "?!;,. -- ()", "l' d' qu'"}) {
    const auto results = index_->search({.text = query});
    EXPECT_TRUE(results.nothing_to_search) << query;
    EXPECT_EQ(results.total, 0);
    EXPECT_TRUE(results.hits.empty());
  }
}

TEST_P(SearchIndexTest, HostileQueriesAreReadAsPlainText) {
  const std::vector<std::string> queries = {
      "\"",
      "\"fraction",
      "fraction\"",
      "fraction*",
      "*",
      "NEAR(fraction numérateur, 2)",
      "fraction OR équation",
      "fraction AND NOT numérateur",
      "title:fraction",
      "{title} : fraction",
      "^fraction",
      "-fraction",
      "(fraction",
      "fraction)",
      "'; DROP TABLE resources; --",
      "fraction \xFF\xFE\xC3 \xE2\x82",
      std::string("fraction\0numérateur", 20),
      std::string(5000, 'a'),
      [] {
        std::string many;
        for (int i = 0; i < 600; ++i) {
          many += "fraction" + std::to_string(i) + " ";
        }
        return many;
      }(),
  };
  for (const auto& query : queries) {
    EXPECT_NO_THROW(index_->search({.text = query})) << query;
  }
  EXPECT_EQ(id_set("fraction*"), id_set("fraction"));
  EXPECT_EQ(id_set("^fraction"), id_set("fraction"));
  EXPECT_EQ(id_set("(fraction"), id_set("fraction"));
  EXPECT_EQ(id_set("title:fraction"), Ids{});  // "title" is a word that must match too
  EXPECT_EQ(id_set("fraction \xFF\xFE\xC3 \xE2\x82"), id_set("fraction"));
  EXPECT_EQ(id_set("NEAR(fraction numérateur, 2)"), Ids{});
  auto connection = db().read();
  EXPECT_TRUE(connection->query_one("SELECT 1 FROM resources WHERE id = 'fractions'"));
}

IMAGINECOLE_ON_BOTH_BACKENDS(SearchIndexTest);

}  // namespace
}  // namespace imaginecole::search
