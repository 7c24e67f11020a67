// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's dead ends (issue 12, item 9), on the demo over HTTP: every exercise set that
// offers the online player has published questions, answers wait behind <details> until asked
// for, and a lesson links to the exercise sets of its level and subject.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "catalog/markdown.hpp"
#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/shared_demo_server.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDemoCountries[] = {"BJ", "BF", "CM", "TD", "CI",
                                          "GN", "ML", "NE", "SN", "TG"};

class DemoContentHttp : public SharedDemoTest {
 protected:
  HttpResponse get(const std::string& target) { return http_get(port(), target); }
  // The ids of the demo's published resources of `kind`, in every country's tree.
  std::set<std::string> resources_of_kind(const std::string& kind) {
    std::set<std::string> ids;
    for (const char* country : kDemoCountries) {
      const auto list = get("/api/v1/resources?country=" + std::string(country) + "&kind=" + kind);
      EXPECT_EQ(list.status, 200) << list.body;
      const json::value listed = json::parse(list.body);
      for (const auto& item : listed.at("results").as_array()) {
        ids.insert(std::string(item.at("id").as_string()));
      }
    }
    return ids;
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(DemoContentHttp);

TEST_P(DemoContentHttp, EveryDemoSetThatOffersThePlayerHasPublishedQuestions) {
  const auto sets = resources_of_kind("exercise_set");
  ASSERT_EQ(sets.size(), 9U);
  int offered = 0;
  for (const auto& id : sets) {
    const auto page = get("/r/" + id);
    ASSERT_EQ(page.status, 200) << id;
    const std::string player = "/r/" + id + "/exercise";
    if (page.body.find("href=\"" + player + "\"") == std::string::npos) {
      continue;
    }
    ++offered;
    const auto played = get(player + "?mode=quiz");  // the whole set on one page
    ASSERT_EQ(played.status, 200) << player;
    EXPECT_EQ(played.body.find("pas encore de questions publiées"), std::string::npos) << player;
    EXPECT_NE(played.body.find("class=\"exercise\""), std::string::npos) << player;
    // 4 to 10 questions per demo set, each in its own section.
    std::size_t questions = 0;
    for (std::size_t at = 0;
         (at = played.body.find("<section class=\"question\"", at)) != std::string::npos; ++at) {
      ++questions;
    }
    EXPECT_GE(questions, 4U) << player;
  }
  // The demo's sets all have questions now: every one of them offers its player.
  EXPECT_EQ(offered, 9);
}

TEST_P(DemoContentHttp, ASetsCorrigeIsHiddenUntilAskedFor) {
  for (const auto& id : resources_of_kind("exercise_set")) {
    const auto page = get("/r/" + id);
    ASSERT_EQ(page.status, 200) << id;
    EXPECT_NE(page.body.find("<details class=\"answer\"><summary>Corrigé</summary>"),
              std::string::npos)
        << id;
    EXPECT_EQ(page.body.find("<h2>Corrigé</h2>"), std::string::npos) << id;
  }
}

TEST_P(DemoContentHttp, TheFractionsLessonHidesItsAnswerAndLinksToItsExercises) {
  const auto list = get("/api/v1/resources?country=SN&level=cm2&kind=lesson");
  ASSERT_EQ(list.status, 200) << list.body;
  std::string lesson;
  const json::value lessons = json::parse(list.body);
  for (const auto& item : lessons.at("results").as_array()) {
    if (std::string(item.at("title").as_string()).find("fraction") != std::string::npos) {
      lesson = std::string(item.at("id").as_string());
    }
  }
  ASSERT_FALSE(lesson.empty()) << list.body;
  const auto page = get("/r/" + lesson + "?c=SN");
  ASSERT_EQ(page.status, 200);
  // "Petit défi": the question shows, its answer waits behind <details>.
  const auto challenge = page.body.find("Petit défi");
  const auto answer = page.body.find("<details class=\"answer\"><summary>Réponse</summary>");
  ASSERT_NE(challenge, std::string::npos);
  ASSERT_NE(answer, std::string::npos) << page.body;
  EXPECT_LT(challenge, answer);
  EXPECT_GT(page.body.find("il en reste"), answer);

  // The exercise sets of SN's CM2 mathematics, linked from the lesson.
  const auto heading = page.body.find("Exercices sur ce thème");
  ASSERT_NE(heading, std::string::npos) << page.body;
  const auto sets =
      get("/api/v1/resources?country=SN&level=cm2&subject=mathematiques&kind=exercise_set");
  ASSERT_EQ(sets.status, 200);
  const json::value listed = json::parse(sets.body);
  const auto& results = listed.at("results").as_array();
  ASSERT_FALSE(results.empty());
  for (const auto& item : results) {
    const std::string id(item.at("id").as_string());
    EXPECT_NE(page.body.find("href=\"/r/" + id + "?c=SN\"", heading), std::string::npos) << id;
  }
}

TEST(AnswerSections, AHeadingNamedLikeAnAnswerFoldsItsSectionOnly) {
  const std::string html = catalog::markdown_to_html(
      "## Questions\n\n1. Combien ?\n\n## Corrigé\n\n1. Trois.\n\n### Détail\n\nUn, deux, "
      "trois.\n\n## Pour aller plus loin\n\nEncore.\n");
  const auto details = html.find("<details class=\"answer\"><summary>Corrigé</summary>");
  ASSERT_NE(details, std::string::npos) << html;
  const auto closing = html.find("</details>", details);
  ASSERT_NE(closing, std::string::npos);
  EXPECT_LT(html.find("Un, deux, trois."), closing);  // a sub-section stays inside
  EXPECT_GT(html.find("<h2>Pour aller plus loin</h2>"), closing);
  EXPECT_LT(html.find("<h2>Questions</h2>"), details);
  // Only a heading's whole text counts: "Corrigé du devoir" is an ordinary heading.
  EXPECT_EQ(catalog::markdown_to_html("## Corrigé du devoir\n\nx\n").find("<details"),
            std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
