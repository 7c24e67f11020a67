// SPDX-License-Identifier: AGPL-3.0-or-later
// Language done right, over real HTTP on the demo platform: content marked with its own lang
// and dir under another interface language, dates, numbers and plurals in the interface
// language, words instead of codes, the language switch keeping the whole URL (and never
// leaving the site), and error pages that say what happened and what to do.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/shared_demo_server.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

Headers language(const char* code) {
  return {{"Cookie", std::string("lang=") + code}};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class LanguageHttp : public SharedDemoTest {
 protected:
  HttpResponse get(const std::string& target, const Headers& headers = {}) {
    return http_get(port(), target, headers);
  }
  // The id of the published resource with this exact title, found through the JSON API.
  std::string resource_id(const std::string& query, const std::string& title) {
    const auto response = get("/api/v1/resources?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    const json::value listing = json::parse(response.body);
    for (const auto& item : listing.at("results").as_array()) {
      if (item.at("title").is_string() && item.at("title").as_string() == title) {
        return std::string(item.at("id").as_string());
      }
    }
    ADD_FAILURE() << "no resource titled " << title << " in " << query;
    return {};
  }
  std::string fractions_lesson() {
    return resource_id("country=SN&level=cm2&subject=mathematiques",
                       "Les fractions : partager, lire et comparer");
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(LanguageHttp);

TEST_P(LanguageHttp, AFrenchLessonUnderTheArabicInterfaceIsMarkedFrenchLeftToRight) {
  const std::string id = fractions_lesson();
  ASSERT_FALSE(id.empty());
  const auto page = get("/r/" + id, language("ar"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<html lang=\"ar\" dir=\"rtl\">"));
  // The element wrapping the lesson's body, its title and its summary carry its language.
  EXPECT_TRUE(contains(page.body, "<div class=\"body\" lang=\"fr\" dir=\"ltr\">")) << page.body;
  EXPECT_TRUE(contains(page.body, "<h1 lang=\"fr\" dir=\"ltr\">Les fractions"));
  EXPECT_TRUE(contains(page.body, "<p class=\"lead\" lang=\"fr\" dir=\"ltr\">"));

  // Lists of resources and search results too.
  const auto subject = get("/c/SN/cm2/mathematiques", language("ar"));
  ASSERT_EQ(subject.status, 200);
  EXPECT_TRUE(contains(subject.body, "lang=\"fr\" dir=\"ltr\">Les fractions")) << subject.body;
  const auto search = get("/search?q=fraction", language("ar"));
  ASSERT_EQ(search.status, 200);
  EXPECT_TRUE(contains(search.body, "\" lang=\"fr\" dir=\"ltr\">")) << search.body;

  // An English lesson under the French interface is marked English.
  const std::string english =
      resource_id("country=CM&kind=lesson&lang=en", "Photosynthesis: How Green Plants Make Food");
  ASSERT_FALSE(english.empty());
  const auto english_page = get("/r/" + english, language("fr"));
  EXPECT_TRUE(contains(english_page.body, "<div class=\"body\" lang=\"en\" dir=\"ltr\">"));
}

TEST_P(LanguageHttp, TheQuestionsOfAFrenchSetAreLabelledInFrenchUnderTheEnglishInterface) {
  const std::string id = resource_id("country=CI&kind=exercise_set", "Exercices sur les fractions");
  ASSERT_FALSE(id.empty());
  const auto player = get("/r/" + id + "/exercise?mode=quiz", language("en"));
  ASSERT_EQ(player.status, 200);
  EXPECT_TRUE(contains(player.body, "<div class=\"content\" lang=\"fr\" dir=\"ltr\">"));
  // The true/false question says "Vrai" and "Faux", in the set's language, not "True".
  EXPECT_TRUE(contains(player.body, "> Vrai</label>")) << player.body;
  EXPECT_TRUE(contains(player.body, "> Faux</label>"));
  EXPECT_FALSE(contains(player.body, "> True</label>"));
  // The interface around it stays English.
  EXPECT_TRUE(contains(player.body, "<html lang=\"en\""));
  // A pupil is addressed with "tu" in French.
  const auto french = get("/r/" + id + "/exercise", language("fr"));
  EXPECT_TRUE(contains(french.body, "Ta réponse"));
  EXPECT_FALSE(contains(french.body, "Votre réponse"));
}

TEST_P(LanguageHttp, ScoresAndDatesFollowTheInterfaceLanguage) {
  const std::string id = resource_id("country=CI&kind=exercise_set", "Exercices sur les fractions");
  ASSERT_FALSE(id.empty());
  // One wrong answer in a quiz: 0 out of the questions counted, written the French way.
  const auto graded =
      http_request(port(), "POST", "/r/" + id + "/exercise",
                   {{"Cookie", "lang=fr"}, {"Content-Type", "application/x-www-form-urlencoded"}},
                   "mode=quiz&q0=1");
  ASSERT_EQ(graded.status, 200) << graded.body;
  EXPECT_TRUE(contains(graded.body, "<strong>0 / 10</strong>")) << graded.body;

  // The lesson was published on 2026-09-09.
  const std::string lesson = fractions_lesson();
  EXPECT_TRUE(contains(get("/r/" + lesson, language("fr")).body, "<dd>9 septembre 2026</dd>"));
  EXPECT_TRUE(contains(get("/r/" + lesson, language("en")).body, "<dd>September 9, 2026</dd>"));
  const auto arabic = get("/r/" + lesson, language("ar")).body;
  EXPECT_TRUE(contains(arabic, "سبتمبر")) << "the month in Arabic";
  EXPECT_FALSE(contains(arabic, "2026-09-09"));
}

TEST_P(LanguageHttp, SearchResultsAreCountedWithTheRightPlural) {
  const auto none = get("/search?q=zzzqqqxx", language("fr"));
  EXPECT_TRUE(contains(none.body, ">Aucun résultat</h2>")) << none.body;
  const auto french = get("/search?q=fraction", language("fr"));
  EXPECT_TRUE(contains(french.body, " résultats</h2>")) << french.body;
  const auto english = get("/search?q=fraction", language("en"));
  EXPECT_TRUE(contains(english.body, " results</h2>"));
}

TEST_P(LanguageHttp, CodesAreShownAsWords) {
  const auto senegal = get("/c/SN", language("fr"));
  ASSERT_EQ(senegal.status, 200);
  EXPECT_TRUE(contains(senegal.body, "français, wolof, peul")) << senegal.body;
  const auto chad = get("/c/TD", language("en"));
  EXPECT_TRUE(contains(chad.body, "French, Arabic"));
  const auto lesson = get("/r/" + fractions_lesson(), language("fr"));
  EXPECT_TRUE(contains(lesson.body, "<dd>français</dd>")) << "the language, not \"fr\"";
  // Search results name the language and the country.
  const auto search = get("/search?q=fraction", language("fr"));
  EXPECT_TRUE(contains(search.body, "<span class=\"tag\">français</span>"));
  EXPECT_FALSE(contains(search.body, "<span class=\"tag\">fr</span>"));
  EXPECT_TRUE(contains(search.body, "<span class=\"tag\">Côte d’Ivoire</span>") ||
              contains(search.body, "<span class=\"tag\">Sénégal</span>"));
  EXPECT_FALSE(contains(search.body, "<span class=\"tag\">SN</span>"));
}

// The href of the first language link to `code` in a page.
std::string language_link(const std::string& body, const std::string& code) {
  const std::string start = "<a href=\"/lang/" + code + "?next=";
  const auto at = body.find(start);
  if (at == std::string::npos) {
    return {};
  }
  const auto end = body.find('"', at + 9);
  return body.substr(at + 9, end - at - 9);
}

TEST_P(LanguageHttp, SwitchingLanguageKeepsThePathAndTheQuery) {
  const auto search = get("/search?q=fraction%20cm2&country=CI&lang=fr");
  ASSERT_EQ(search.status, 200);
  const std::string link = language_link(search.body, "en");
  // The whole URL, without the page's own ?lang= (it would outrank the choice).
  EXPECT_EQ(link, "/lang/en?next=/search%3Fq%3Dfraction%2520cm2%26country%3DCI") << link;
  const auto switched = get(link);
  EXPECT_EQ(switched.status, 303);
  EXPECT_EQ(switched.header("location").value_or(""), "/search?q=fraction%20cm2&country=CI");
  EXPECT_TRUE(contains(switched.header("set-cookie").value_or(""), "lang=en"));

  // A resource seen from Côte d'Ivoire stays seen from Côte d'Ivoire.
  const std::string id = fractions_lesson();
  const auto from_ci = get("/r/" + id + "?c=CI", language("fr"));
  const auto to_arabic = get(language_link(from_ci.body, "ar"));
  EXPECT_EQ(to_arabic.header("location").value_or(""), "/r/" + id + "?c=CI");
}

TEST_P(LanguageHttp, TheLanguageSwitchNeverLeavesTheSite) {
  for (const std::string next :
       {"//evil.example/x", "https://evil.example/", "/%0d%0aSet-Cookie:%20a=b",
        "%2F%5Cevil.example", "%2F%2Fevil.example", "javascript:alert(1)"}) {
    const auto response = get("/lang/en?next=" + next);
    EXPECT_EQ(response.status, 303) << next;
    EXPECT_EQ(response.header("location").value_or(""), "/") << next;
  }
}

TEST_P(LanguageHttp, ErrorPagesSayWhatHappenedAndWhatToDo) {
  const auto missing = get("/r/0000000000000000000000000a", language("fr"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing.body, "Page introuvable"));
  EXPECT_TRUE(contains(missing.body, "Vérifiez l&apos;adresse")) << missing.body;
  EXPECT_TRUE(contains(missing.body, "href=\"/search\""));
  EXPECT_TRUE(contains(missing.body, "href=\"/\""));

  const auto english = get("/no/such/page", language("en"));
  EXPECT_EQ(english.status, 404);
  EXPECT_TRUE(contains(english.body, "Check the address"));

  // A "back" link to the page the person came from, only when it is on this site (the test
  // client sends "Host: 127.0.0.1").
  const auto with_referrer =
      get("/no/such/page", {{"Cookie", "lang=fr"}, {"Referer", "http://127.0.0.1/c/SN"}});
  EXPECT_TRUE(contains(with_referrer.body, "<a href=\"/c/SN\">Revenir à la page précédente</a>"))
      << with_referrer.body;
  for (const std::string foreign :
       {"http://evil.example/c/SN", "http://127.0.0.1.evil.example/c/SN",
        "http://127.0.0.1//evil"}) {
    const auto page = get("/no/such/page", {{"Cookie", "lang=fr"}, {"Referer", foreign}});
    EXPECT_FALSE(contains(page.body, "Revenir à la page précédente")) << foreign;
  }

  // 405: a method the page does not take.
  const auto not_allowed = http_request(port(), "DELETE", "/c/SN", language("ar"));
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_TRUE(contains(not_allowed.body, "عد إلى الصفحة السابقة واستخدم روابطها وأزرارها"))
      << not_allowed.body;
}

}  // namespace
}  // namespace imaginecole::testing
