// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's dead ends (issue 12, item 9) over real HTTP on the demo data: a level page
// says how many resources each subject has, and an empty subject page points to the nearest
// pages that have something (the same subject at another level, what other countries placed
// at the matching level), every link leading to a page that exists.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/shared_demo_server.hpp"

namespace imaginecole::testing {
namespace {

class CatalogDeadEnds : public SharedDemoTest {
 protected:
  HttpResponse get(const std::string& target) { return http_get(port(), target); }

  // The hrefs inside the list labelled by `heading_id`.
  static std::vector<std::string> links_under(const std::string& body,
                                              const std::string& heading_id) {
    std::vector<std::string> out;
    const auto start = body.find("<ul aria-labelledby=\"" + heading_id + "\">");
    if (start == std::string::npos) {
      return out;
    }
    const auto end = body.find("</ul>", start);
    const std::string list = body.substr(start, end - start);
    // std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers: parse by hand.
    const std::string marker = "href=\"";
    for (auto at = list.find(marker); at != std::string::npos; at = list.find(marker, at)) {
      at += marker.size();
      const auto close = list.find('"', at);
      if (close == std::string::npos) {
        break;
      }
      out.push_back(list.substr(at, close - at));
      at = close;
    }
    return out;
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(CatalogDeadEnds);

TEST_P(CatalogDeadEnds, LevelPageCountsEachSubjectsResources) {
  const auto level = get("/c/SN/cm2");
  ASSERT_EQ(level.status, 200);
  // The demo places three published resources under Senegal's CM2 mathematics, none under
  // its CM2 French.
  EXPECT_NE(level.body.find("Mathématiques</a> <small>(3 ressources)</small>"), std::string::npos)
      << level.body;
  EXPECT_NE(level.body.find("Français</a> <small>(aucune ressource)</small>"), std::string::npos)
      << level.body;
  const auto english = get("/c/SN/cm2?lang=en");
  EXPECT_NE(english.body.find("(3 resources)"), std::string::npos) << english.body;
}

TEST_P(CatalogDeadEnds, EmptySubjectSuggestsAnotherLevelAndOtherCountriesResources) {
  const auto empty = get("/c/SN/cm1/mathematiques");
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("Aucune ressource"), std::string::npos);
  // The nearest level of Senegal with mathematics resources is CM2.
  const auto nearby = links_under(empty.body, "nearby-heading");
  ASSERT_EQ(nearby, std::vector<std::string>{"/c/SN/cm2/mathematiques"}) << empty.body;
  EXPECT_NE(empty.body.find("CM2 · Mathématiques</a> <small>(3 ressources)"), std::string::npos);
  // Burkina Faso placed the fractions lesson at its CM1, which the crosswalk matches with
  // Senegal's CM1.
  const auto elsewhere = links_under(empty.body, "elsewhere-heading");
  ASSERT_FALSE(elsewhere.empty()) << empty.body;
  EXPECT_NE(empty.body.find("Les fractions : partager, lire et comparer</a> <small>Burkina Faso"
                            " · CM1</small>"),
            std::string::npos)
      << empty.body;
  // No dead ends: every suggestion opens, and the suggested level has resources.
  for (const auto& link : nearby) {
    const auto page = get(link);
    EXPECT_EQ(page.status, 200) << link;
    EXPECT_EQ(page.body.find("Aucune ressource"), std::string::npos) << link;
  }
  for (const auto& link : elsewhere) {
    std::string url = link;
    for (auto at = url.find("&amp;"); at != std::string::npos; at = url.find("&amp;", at + 1)) {
      url.replace(at, 5, "&");
    }
    EXPECT_EQ(get(url).status, 200) << link;
  }
}

TEST_P(CatalogDeadEnds, SubjectWithResourcesSuggestsNothing) {
  const auto full = get("/c/SN/cm2/mathematiques");
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body.find("nearby-heading"), std::string::npos);
  EXPECT_EQ(full.body.find("elsewhere-heading"), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
