// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/school_store.hpp"

#include <cctype>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::accounts {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kSchoolColumns = "id, code, region_id, country_code, name";
constexpr std::string_view kClassColumns = "id, school_id, name, level_slug, join_code";

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

School school_from(const Row& row) {
  return School{.id = row.text(0),
                .code = row.text(1),
                .region_id = row.optional_text(2),
                .country_code = row.text(3),
                .name = row.text(4)};
}

SchoolClass class_from(const Row& row) {
  return SchoolClass{.id = row.text(0),
                     .school_id = row.text(1),
                     .name = row.text(2),
                     .level_slug = row.optional_text(3),
                     .join_code = row.optional_text(4)};
}

}  // namespace

std::optional<std::string> normalize_school_code(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() < 2 || text.size() > 32) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '-') {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::toupper(u)));
  }
  return out;
}

std::optional<School> SchoolStore::school_by_code(std::string_view code) {
  auto connection = database_.read();
  return school_by_code(*connection, code);
}

std::optional<School> SchoolStore::school_by_code(storage::Connection& connection,
                                                  std::string_view code) {
  const auto normalized = normalize_school_code(code);
  if (!normalized) {
    return std::nullopt;
  }
  const auto row = connection.query_one(
      "SELECT " + std::string(kSchoolColumns) + " FROM schools WHERE code = ?", {*normalized});
  return row ? std::optional(school_from(*row)) : std::nullopt;
}

std::optional<School> SchoolStore::school_by_id(std::string_view id) {
  auto connection = database_.read();
  return school_by_id(*connection, id);
}

std::optional<School> SchoolStore::school_by_id(storage::Connection& connection,
                                                std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kSchoolColumns) + " FROM schools WHERE id = ?", {std::string(id)});
  return row ? std::optional(school_from(*row)) : std::nullopt;
}

std::optional<SchoolClass> SchoolStore::class_by_id(std::string_view id) {
  auto connection = database_.read();
  return class_by_id(*connection, id);
}

std::optional<SchoolClass> SchoolStore::class_by_id(storage::Connection& connection,
                                                    std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kClassColumns) + " FROM classes WHERE id = ?", {std::string(id)});
  return row ? std::optional(class_from(*row)) : std::nullopt;
}

std::vector<SchoolClass> SchoolStore::classes_of(std::string_view school_id) {
  auto connection = database_.read();
  const auto result = connection->query("SELECT " + std::string(kClassColumns) +
                                            " FROM classes WHERE school_id = ? ORDER BY name, id",
                                        {std::string(school_id)});
  std::vector<SchoolClass> out;
  for (const auto& row : result.rows) {
    out.push_back(class_from(row));
  }
  return out;
}

std::optional<Region> SchoolStore::region(std::string_view country_code, std::string_view name) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT id, country_code, name FROM regions WHERE country_code = ? AND name = ?",
      {std::string(country_code), std::string(name)});
  if (!row) {
    return std::nullopt;
  }
  return Region{.id = row->text(0), .country_code = row->text(1), .name = row->text(2)};
}

std::string region_id(std::string_view country_code, std::string_view name) {
  return core::name_based_id("region:" + std::string(country_code) + "/" + std::string(name));
}

void SchoolStore::insert_region(storage::Connection& connection, Region& region) {
  if (region.id.empty()) {
    region.id = region_id(region.country_code, region.name);
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO regions (id, country_code, name, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {region.id, region.country_code, region.name, now, now, node_id_});
}

void SchoolStore::insert_school(storage::Connection& connection, School& school) {
  if (school.id.empty()) {
    school.id = core::new_id();
  }
  const auto code = normalize_school_code(school.code);
  if (!code) {
    throw InvalidInput("invalid school code '" + school.code +
                       "' (2 to 32 letters, digits or '-')");
  }
  school.code = *code;
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO schools (id, code, region_id, country_code, name, created_at, updated_at, "
      "origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {school.id, school.code, optional_value(school.region_id), school.country_code, school.name,
       now, now, node_id_});
}

void SchoolStore::insert_class(storage::Connection& connection, SchoolClass& school_class) {
  if (school_class.id.empty()) {
    school_class.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO classes (id, school_id, name, level_slug, join_code, created_at, updated_at, "
      "origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {school_class.id, school_class.school_id, school_class.name,
       optional_value(school_class.level_slug), optional_value(school_class.join_code), now, now,
       node_id_});
}

}  // namespace imaginecole::accounts

namespace imaginecole::accounts {

std::vector<SchoolClass> SchoolStore::classes_in_country(std::string_view country_code) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT c.id, c.school_id, c.name, c.level_slug, c.join_code FROM classes c JOIN schools s "
      "ON s.id = c.school_id WHERE s.country_code = ? ORDER BY s.code, c.name, c.id",
      {std::string(country_code)});
  std::vector<SchoolClass> out;
  for (const auto& row : result.rows) {
    out.push_back(class_from(row));
  }
  return out;
}

std::vector<SchoolClass> SchoolStore::all_classes(std::size_t limit) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT c.id, c.school_id, c.name, c.level_slug, c.join_code FROM classes c JOIN schools s "
      "ON s.id = c.school_id ORDER BY s.country_code, s.code, c.name, c.id LIMIT ?",
      {static_cast<std::int64_t>(limit)});
  std::vector<SchoolClass> out;
  for (const auto& row : result.rows) {
    out.push_back(class_from(row));
  }
  return out;
}

std::optional<SchoolClass> SchoolStore::class_by_join_code(std::string_view code) {
  if (code.empty()) {
    return std::nullopt;
  }
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT " + std::string(kClassColumns) + " FROM classes WHERE join_code = ?",
      {std::string(code)});
  return row ? std::optional(class_from(*row)) : std::nullopt;
}

void SchoolStore::set_join_code(storage::Connection& connection, std::string_view class_id,
                                const std::optional<std::string>& code) {
  const auto row = connection.query_one(
      "UPDATE classes SET join_code = ?, updated_at = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ? RETURNING row_version",
      {optional_value(code), core::now_timestamp(), node_id_, std::string(class_id)});
  if (row) {
  }
}

namespace {

// `table` is "schools" or "classes", never input.
bool rename_row(storage::Connection& connection, const std::string& table, std::string_view id,
                std::string_view name, const std::string& node_id) {
  return connection.execute("UPDATE " + table +
                                " SET name = ?, updated_at = ?, origin_node = ?, "
                                "row_version = row_version + 1 WHERE id = ?",
                            {std::string(name), core::now_timestamp(), node_id, std::string(id)}) >
         0;
}

}  // namespace

bool SchoolStore::rename_school(storage::Connection& connection, std::string_view school_id,
                                std::string_view name) {
  return rename_row(connection, "schools", school_id, name, node_id_);
}

bool SchoolStore::rename_class(storage::Connection& connection, std::string_view class_id,
                               std::string_view name) {
  return rename_row(connection, "classes", class_id, name, node_id_);
}

}  // namespace imaginecole::accounts
