// SPDX-License-Identifier: AGPL-3.0-or-later
// Two servers initialised separately with `init --demo` (two SQLite data folders, and one on
// PostgreSQL) hold the same ids for every seeded reference record: countries, subjects,
// curriculum nodes, exams and regions. Their records can then meet at sync without clashing.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

// Each row as "id|natural key|ids it points at", sorted: equal lists mean equal ids for the
// same records and the same links between them.
const std::vector<std::pair<std::string, std::string>> kSeededTables = {
    {"countries", "SELECT id || '|' || code FROM countries"},
    {"subjects", "SELECT id || '|' || slug FROM subjects"},
    {"curriculum_nodes",
     "SELECT id || '|' || country_code || '|' || kind || '|' || slug || '|' || "
     "COALESCE(parent_id, '-') FROM curriculum_nodes"},
    {"exams", "SELECT id || '|' || country_code || '|' || code || '|' || level_id FROM exams"},
    {"regions", "SELECT id || '|' || country_code || '|' || name FROM regions"},
};

std::vector<std::string> seeded_rows(const storage::DatabaseConfig& config,
                                     const std::string& query) {
  const auto database = storage::open_database(config);
  auto connection = database->read();
  std::vector<std::string> rows;
  for (const auto& row : connection->query(query).rows) {
    rows.push_back(row.text(0));
  }
  std::sort(rows.begin(), rows.end());  // here, not in SQL: PostgreSQL's collation differs
  return rows;
}

void init_demo(const TempDir& data, const std::string& database_url = {}) {
  std::vector<std::string> arguments = {"init", "--data", data.path().string(), "--demo"};
  if (!database_url.empty()) {
    arguments.insert(arguments.end(), {"--database", database_url});
  }
  const auto result = run_imaginecole(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST(SeededIds, TwoServersInitialisedSeparatelyAgreeOnEveryReferenceId) {
  TempDir first;
  TempDir second;
  TempDir on_postgres;
  PostgresSchema schema;
  ASSERT_NO_FATAL_FAILURE(init_demo(first));
  ASSERT_NO_FATAL_FAILURE(init_demo(second));
  ASSERT_NO_FATAL_FAILURE(init_demo(on_postgres, schema.url()));

  for (const auto& [table, query] : kSeededTables) {
    const auto a = seeded_rows({.data_dir = first.path()}, query);
    const auto b = seeded_rows({.data_dir = second.path()}, query);
    const auto c = seeded_rows({.data_dir = on_postgres.path(), .url = schema.url()}, query);
    EXPECT_FALSE(a.empty()) << table;
    EXPECT_EQ(a, b) << table << ": two SQLite servers seeded separately";
    EXPECT_EQ(a, c) << table << ": SQLite and PostgreSQL seeded separately";
  }
}

TEST(SeededIds, FollowTheWrittenKeys) {
  TempDir data;
  ASSERT_NO_FATAL_FAILURE(init_demo(data));
  const storage::DatabaseConfig config{.data_dir = data.path()};
  EXPECT_EQ(seeded_rows(config, "SELECT id FROM countries WHERE code = 'SN'"),
            std::vector<std::string>{core::name_based_id("country:SN")});
  EXPECT_EQ(seeded_rows(config, "SELECT id FROM subjects WHERE slug = 'mathematiques'"),
            std::vector<std::string>{core::name_based_id("subject:mathematiques")});
  EXPECT_EQ(seeded_rows(config,
                        "SELECT id FROM curriculum_nodes WHERE country_code = 'SN' AND "
                        "kind = 'level' AND slug = 'cm2'"),
            std::vector<std::string>{core::name_based_id("curriculum:SN/cm2")});
  EXPECT_EQ(seeded_rows(config,
                        "SELECT n.id FROM curriculum_nodes n JOIN curriculum_nodes l ON "
                        "l.id = n.parent_id WHERE l.country_code = 'SN' AND l.slug = 'cm2' AND "
                        "n.slug = 'mathematiques'"),
            std::vector<std::string>{core::name_based_id("curriculum:SN/cm2/mathematiques")});
  EXPECT_EQ(seeded_rows(config, "SELECT id FROM exams WHERE country_code = 'SN' AND code = 'CFEE'"),
            std::vector<std::string>{core::name_based_id("exam:SN/CFEE")});
}

}  // namespace
}  // namespace imaginecole::testing
