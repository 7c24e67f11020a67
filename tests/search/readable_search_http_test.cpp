// SPDX-License-Identifier: AGPL-3.0-or-later
// Search that reads well (issue 12, item 5), through the real binary on the demo data, on both
// backends: readable excerpts, levels and subjects shown as words, level and subject names
// understood in the query, and level names that are not country codes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/shared_demo_server.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class ReadableSearch : public SharedDemoTest {
 protected:
  json::object api(const std::string& query) {
    const auto response = http_get(port(), "/api/v1/search?" + query);
    EXPECT_EQ(response.status, 200) << query << "\n" << response.body;
    return json::parse(response.body).as_object();
  }
  static std::string text(const json::value& value) { return std::string(value.as_string()); }
};
IMAGINECOLE_ON_BOTH_BACKENDS(ReadableSearch);

TEST_P(ReadableSearch, ExcerptsArePlainTextWithHighlights) {
  const auto body = api("q=fraction");
  const auto& results = body.at("results").as_array();
  ASSERT_GE(results.size(), 2U);
  bool read_a_formula = false;
  for (const auto& hit : results) {
    const std::string snippet = text(hit.at("snippet"));
    EXPECT_NE(snippet.find("<mark>"), std::string::npos) << snippet;
    for (const char* markup : {"$", "\\frac", "|", "**", "##", "](", "&lt;details"}) {
      EXPECT_EQ(snippet.find(markup), std::string::npos) << markup << " in " << snippet;
    }
    read_a_formula = read_a_formula || snippet.find("3/4") != std::string::npos;
  }
  EXPECT_TRUE(read_a_formula) << "the fractions lesson's $\\frac{3}{4}$ reads 3/4";
  const auto page = http_get(port(), "/search?q=fraction");
  EXPECT_NE(page.body.find("<mark>fraction</mark>"), std::string::npos);
  EXPECT_EQ(page.body.find("\\frac"), std::string::npos);
}

TEST_P(ReadableSearch, ResultsNameTheirLevelAndSubjectInWords) {
  const auto body = api("q=fraction");
  bool found = false;
  for (const auto& hit : body.at("results").as_array()) {
    if (text(hit.at("title")) == "Les fractions : partager, lire et comparer") {
      found = true;
      EXPECT_EQ(text(hit.at("country")), "SN");  // its origin country's placement
      EXPECT_EQ(text(hit.at("level_name")), "CM2");
      EXPECT_EQ(text(hit.at("subject_name")), "Mathématiques");
      EXPECT_EQ(text(hit.at("country_name")), "Sénégal");
    }
  }
  EXPECT_TRUE(found);
  const auto page = http_get(port(), "/search?q=fraction");
  EXPECT_NE(page.body.find("CM2 · Mathématiques (Sénégal)"), std::string::npos) << page.body;
  // In the page's language: ?lang= chooses the interface there.
  const auto english = http_get(port(), "/search?q=fraction&lang=en");
  EXPECT_NE(english.body.find("CM2 · Mathematics"), std::string::npos) << english.body;
}

TEST_P(ReadableSearch, ALevelNamedInTheQueryFiltersByLevel) {
  const auto body = api("q=fraction%20cm2");
  const auto& results = body.at("results").as_array();
  ASSERT_GE(results.size(), 1U) << json::serialize(body);
  bool lesson = false;
  for (const auto& hit : results) {
    lesson = lesson || text(hit.at("title")) == "Les fractions : partager, lire et comparer";
    EXPECT_EQ(text(hit.at("level")), "cm2") << json::serialize(hit);
    // The 3e revision plan mentions fractions too, but at another level.
    EXPECT_EQ(text(hit.at("title")).find("BEPC"), std::string::npos);
  }
  EXPECT_TRUE(lesson);
  // A subject's name filters the same way, within the chosen country.
  const auto subject = api("q=fraction%20math%C3%A9matiques&country=BF");
  ASSERT_GE(subject.at("total").as_int64(), 1) << json::serialize(subject);
  for (const auto& hit : subject.at("results").as_array()) {
    EXPECT_EQ(text(hit.at("subject")), "mathematiques");
    EXPECT_EQ(text(hit.at("country")), "BF");
  }
}

TEST_P(ReadableSearch, CiIsALevelOnlyInTheCountryThatHasOne) {
  // Senegal's CI (Cours d'Initiation) is a level; the country is only chosen by ?country=.
  const auto senegal = api("q=lecture%20ci&country=SN");
  ASSERT_GE(senegal.at("total").as_int64(), 1) << json::serialize(senegal);
  for (const auto& hit : senegal.at("results").as_array()) {
    EXPECT_EQ(text(hit.at("country")), "SN");
    EXPECT_EQ(text(hit.at("level")), "ci");
  }
  // Côte d'Ivoire (code CI) has no level named CI: there "ci" is a word of the text, and no
  // result is placed at a level called ci.
  const auto ivory_coast = api("q=lecture%20ci&country=CI");
  for (const auto& hit : ivory_coast.at("results").as_array()) {
    EXPECT_NE(text(hit.at("level")), "ci");
  }
  // Lower case or upper case, the parameter names the country, never a level.
  const auto lower = api("q=lecture&country=ci");
  for (const auto& hit : lower.at("results").as_array()) {
    EXPECT_EQ(text(hit.at("country")), "CI");
  }
}

}  // namespace
}  // namespace imaginecole::testing
