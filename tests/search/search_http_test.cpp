// SPDX-License-Identifier: AGPL-3.0-or-later
// The search API and page through the real binary on 127.0.0.1, over real sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "search/french_tokenizer.hpp"
#include "search_fixture.hpp"
#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::search {
namespace {

namespace json = boost::json;
using imaginecole::testing::http_get;
using imaginecole::testing::run_imaginecole;
using imaginecole::testing::ServerProcess;
using imaginecole::testing::TempDir;

class SearchHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    const auto init = run_imaginecole({"init", "--data", data_->path().string(), "--demo"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    {
      // Written by another process, as the CLI or an import would: the triggers index it.
      install_sqlite_tokenizer();
      auto database = storage::open_database(storage::DatabaseConfig{.data_dir = data_->path()});
      auto connection = database->write();
      const auto level = connection->query_one(
          "SELECT id FROM curriculum_nodes WHERE country_code = 'SN' AND kind = 'level'"
          " AND slug = 'cm2'");
      ASSERT_TRUE(level);
      testing::add_resource(*connection,
                            {.id = "e2e-kinkeliba",
                             .title = "<script>alert(1)</script> Le kinkéliba",
                             .summary = "Une plante du Sénégal.",
                             .body = "On prépare le KINKÉLIBA en infusion <b>chaude</b>.",
                             .subject_slugs = "[\"sciences\"]"});
      testing::place(*connection, "SN", "e2e-kinkeliba", level->text(0), "sciences");
    }
    server_ = new ServerProcess(ServerProcess::start({"--data", data_->path().string()}));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static std::uint16_t port() { return server_->port(); }
  static json::object api(const std::string& query, int expected_status = 200) {
    const auto response = http_get(port(), "/api/v1/search?" + query);
    EXPECT_EQ(response.status, expected_status) << query << "\n" << response.body;
    EXPECT_EQ(response.header("content-type"), "application/json") << query;
    return json::parse(response.body).as_object();
  }
  static inline TempDir* data_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(SearchHttp, ApiFindsWithoutAccentsAndReturnsTheDocumentedFields) {
  const auto body = api("q=KINKELIBA");
  EXPECT_EQ(body.at("total").as_int64(), 1);
  EXPECT_FALSE(body.at("total_capped").as_bool());
  EXPECT_EQ(body.at("page").as_int64(), 1);
  const auto& hit = body.at("results").as_array().at(0).as_object();
  EXPECT_EQ(hit.at("id").as_string(), "e2e-kinkeliba");
  EXPECT_EQ(hit.at("title").as_string(), "<script>alert(1)</script> Le kinkéliba");
  EXPECT_EQ(hit.at("kind").as_string(), "lesson");
  EXPECT_EQ(hit.at("language").as_string(), "fr");
  EXPECT_EQ(hit.at("origin_country").as_string(), "SN");
  const std::string snippet(hit.at("snippet").as_string());
  EXPECT_NE(snippet.find("<mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
}

TEST_F(SearchHttp, ApiFilters) {
  EXPECT_EQ(api("q=kinkeliba&country=SN&level=cm2").at("total").as_int64(), 1);
  EXPECT_EQ(api("q=kinkeliba&country=sn&subject=sciences").at("total").as_int64(), 1);
  EXPECT_EQ(api("q=kinkeliba&country=CI").at("total").as_int64(), 0);
  EXPECT_EQ(api("q=kinkeliba&kind=video").at("total").as_int64(), 0);
  EXPECT_EQ(api("q=kinkeliba&lang=en").at("total").as_int64(), 0);
  EXPECT_EQ(api("q=kinkeliba&lang=fr&page=2").at("results").as_array().size(), 0u);
}

TEST_F(SearchHttp, ApiBadInputIsNeverAServerError) {
  EXPECT_EQ(api("q=").at("total").as_int64(), 0);
  EXPECT_TRUE(api("q=le+la+les").contains("message"));
  EXPECT_EQ(api("q=%22kinkeliba%22+NEAR%28*%29+OR+%5E-%3A").at("total").as_int64(), 0);
  EXPECT_EQ(api("q=kinkeliba%FF%FE%C3").at("total").as_int64(), 1);
  EXPECT_EQ(api("q=%27%3B+DROP+TABLE+resources%3B+--").at("total").as_int64(), 0);
  api("q=" + std::string(600, 'a'), 400);
  api("q=x&level=cm2", 400);
  api("q=x&kind=%3Cscript%3E", 400);
  api("q=x&page=-1", 400);
  // Beyond the server's 4 KB limit on addresses: refused before search sees it.
  EXPECT_EQ(http_get(port(), "/api/v1/search?q=" + std::string(5000, 'a')).status, 414);
}

TEST_F(SearchHttp, PageShowsEscapedResultsWithHighlights) {
  const auto response = http_get(port(), "/search?q=kinkeliba");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "text/html; charset=utf-8");
  const std::string& html = response.body;
  EXPECT_NE(html.find("<label for=\"search-q\">"), std::string::npos);
  EXPECT_NE(html.find("<mark>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"/r/e2e-kinkeliba\""), std::string::npos);
}

TEST_F(SearchHttp, PageHasHelpfulStates) {
  const auto empty = http_get(port(), "/search");
  EXPECT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("/search?q=fraction"), std::string::npos);
  const auto stop_words = http_get(port(), "/search?q=le+la+de");
  EXPECT_EQ(stop_words.status, 200);
  EXPECT_NE(stop_words.body.find("trop courants"), std::string::npos);
  const auto none = http_get(port(), "/search?q=zzyzzyva+kinkeliba");
  EXPECT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("Aucune ressource"), std::string::npos);
  const auto too_long = http_get(port(), "/search?q=" + std::string(600, 'a'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("trop longue"), std::string::npos);
  const auto garbage = http_get(port(), "/search?q=%00%FF%22NEAR(");
  EXPECT_EQ(garbage.status, 200);
  const auto english = http_get(port(), "/search?q=zzyzzyva", {{"Accept-Language", "en"}});
  EXPECT_NE(english.body.find("No resource contains"), std::string::npos);
}

TEST_F(SearchHttp, PageFiltersComeFromTheCountrysCurriculum) {
  const auto response = http_get(port(), "/search?q=kinkeliba&country=SN&level=cm2");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("<label for=\"search-level\">"), std::string::npos);
  EXPECT_NE(response.body.find("<option value=\"cm2\" selected>"), std::string::npos);
  EXPECT_NE(response.body.find("<option value=\"SN\" selected>"), std::string::npos);
  EXPECT_NE(response.body.find("<mark>"), std::string::npos);
}

TEST_F(SearchHttp, EveryPageHasASearchBoxInItsHeader) {
  const auto home = http_get(port(), "/");
  EXPECT_NE(home.body.find("role=\"search\" action=\"/search\""), std::string::npos);
  EXPECT_NE(home.body.find("<label for=\"site-q\">"), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::search
