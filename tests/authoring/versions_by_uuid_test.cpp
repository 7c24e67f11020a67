// SPDX-License-Identifier: AGPL-3.0-or-later
// Migration 0016 on a database filled at the schema before it: every column that pointed at a
// version by its number gets the version's UUID beside it, and nothing is lost. On both
// backends.
#include <gtest/gtest.h>

#include "storage/records.hpp"
#include "support/backends.hpp"
#include "support/schema_at.hpp"

namespace imaginecole::authoring {
namespace {

class VersionsByUuidMigration : public testing::BackendTest {};

constexpr const char* kAt = "'2026-03-01T08:00:00Z'";

std::string stamp() {
  return std::string(kAt) + ", " + kAt + ", 'node-a'";
}

TEST_P(VersionsByUuidMigration, FillsEveryPointerFromItsNumber) {
  auto fresh = testing::make_test_database(GetParam(), /*migrate=*/false);
  storage::Database& database = *fresh->database;
  testing::migrate_up_to(database, 15);
  {
    auto c = database.write();
    c->execute(
        "INSERT INTO countries (id, code, names, languages, position, created_at, updated_at, "
        "origin_node) VALUES ('c-tg', 'TG', '{}', '[\"fr\"]', 0, " +
        stamp() + ")");
    for (const std::string id : {"r-a", "r-b"}) {
      c->execute(
          "INSERT INTO resources (id, kind, slug, title, language, audience, licence, "
          "origin_country, status, published_version, created_at, updated_at, origin_node) "
          "VALUES ('" +
          id + "', 'lesson', 'l', 'Leçon', 'fr', 'pupil', 'CC-BY-4.0', 'TG', " +
          (id == "r-a" ? "'published', 1, " : "'draft', NULL, ") + stamp() + ")");
    }
    for (const auto& [id, resource, number] :
         {std::tuple{"v-a1", "r-a", 1}, {"v-a2", "r-a", 2}, {"v-b1", "r-b", 1}}) {
      c->execute(
          "INSERT INTO resource_versions (id, resource_id, number, snapshot, author_id, "
          "created_at, updated_at, origin_node) VALUES (?, ?, ?, '{}', 'u-1', " +
              stamp() + ")",
          {std::string(id), std::string(resource), static_cast<std::int64_t>(number)});
    }
    c->execute(
        "INSERT INTO resource_workflow (id, country_code, state, title, current_version, "
        "submitted_version, published_version, class_version, created_by, created_at, "
        "updated_at, origin_node) VALUES ('r-a', 'TG', 'in_review', 'Leçon', 2, 2, 1, 1, "
        "'u-1', " +
        stamp() + ")");
    c->execute(
        "INSERT INTO resource_workflow (id, country_code, state, title, current_version, "
        "origin_resource_id, origin_version, created_by, created_at, updated_at, origin_node) "
        "VALUES ('r-b', 'TG', 'draft', 'Adaptation', 1, 'r-a', 1, 'u-2', " +
        stamp() + ")");
    // The third line names a version that is not there: it keeps its number, gets no UUID.
    for (const auto& [id, number] : {std::pair{"t-1", 1}, {"t-2", 2}, {"t-9", 9}}) {
      c->execute(
          "INSERT INTO resource_reviews (id, resource_id, version_number, actor_id, from_state, "
          "to_state, created_at, updated_at, origin_node) VALUES (?, 'r-a', ?, 'u-1', 'draft', "
          "'in_review', " +
              stamp() + ")",
          {std::string(id), static_cast<std::int64_t>(number)});
    }
  }
  storage::migrate(database);

  auto c = database.read();
  const auto a = c->query_one(
      "SELECT current_version_id, submitted_version_id, published_version_id, class_version_id, "
      "origin_version_id, current_version FROM resource_workflow WHERE id = 'r-a'");
  EXPECT_EQ(a->text(0), "v-a2");
  EXPECT_EQ(a->text(1), "v-a2");
  EXPECT_EQ(a->text(2), "v-a1");
  EXPECT_EQ(a->text(3), "v-a1");
  EXPECT_TRUE(a->is_null(4));
  EXPECT_EQ(a->integer(5), 2) << "the number stays, for people";
  const auto b = c->query_one(
      "SELECT current_version_id, origin_version_id, published_version_id FROM resource_workflow "
      "WHERE id = 'r-b'");
  EXPECT_EQ(b->text(0), "v-b1");
  EXPECT_EQ(b->text(1), "v-a1") << "an adaptation points at its origin's version";
  EXPECT_TRUE(b->is_null(2));
  const auto reviews =
      c->query("SELECT id, version_number, version_id FROM resource_reviews ORDER BY id");
  ASSERT_EQ(reviews.rows.size(), 3U);
  EXPECT_EQ(reviews.rows[0].text(2), "v-a1");
  EXPECT_EQ(reviews.rows[1].text(2), "v-a2");
  EXPECT_EQ(reviews.rows[2].integer(1), 9);
  EXPECT_TRUE(reviews.rows[2].is_null(2));
  EXPECT_EQ(c->query_one("SELECT published_version_id FROM resources WHERE id = 'r-a'")->text(0),
            "v-a1");
  EXPECT_TRUE(
      c->query_one("SELECT published_version_id FROM resources WHERE id = 'r-b'")->is_null(0));
}

IMAGINECOLE_ON_BOTH_BACKENDS(VersionsByUuidMigration);

}  // namespace
}  // namespace imaginecole::authoring
