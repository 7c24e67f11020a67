// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/resource_store.hpp"

#include "catalog/resource_queries.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;
using storage::Row;
using storage::Value;

constexpr std::array<std::string_view, 7> kKinds = {
    "lesson", "exercise_set", "video", "audio", "document", "interactive", "teacher_guide"};
constexpr std::array<std::string_view, 6> kLicences = {"CC-BY-4.0",     "CC-BY-SA-4.0",
                                                       "CC-BY-NC-4.0",  "CC-BY-NC-SA-4.0",
                                                       "public-domain", "all-rights-reserved"};

constexpr std::string_view kResourceColumns =
    "id, kind, slug, title, summary, body, language, audience, licence, authors, origin_country, "
    "duration_minutes, subject_slugs, exam_codes, status, published_at, created_at, updated_at";
constexpr std::string_view kSummaryColumns =
    "r.id, r.kind, r.title, r.summary, r.language, r.origin_country, r.published_at, "
    "r.duration_minutes";

std::string json_array(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) {
    out.emplace_back(item);
  }
  return json::serialize(out);
}

std::vector<std::string> strings_of(std::string_view text) {
  std::vector<std::string> out;
  json::error_code ec;
  const json::value value = json::parse(text, ec);
  if (!ec && value.is_array()) {
    for (const auto& item : value.as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      }
    }
  }
  return out;
}

std::optional<int> optional_int(const Row& row, std::size_t column) {
  if (row.is_null(column)) {
    return std::nullopt;
  }
  return static_cast<int>(row.integer(column));
}

Resource resource_from(const Row& row) {
  Resource r;
  r.id = row.text(0);
  r.kind = row.text(1);
  r.slug = row.text(2);
  r.title = row.text(3);
  r.summary = row.text(4);
  r.body = row.text(5);
  r.language = row.text(6);
  r.audience = row.text(7);
  r.licence = row.text(8);
  r.authors = strings_of(row.text(9));
  r.origin_country = row.text(10);
  r.duration_minutes = optional_int(row, 11);
  r.subject_slugs = strings_of(row.text(12));
  r.exam_codes = strings_of(row.text(13));
  r.status = row.text(14);
  r.published_at = row.optional_text(15);
  r.created_at = row.text(16);
  r.updated_at = row.text(17);
  return r;
}

ResourceSummary summary_from(const Row& row) {
  return ResourceSummary{.id = row.text(0),
                         .kind = row.text(1),
                         .title = row.text(2),
                         .summary = row.text(3),
                         .language = row.text(4),
                         .origin_country = row.text(5),
                         .published_at = row.optional_text(6),
                         .duration_minutes = optional_int(row, 7)};
}

// The FROM and WHERE of a list, and its parameters.
struct ListQuery {
  std::string from_where;
  std::vector<Value> params;
};

ListQuery list_query(const ResourceFilter& filter, const std::optional<std::string>& level_id) {
  ListQuery q;
  q.from_where =
      " FROM placements p JOIN resources r ON r.id = p.resource_id "
      "WHERE p.country_code = ? AND p.hidden = 0 AND r.status = 'published'";
  q.params.emplace_back(filter.country);
  if (level_id) {
    q.from_where += " AND p.level_id = ?";
    q.params.emplace_back(*level_id);
  }
  if (filter.subject) {
    q.from_where += " AND p.subject_slug = ?";
    q.params.emplace_back(*filter.subject);
  }
  if (filter.unit_id) {
    q.from_where += " AND p.unit_id = ?";
    q.params.emplace_back(*filter.unit_id);
  }
  if (filter.kind) {
    q.from_where += " AND r.kind = ?";
    q.params.emplace_back(*filter.kind);
  }
  if (filter.language) {
    q.from_where += " AND r.language = ?";
    q.params.emplace_back(*filter.language);
  }
  if (filter.exam) {
    // Exam codes are letters, digits and dashes (checked by the caller): no LIKE wildcards.
    q.from_where += " AND r.exam_codes LIKE ?";
    q.params.emplace_back("%\"" + *filter.exam + "\"%");
  }
  return q;
}

}  // namespace

const std::vector<std::string_view>& resource_kinds() {
  static const std::vector<std::string_view> kinds(kKinds.begin(), kKinds.end());
  return kinds;
}

