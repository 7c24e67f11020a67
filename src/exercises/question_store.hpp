// SPDX-License-Identifier: AGPL-3.0-or-later
// The question bank of each country (questions table) and the questions an exercise set asks
// (exercise_set_questions), on both backends. Writes stamp the record and append to the change
// log in the same transaction. The published questions of a set live in resources.questions
// (written by the authoring workflow); published_questions() reads them for the player.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/question.hpp"
#include "storage/database.hpp"

namespace imaginecole::exercises {

struct StoredQuestion {
  Question question;  // id filled
  std::string country_code;
  std::string status;
  std::string source;
  std::string updated_at;
  std::int64_t row_version = 1;
  std::vector<std::string> skills;  // question_skills (filled by find())
};

struct QuestionFilter {
  std::string country;
  std::string search;  // in the name and text, case-insensitive
  std::optional<QuestionType> type;
  std::optional<std::string> category;
  int limit = 50;
  int offset = 0;
};

class QuestionStore {
 public:
  QuestionStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  // Adds a question to a country's bank as a draft; fills its id. InvalidInput when it does
  // not validate.
  void create(std::string_view country, Question& question, std::string_view created_by,
              std::string_view source = {});
  // Every question of `bank` that was read, in one transaction (all or none); fills their ids.
  std::vector<std::string> import_bank(std::string_view country, ParsedBank& bank,
                                       std::string_view created_by, std::string_view source,
                                       std::optional<std::string> category = std::nullopt);
  std::optional<StoredQuestion> find(std::string_view id);
  // Replaces a question's content (type included); false when there is no such question.
  // InvalidInput when it does not validate.
  bool update(std::string_view id, Question question);
  std::vector<StoredQuestion> list(const QuestionFilter& filter);
  std::vector<std::string> categories(std::string_view country);
  // Replaces the skills a question is tagged with (ids already checked against its country).
  void set_skills(std::string_view id, const std::vector<std::string>& skill_ids,
                  std::string_view tagged_by);
  storage::Database& database() { return database_; }

  // The questions of an exercise set, in order (the bank's current versions).
  std::vector<Question> questions_of_set(std::string_view resource_id);
  // The same as the JSON array the authoring workflow freezes into versions.
  std::optional<std::string> questions_json_of_set(std::string_view resource_id);
  // Replaces the set's questions. Fails (message) when the resource is not an exercise set,
  // an id is unknown or repeated, or a question is of another country than the set.
  Result<std::size_t> set_questions(std::string_view resource_id,
                                    const std::vector<std::string>& question_ids);
  // The country a resource comes from, when it is an exercise set.
  std::optional<std::string> exercise_set_country(std::string_view resource_id);
  // The published questions of a published exercise set (resources.questions); nullopt when
  // the resource is not a published exercise set.
  std::optional<std::vector<Question>> published_questions(std::string_view resource_id);
  // The language of a published exercise set; nullopt when it is none.
  std::optional<std::string> published_set_language(std::string_view resource_id);

 private:
  void insert(storage::Connection& connection, std::string_view country, Question& question,
              std::string_view created_by, std::string_view source);

  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::exercises
