// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/resource_queries.hpp"

namespace imaginecole::catalog {

std::optional<std::string> exercise_set_country(storage::Connection& connection,
                                                std::string_view resource_id) {
  const auto row = connection.query_one(
      "SELECT origin_country FROM resources WHERE id = ? AND kind = 'exercise_set'",
      {std::string(resource_id)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

std::optional<std::string> published_set_questions(storage::Connection& connection,
                                                   std::string_view resource_id) {
  const auto row = connection.query_one(
      "SELECT questions FROM resources WHERE id = ? AND kind = 'exercise_set' AND "
      "status = 'published'",
      {std::string(resource_id)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

std::optional<PublishedSet> published_set(storage::Connection& connection,
                                          std::string_view resource_id) {
  const auto row = connection.query_one(
      "SELECT questions, COALESCE(published_version_id, ''), origin_country FROM resources "
      "WHERE id = ? AND kind = 'exercise_set' AND status = 'published'",
      {std::string(resource_id)});
  if (!row) {
    return std::nullopt;
  }
  return PublishedSet{
      .questions = row->text(0), .version_id = row->text(1), .origin_country = row->text(2)};
}

std::optional<std::string> published_set_language(storage::Connection& connection,
                                                  std::string_view resource_id) {
  const auto row = connection.query_one(
      "SELECT language FROM resources WHERE id = ? AND kind = 'exercise_set' AND "
      "status = 'published'",
      {std::string(resource_id)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

std::optional<std::string> resource_id_by_title(storage::Connection& connection,
                                                std::string_view kind,
                                                std::string_view origin_country,
                                                std::string_view title) {
  const auto row = connection.query_one(
      "SELECT id FROM resources WHERE kind = ? AND origin_country = ? AND title = ?",
      {std::string(kind), std::string(origin_country), std::string(title)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

std::vector<PublishedResourceRow> published_after(storage::Connection& connection,
                                                  std::string_view after_id, std::int64_t limit) {
  const auto result = connection.query(
      "SELECT id, questions FROM resources WHERE status = 'published' AND id > ? ORDER BY id "
      "LIMIT ?",
      {std::string(after_id), limit});
  std::vector<PublishedResourceRow> out;
  for (const auto& row : result.rows) {
    out.push_back(PublishedResourceRow{.id = row.text(0), .questions = row.text(1)});
  }
  return out;
}

std::vector<ResourceTitle> resources_referring_to(storage::Connection& connection,
                                                  std::string_view text_pattern,
                                                  std::string_view media_hash) {
  const std::string pattern(text_pattern);
  const auto result = connection.query(
      "SELECT id, title FROM resources WHERE body LIKE ? OR questions LIKE ? OR media_hash = ?",
      {pattern, pattern, std::string(media_hash)});
  std::vector<ResourceTitle> out;
  for (const auto& row : result.rows) {
    out.push_back(ResourceTitle{.id = row.text(0), .title = row.text(1)});
  }
  return out;
}

std::optional<std::string> resource_title(storage::Connection& connection, std::string_view id) {
  const auto row =
      connection.query_one("SELECT title FROM resources WHERE id = ?", {std::string(id)});
  return row ? std::optional(row->text(0)) : std::nullopt;
}

}  // namespace imaginecole::catalog