bool is_resource_kind(std::string_view text) {
  return std::find(kKinds.begin(), kKinds.end(), text) != kKinds.end();
}

bool is_audience(std::string_view text) {
  return text == "pupil" || text == "teacher";
}

bool is_licence(std::string_view text) {
  return std::find(kLicences.begin(), kLicences.end(), text) != kLicences.end();
}

std::string slugify(std::string_view title) {
  static const std::pair<std::string_view, char> kFold[] = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"à", 'a'},
      {"â", 'a'}, {"À", 'a'}, {"ô", 'o'}, {"ö", 'o'}, {"î", 'i'}, {"ï", 'i'}, {"ù", 'u'},
      {"û", 'u'}, {"ü", 'u'}, {"ç", 'c'}, {"Ç", 'c'}, {"œ", 'o'}};
  std::string out;
  for (std::size_t i = 0; i < title.size() && out.size() < 80;) {
    char c = 0;
    for (const auto& [from, to] : kFold) {
      if (title.substr(i).starts_with(from)) {
        c = to;
        i += from.size();
        break;
      }
    }
    if (c == 0) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(title[i])));
      ++i;
    }
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out.empty() ? "ressource" : out;
}

void ResourceStore::insert(storage::Connection& connection, Resource& resource) {
  if (!is_resource_kind(resource.kind) || !is_audience(resource.audience) ||
      !is_licence(resource.licence)) {
    throw InvalidInput("resource \"" + resource.title + "\": unknown kind, audience or licence");
  }
  if (resource.title.empty() || resource.origin_country.empty() || resource.language.empty()) {
    throw InvalidInput("a resource needs a title, a language and an origin country");
  }
  if (resource.id.empty()) {
    resource.id = core::new_id();
  }
  if (resource.slug.empty()) {
    resource.slug = slugify(resource.title);
  }
  const std::string now = core::now_timestamp();
  if (resource.created_at.empty()) {
    resource.created_at = now;
  }
  resource.updated_at = now;
  if (resource.status == "published" && !resource.published_at) {
    resource.published_at = now;
  }
  connection.execute(
      "INSERT INTO resources (" + std::string(kResourceColumns) +
          ", origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {resource.id, resource.kind, resource.slug, resource.title, resource.summary, resource.body,
       resource.language, resource.audience, resource.licence, json_array(resource.authors),
       resource.origin_country,
       resource.duration_minutes ? Value(static_cast<std::int64_t>(*resource.duration_minutes))
                                 : Value(nullptr),
       json_array(resource.subject_slugs), json_array(resource.exam_codes), resource.status,
       resource.published_at ? Value(*resource.published_at) : Value(nullptr), resource.created_at,
       resource.updated_at, node_id_});
}

void ResourceStore::create(Resource& resource) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  insert(*connection, resource);
  transaction.commit();
}

void ResourceStore::write_published(storage::Connection& connection, const Resource& resource,
                                    int version, std::string_view version_id,
                                    const std::optional<std::string>& attribution,
                                    const std::optional<std::string>& questions) {
  const std::string now = core::now_timestamp();
  const auto row = connection.query_one(
      "UPDATE resources SET kind = ?, slug = ?, title = ?, summary = ?, body = ?, language = ?, "
      "audience = ?, licence = ?, authors = ?, duration_minutes = ?, subject_slugs = ?, "
      "exam_codes = ?, status = 'published', published_at = ?, updated_at = ?, "
      "published_version = ?, published_version_id = ?, attribution = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ? RETURNING row_version",
      {resource.kind, slugify(resource.title), resource.title, resource.summary, resource.body,
       resource.language, resource.audience, resource.licence, json_array(resource.authors),
       resource.duration_minutes ? Value(static_cast<std::int64_t>(*resource.duration_minutes))
                                 : Value(nullptr),
       json_array(resource.subject_slugs), json_array(resource.exam_codes), now, now,
       static_cast<std::int64_t>(version),
       version_id.empty() ? Value(nullptr) : Value(std::string(version_id)),
       attribution ? Value(*attribution) : Value(nullptr), node_id_, resource.id});
  if (!row) {
    throw InvalidInput("no resource " + resource.id + " to publish");
  }
  if (questions) {
    connection.execute("UPDATE resources SET questions = ? WHERE id = ?",
                       {*questions, resource.id});
  }
}

