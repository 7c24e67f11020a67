// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/curriculum_store.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::catalog {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kNodeColumns =
    "id, country_code, parent_id, kind, slug, names, full_names, position, subsystem, language, "
    "typical_age, subject_slug, retired";

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

CurriculumNode node_from(const Row& row) {
  CurriculumNode node;
  node.id = row.text(0);
  node.country_code = row.text(1);
  node.parent_id = row.optional_text(2);
  node.kind = parse_node_kind(row.text(3)).value_or(NodeKind::topic);
  node.slug = row.text(4);
  node.names = row.text(5);
  node.full_names = row.optional_text(6);
  node.position = static_cast<int>(row.integer(7));
  node.subsystem = row.optional_text(8);
  node.language = row.optional_text(9);
  if (!row.is_null(10)) {
    node.typical_age = static_cast<int>(row.integer(10));
  }
  node.subject_slug = row.optional_text(11);
  node.retired = row.integer(12) != 0;
  return node;
}

Country country_from(const Row& row) {
  return Country{.id = row.text(0),
                 .code = row.text(1),
                 .names = row.text(2),
                 .languages = row.text(3),
                 .streams = row.text(4),
                 .position = static_cast<int>(row.integer(5))};
}

Exam exam_from(const Row& row) {
  return Exam{.id = row.text(0),
              .country_code = row.text(1),
              .code = row.text(2),
              .names = row.text(3),
              .kind = row.text(4),
              .level_id = row.text(5),
              .unverified = row.integer(6) != 0};
}

int kind_depth(NodeKind kind) {
  return static_cast<int>(kind);
}

}  // namespace

std::vector<Country> CurriculumStore::countries() {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, code, names, languages, streams, position FROM countries ORDER BY position, "
      "code");
  std::vector<Country> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    out.push_back(country_from(row));
  }
  return out;
}

std::optional<Country> CurriculumStore::country(std::string_view code) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT id, code, names, languages, streams, position FROM countries WHERE code = ?",
      {std::string(code)});
  if (!row) {
    return std::nullopt;
  }
  return country_from(*row);
}

std::optional<CountryCurriculum> CurriculumStore::curriculum(std::string_view code) {
  auto connection = database_.read();
  storage::Transaction snapshot(*connection, storage::Transaction::Mode::read);
  const auto country_row = connection->query_one(
      "SELECT id, code, names, languages, streams, position FROM countries WHERE code = ?",
      {std::string(code)});
  if (!country_row) {
    return std::nullopt;
  }
  CountryCurriculum out;
  out.country = country_from(*country_row);
  const auto nodes = connection->query(
      "SELECT " + std::string(kNodeColumns) +
          " FROM curriculum_nodes WHERE country_code = ? AND retired = 0 ORDER BY position, slug",
      {std::string(code)});
  for (const auto& row : nodes.rows) {
    out.nodes.push_back(node_from(row));
  }
  std::stable_sort(out.nodes.begin(), out.nodes.end(),
                   [](const CurriculumNode& a, const CurriculumNode& b) {
                     return kind_depth(a.kind) < kind_depth(b.kind);
                   });
  const auto exams = connection->query(
      "SELECT id, country_code, code, names, kind, level_id, unverified FROM exams "
      "WHERE country_code = ? ORDER BY code",
      {std::string(code)});
  for (const auto& row : exams.rows) {
    out.exams.push_back(exam_from(row));
  }
  snapshot.commit();
  return out;
}

std::vector<CurriculumNode> CurriculumStore::all_cycles_and_levels() {
  auto connection = database_.read();
  const auto result =
      connection->query("SELECT " + std::string(kNodeColumns) +
                        " FROM curriculum_nodes WHERE kind IN ('cycle', 'level') AND retired = 0 "
                        "ORDER BY country_code, position, slug");
  std::vector<CurriculumNode> out;
  for (const auto& row : result.rows) {
    out.push_back(node_from(row));
  }
  return out;
}

std::vector<Exam> CurriculumStore::all_exams() {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT id, country_code, code, names, kind, level_id, unverified FROM exams "
      "ORDER BY country_code, code");
  std::vector<Exam> out;
  for (const auto& row : result.rows) {
    out.push_back(exam_from(row));
  }
  return out;
}

std::vector<Subject> CurriculumStore::subjects() {
  auto connection = database_.read();
  const auto result =
      connection->query("SELECT id, slug, names, position FROM subjects ORDER BY position");
  std::vector<Subject> out;
  for (const auto& row : result.rows) {
    out.push_back(Subject{.id = row.text(0),
                          .slug = row.text(1),
                          .names = row.text(2),
                          .position = static_cast<int>(row.integer(3))});
  }
  return out;
}

void CurriculumStore::insert_subject(storage::Connection& connection, Subject& subject) {
  if (subject.id.empty()) {
    subject.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO subjects (id, slug, names, position, created_at, updated_at, origin_node) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {subject.id, subject.slug, subject.names, static_cast<std::int64_t>(subject.position), now,
       now, node_id_});
}

void CurriculumStore::insert_country(storage::Connection& connection, Country& country) {
  if (country.id.empty()) {
    country.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO countries (id, code, names, languages, streams, position, created_at, "
      "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {country.id, country.code, country.names, country.languages, country.streams,
       static_cast<std::int64_t>(country.position), now, now, node_id_});
}

void CurriculumStore::insert_node(storage::Connection& connection, CurriculumNode& node) {
  if (node.id.empty()) {
    node.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO curriculum_nodes (id, country_code, parent_id, kind, slug, names, full_names, "
      "position, subsystem, language, typical_age, subject_slug, retired, created_at, updated_at, "
      "origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {node.id, node.country_code, optional_value(node.parent_id),
       std::string(node_kind_name(node.kind)), node.slug, node.names,
       optional_value(node.full_names), static_cast<std::int64_t>(node.position),
       optional_value(node.subsystem), optional_value(node.language),
       node.typical_age ? Value(static_cast<std::int64_t>(*node.typical_age)) : Value(nullptr),
       optional_value(node.subject_slug), static_cast<std::int64_t>(node.retired ? 1 : 0), now, now,
       node_id_});
}

void CurriculumStore::insert_exam(storage::Connection& connection, Exam& exam) {
  if (exam.id.empty()) {
    exam.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO exams (id, country_code, code, names, kind, level_id, unverified, created_at, "
      "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {exam.id, exam.country_code, exam.code, exam.names, exam.kind, exam.level_id,
       static_cast<std::int64_t>(exam.unverified ? 1 : 0), now, now, node_id_});
}

}  // namespace imaginecole::catalog
