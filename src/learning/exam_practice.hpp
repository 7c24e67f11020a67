// SPDX-License-Identifier: AGPL-3.0-or-later
// Exam practice: the pool of questions of a country's exam (the published exercise sets whose
// exam_codes name it, placed in the country), and the server secret that signs mock papers'
// start times (node_settings 'exam_paper_secret', made by whichever server needs it first, so
// every app server on one database accepts the papers of the others).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/curriculum_store.hpp"
#include "catalog/resource_store.hpp"
#include "learning/mock_paper.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

class ExamPractice {
 public:
  ExamPractice(storage::Database& database, catalog::ResourceStore& resources,
               catalog::CurriculumStore& curricula)
      : database_(database), resources_(resources), curricula_(curricula) {}

  // The exam `code` of `country`, or nullopt.
  std::optional<catalog::Exam> exam(std::string_view country, std::string_view code);
  std::vector<PoolQuestion> pool(std::string_view country, std::string_view code);
  // The country's name in `language` (its code when the country is unknown).
  std::string country_name(std::string_view country, std::string_view language);
  const std::string& secret();

 private:
  storage::Database& database_;
  catalog::ResourceStore& resources_;
  catalog::CurriculumStore& curricula_;
  std::mutex mutex_;
  std::string secret_;
};

}  // namespace imaginecole::learning