void ResourceStore::set_status(storage::Connection& connection, std::string_view id,
                               std::string_view status) {
  const auto row = connection.query_one(
      "UPDATE resources SET status = ?, updated_at = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ? RETURNING row_version",
      {std::string(status), core::now_timestamp(), node_id_, std::string(id)});
  if (row) {
  }
}

std::optional<std::string> ResourceStore::attribution_of(std::string_view id) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT attribution FROM resources WHERE id = ? AND status = 'published'", {std::string(id)});
  if (!row || row->is_null(0)) {
    return std::nullopt;
  }
  return row->text(0);
}

std::optional<std::string> ResourceStore::published_questions(std::string_view id) {
  auto connection = database_.read();
  return published_set_questions(*connection, id);
}

std::optional<Resource> ResourceStore::find_published(std::string_view id) {
  auto connection = database_.read();
  const auto row =
      connection->query_one("SELECT " + std::string(kResourceColumns) +
                                " FROM resources WHERE id = ? AND status = 'published'",
                            {std::string(id)});
  if (!row) {
    return std::nullopt;
  }
  return resource_from(*row);
}

std::vector<Placement> ResourceStore::placements_of(std::string_view resource_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT p.id, p.country_code, p.resource_id, p.node_id, p.level_id, p.subject_slug, "
      "p.unit_id, p.position, p.hidden, p.placed_by, p.created_at, l.slug, l.names, n.kind, "
      "n.names FROM placements p JOIN curriculum_nodes l ON l.id = p.level_id "
      "JOIN curriculum_nodes n ON n.id = p.node_id WHERE p.resource_id = ? "
      "ORDER BY p.country_code, p.created_at, p.id",
      {std::string(resource_id)});
  std::vector<Placement> out;
  for (const auto& row : result.rows) {
    out.push_back(Placement{.id = row.text(0),
                            .country_code = row.text(1),
                            .resource_id = row.text(2),
                            .node_id = row.text(3),
                            .level_id = row.text(4),
                            .subject_slug = row.optional_text(5),
                            .unit_id = row.optional_text(6),
                            .position = static_cast<int>(row.integer(7)),
                            .hidden = row.integer(8) != 0,
                            .placed_by = row.optional_text(9),
                            .created_at = row.text(10),
                            .level_slug = row.text(11),
                            .level_names = row.text(12),
                            .node_kind = row.text(13),
                            .node_names = row.text(14)});
  }
  return out;
}

ResourceList ResourceStore::list(const ResourceFilter& filter) {
  ResourceList out;
  out.page = std::max(filter.page, 1);
  auto connection = database_.read();
  storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
  std::optional<std::string> level_id;
  if (filter.level) {
    const auto level = connection->query_one(
        "SELECT id FROM curriculum_nodes WHERE country_code = ? AND kind = 'level' AND slug = ?",
        {filter.country, *filter.level});
    if (!level) {
      return out;
    }
    level_id = level->text(0);
  }
  const ListQuery q = list_query(filter, level_id);
  out.total = connection->query("SELECT COUNT(DISTINCT p.resource_id)" + q.from_where, q.params)
                  .front()
                  .integer(0);
  if (out.total == 0) {
    return out;
  }
  std::vector<Value> params = q.params;
  params.emplace_back(static_cast<std::int64_t>(kPageSize));
  params.emplace_back(static_cast<std::int64_t>(out.page - 1) * kPageSize);
  // GROUP BY the primary key: one line per resource even when placed at several nodes.
  const auto result = connection->query(
      "SELECT " + std::string(kSummaryColumns) + ", MIN(p.position) AS pos" + q.from_where +
          " GROUP BY r.id ORDER BY pos, r.published_at DESC, r.id LIMIT ? OFFSET ?",
      params);
  for (const auto& row : result.rows) {
    out.results.push_back(summary_from(row));
  }
  snapshot.commit();
  return out;
}

std::vector<ResourceSummary> ResourceStore::newest(std::string_view country, int count) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT " + std::string(kSummaryColumns) +
          // EXISTS and one sort direction let the published_at index stream the newest rows
          // and stop at the limit (an IN list over a country's 10,000s of placements, sorted
          // whole, took a second at 100,000 resources).
          " FROM resources r WHERE r.status = 'published' AND EXISTS (SELECT 1 FROM placements p "
          "WHERE p.resource_id = r.id AND p.country_code = ? AND p.hidden = 0) "
          "ORDER BY r.published_at DESC, r.id DESC LIMIT ?",
      {std::string(country), static_cast<std::int64_t>(count)});
  std::vector<ResourceSummary> out;
  for (const auto& row : result.rows) {
    out.push_back(summary_from(row));
  }
  return out;
}

