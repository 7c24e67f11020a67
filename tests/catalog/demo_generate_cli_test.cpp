// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole demo generate` (the benchmarks' catalogues) through the real binary on both
// backends: --country and --level put every generated resource at that level, each gets a
// first published version so an editor can change it through the API, and a country the
// curricula do not have is refused with nothing written.
#include <gtest/gtest.h>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

// The demo platform (a copy of the template `init --demo` made once; demo_database.hpp).
class DemoGenerateCli : public DemoBackendTest {
 protected:
  CommandResult generate(std::vector<std::string> args) {
    std::vector<std::string> all = {"demo", "generate"};
    all.insert(all.end(), args.begin(), args.end());
    const auto where = location();
    all.insert(all.end(), where.begin(), where.end());
    return run_imaginecole(all);
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(DemoGenerateCli);

// Generated titles end in "n°N"; the demo's own lessons do not.
constexpr const char* kGenerated = "r.title LIKE '% n°%'";

TEST_P(DemoGenerateCli, OneCountrysLevelEditableLikeTheDemoLessons) {
  const auto made =
      generate({"--resources", "6", "--seed", "3", "--country", "SN", "--level", "cm2"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("Generated 6 resources"), std::string::npos) << made.out;
  EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM resources r WHERE ") + kGenerated +
                  " AND r.origin_country = 'SN' AND r.status = 'published'"),
            6);
  EXPECT_EQ(count(std::string("SELECT COUNT(DISTINCT p.resource_id) FROM placements p JOIN "
                              "resources r ON r.id = p.resource_id JOIN curriculum_nodes n ON "
                              "n.id = p.level_id WHERE ") +
                  kGenerated + " AND p.country_code = 'SN' AND n.slug = 'cm2'"),
            6);
  EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM resource_workflow w JOIN resources r ON "
                              "r.id = w.id WHERE ") +
                  kGenerated + " AND w.state = 'published' AND w.published_version = 1"),
            6);

  // The editor of Senegal saves a new draft of one; the published version stays online.
  std::string id;
  {
    auto connection = db().read();
    id = connection
             ->query_one(std::string("SELECT r.id FROM resources r WHERE ") + kGenerated +
                         " ORDER BY r.id LIMIT 1")
             ->text(0);
  }
  auto server = ServerProcess::start(location());
  const auto editor = sign_in(server.port(), {"sn.editor"});
  const auto saved = http_request(
      server.port(), "PUT", "/api/v1/resources/" + id + "/draft", with_json(editor),
      R"({"kind": "lesson", "title": "Une leçon revue", "summary": "Revue.", "body": "Le texte.",)"
      R"( "language": "fr", "audience": "pupil", "licence": "CC-BY-SA-4.0"})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_NE(saved.body.find(R"("current_version":2)"), std::string::npos) << saved.body;
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM resources WHERE id = '" + id + "' AND title = 'Une leçon revue'"),
      0)
      << "pupils keep the published version until the next publication";
}

TEST_P(DemoGenerateCli, AnUnknownCountryOrLevelIsRefusedWithNothingWritten) {
  const std::int64_t resources = count("SELECT COUNT(*) FROM resources");
  const auto country = generate({"--resources", "3", "--country", "XX"});
  EXPECT_NE(country.exit_code, 0);
  EXPECT_NE(country.err.find("'XX'"), std::string::npos) << country.err;
  const auto level = generate({"--resources", "3", "--country", "SN", "--level", "licence-3"});
  EXPECT_NE(level.exit_code, 0);
  EXPECT_NE(level.err.find("'licence-3'"), std::string::npos) << level.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), resources);
}

}  // namespace
}  // namespace imaginecole::testing
