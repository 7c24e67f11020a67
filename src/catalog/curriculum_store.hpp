// SPDX-License-Identifier: AGPL-3.0-or-later
// Reads and writes countries, curriculum nodes, exams and subjects. Every write stamps the
// record (node, time, row version) and appends to the change log in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/curriculum.hpp"
#include "storage/database.hpp"

namespace imaginecole::catalog {

class CurriculumStore {
 public:
  CurriculumStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  std::vector<Country> countries();
  std::optional<Country> country(std::string_view code);
  // The country's non-retired tree; nullopt for an unknown country.
  std::optional<CountryCurriculum> curriculum(std::string_view code);
  // Cycles and levels of every country (for the country list), grouped by country code.
  std::vector<CurriculumNode> all_cycles_and_levels();
  std::vector<Exam> all_exams();
  std::vector<Subject> subjects();

  // Writes: call inside a write transaction on `connection`.
  void insert_subject(storage::Connection& connection, Subject& subject);
  void insert_country(storage::Connection& connection, Country& country);
  void insert_node(storage::Connection& connection, CurriculumNode& node);
  void insert_exam(storage::Connection& connection, Exam& exam);

  storage::Database& database() { return database_; }

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::catalog