std::vector<ResourceSummary> ResourceStore::most_used(std::string_view country, int count) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT " + std::string(kSummaryColumns) +
          // Sum the (small) usage table first, then look up those resources: joined the other
          // way round, SQLite walked all 100,000 resources (0.7 s).
          ", u.total_views FROM (SELECT resource_id, SUM(views) AS total_views FROM "
          "resource_usage GROUP BY resource_id) u JOIN resources r ON r.id = u.resource_id "
          "WHERE r.status = 'published' AND EXISTS (SELECT 1 FROM placements p "
          "WHERE p.resource_id = r.id AND p.country_code = ? AND p.hidden = 0) "
          "ORDER BY u.total_views DESC, r.id LIMIT ?",
      {std::string(country), static_cast<std::int64_t>(count)});
  std::vector<ResourceSummary> out;
  for (const auto& row : result.rows) {
    out.push_back(summary_from(row));
  }
  return out;
}

std::vector<CrosswalkSuggestion> ResourceStore::crosswalk_suggestions(
    std::string_view resource_id) {
  auto connection = database_.read();
  // Levels in the same crosswalk group as a level where the resource is placed, in countries
  // that have not placed it yet.
  const auto result = connection->query(
      "SELECT DISTINCT other.country_code, other.level_slug, n.names, other.group_key "
      "FROM placements p JOIN curriculum_nodes l ON l.id = p.level_id "
      "JOIN level_crosswalk own ON own.country_code = l.country_code AND own.level_slug = l.slug "
      "JOIN level_crosswalk other ON other.group_key = own.group_key "
      "JOIN curriculum_nodes n ON n.country_code = other.country_code AND n.kind = 'level' AND "
      "n.slug = other.level_slug AND n.retired = 0 "
      "WHERE p.resource_id = ? AND other.country_code NOT IN (SELECT q.country_code FROM "
      "placements q WHERE q.resource_id = ?) ORDER BY other.country_code, other.level_slug",
      {std::string(resource_id), std::string(resource_id)});
  std::vector<CrosswalkSuggestion> out;
  for (const auto& row : result.rows) {
    out.push_back(CrosswalkSuggestion{.country_code = row.text(0),
                                      .level_slug = row.text(1),
                                      .level_names = row.text(2),
                                      .group_key = row.text(3)});
  }
  return out;
}

int ResourceStore::load_crosswalk(storage::Connection& connection, std::string_view text) {
  json::error_code ec;
  const json::value document = json::parse(text, ec);
  if (ec || !document.is_object() || !document.as_object().contains("groups") ||
      !document.at("groups").is_array()) {
    throw InvalidInput("crosswalk file: expected {\"groups\": [...]}");
  }
  connection.execute("DELETE FROM level_crosswalk");
  int count = 0;
  for (const auto& group : document.at("groups").as_array()) {
    if (!group.is_object() || !group.as_object().contains("key") || !group.at("key").is_string() ||
        !group.as_object().contains("levels") || !group.at("levels").is_object()) {
      throw InvalidInput("crosswalk file: each group needs a key and levels by country");
    }
    const std::string key(group.at("key").as_string());
    for (const auto& [country, levels] : group.at("levels").as_object()) {
      if (!levels.is_array()) {
        throw InvalidInput("crosswalk group " + key + ": levels of a country must be a list");
      }
      for (const auto& level : levels.as_array()) {
        if (!level.is_string()) {
          throw InvalidInput("crosswalk group " + key + ": a level must be a slug");
        }
        // Countries absent from this database are skipped (a hub may hold only some).
        if (!connection.query_one("SELECT 1 FROM countries WHERE code = ?",
                                  {std::string(country)})) {
          continue;
        }
        connection.execute(
            "INSERT INTO level_crosswalk (group_key, country_code, level_slug) VALUES (?, ?, ?)",
            {key, std::string(country), std::string(level.as_string())});
        ++count;
      }
    }
  }
  return count;
}

}  // namespace imaginecole::catalog
