// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/change_log_audit.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/record_registry.hpp"
#include "storage/change_feed.hpp"

namespace imaginecole::testing {
namespace {

struct ExpectedScope {
  std::string table;
  std::string sql;  // SELECT id, country, school FROM … (one row per expected line)
};

// What each table's lines must say, computed from the rows themselves.
const std::vector<ExpectedScope>& expected_scopes() {
  static const std::vector<ExpectedScope> scopes = {
      {"subjects", "SELECT id, NULL, NULL FROM subjects"},
      {"countries", "SELECT id, NULL, NULL FROM countries"},
      {"curriculum_nodes", "SELECT id, country_code, NULL FROM curriculum_nodes"},
      {"exams", "SELECT id, country_code, NULL FROM exams"},
      {"regions", "SELECT id, country_code, NULL FROM regions"},
      {"schools", "SELECT id, country_code, code FROM schools"},
      {"classes",
       "SELECT c.id, s.country_code, s.code FROM classes c JOIN schools s ON s.id = c.school_id"},
      {"users",
       "SELECT u.id, s.country_code, s.code FROM users u LEFT JOIN schools s "
       "ON s.id = u.school_id"},
      {"join_requests",
       "SELECT j.id, s.country_code, s.code FROM join_requests j "
       "JOIN schools s ON s.id = j.school_id"},
      {"picture_cards",
       "SELECT p.id, s.country_code, s.code FROM picture_cards p JOIN users u ON u.id = p.id "
       "JOIN schools s ON s.id = u.school_id"},
      {"resources", "SELECT id, origin_country, NULL FROM resources"},
      {"resources", "SELECT resource_id, country_code, NULL FROM placements"},
      {"placements", "SELECT id, country_code, NULL FROM placements"},
      {"questions", "SELECT id, country_code, NULL FROM questions"},
      {"media", "SELECT id, country_code, NULL FROM media"},
      {"resource_versions",
       "SELECT v.id, r.origin_country, NULL FROM resource_versions v "
       "JOIN resources r ON r.id = v.resource_id"},
  };
  return scopes;
}

std::string id_sql(const storage::SyncedTable& table) {
  std::string out;
  for (const auto& column : table.key) {
    out += (out.empty() ? "t." : " || '/' || t.") + column;
  }
  return out;
}

}  // namespace

std::vector<std::string> audit_change_log(storage::Connection& connection) {
  std::vector<std::string> problems;
  for (const auto& table : app::platform_record_registry().synced()) {
    const auto unstamped =
        connection.query_one("SELECT COUNT(*) FROM " + table.name + " WHERE hlc = 0");
    if (unstamped->integer(0) != 0) {
      problems.push_back(table.name + ": " + unstamped->text(0) + " rows without a stamp");
    }
    const auto unlogged = connection.query(
        "SELECT " + id_sql(table) + " FROM " + table.name +
        " t WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.entity = '" + table.name +
        "' AND c.entity_id = " + id_sql(table) + " AND c.hlc = t.hlc AND c.op = 'upsert')");
    for (const auto& row : unlogged.rows) {
      problems.push_back(table.name + " " + row.text(0) + ": no line carries its current stamp");
    }
  }
  const std::string same =
      connection.backend() == storage::Backend::postgres ? " IS NOT DISTINCT FROM " : " IS ";
  for (const auto& expected : expected_scopes()) {
    std::string sql = "WITH e (id, country, school) AS (";
    sql.append(expected.sql)
        .append(") SELECT e.id, e.country, e.school FROM e WHERE NOT EXISTS (SELECT 1 FROM ")
        .append("change_log c WHERE c.entity = '")
        .append(expected.table)
        .append("' AND c.entity_id = e.id AND c.country")
        .append(same)
        .append("e.country AND c.school")
        .append(same)
        .append("e.school)");
    const auto missing = connection.query(sql);
    for (const auto& row : missing.rows) {
      std::string problem = expected.table;
      problem.append(" ").append(row.text(0)).append(": no line for scope (");
      problem.append(row.optional_text(1).value_or("everyone")).append(", ");
      problem.append(row.optional_text(2).value_or("-")).append(")");
      problems.push_back(std::move(problem));
    }
  }
  return problems;
}

void wait_until_feed_is_final(storage::Database& database) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    {
      auto connection = database.read();
      if (storage::changes_are_final(*connection)) {
        return;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "the change feed stayed held back for 20 s";
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace imaginecole::testing
