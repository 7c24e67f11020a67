// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/question_store.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "catalog/resource_queries.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "exercises/question_skills.hpp"

namespace imaginecole::exercises {
namespace {

constexpr std::string_view kColumns =
    "id, country_code, status, source, updated_at, row_version, body, category";

StoredQuestion from_row(const storage::Row& row) {
  StoredQuestion out;
  out.question = question_from_json(row.text(6));
  out.question.id = row.text(0);
  out.question.category = row.text(7);
  out.country_code = row.text(1);
  out.status = row.text(2);
  out.source = row.text(3);
  out.updated_at = row.text(4);
  out.row_version = row.integer(5);
  return out;
}

// The JSON kept in the body: without the id (the row has it).
std::string body_of(Question question) {
  question.id.clear();
  return question_to_json(question);
}

std::string like_pattern(std::string_view search) {
  std::string out = "%";
  for (const char c : search) {
    if (c == '%' || c == '_') {
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out + "%";
}

}  // namespace

void QuestionStore::insert(storage::Connection& connection, std::string_view country,
                           Question& question, std::string_view created_by,
                           std::string_view source) {
  const std::string invalid = validate(question);
  if (!invalid.empty()) {
    throw InvalidInput(invalid);
  }
  if (question.id.empty()) {
    question.id = core::new_id();
  }
  if (question.name.empty()) {
    question.name = question.prompt.substr(0, 60);
  }
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO questions (id, country_code, category, type, name, body, status, source, "
      "created_by, created_at, updated_at, origin_node, row_version) "
      "VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, 1)",
      {question.id, std::string(country), question.category, std::string(type_name(question.type)),
       question.name, body_of(question), std::string(source),
       created_by.empty() ? storage::Value(nullptr) : storage::Value(std::string(created_by)), now,
       now, node_id_});
}

void QuestionStore::create(std::string_view country, Question& question,
                           std::string_view created_by, std::string_view source) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  insert(*connection, country, question, created_by, source);
  transaction.commit();
}

std::vector<std::string> QuestionStore::import_bank(std::string_view country, ParsedBank& bank,
                                                    std::string_view created_by,
                                                    std::string_view source,
                                                    std::optional<std::string> category) {
  std::vector<std::string> ids;
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  for (BankEntry& entry : bank.entries) {
    if (!entry.question) {
      continue;
    }
    if (category) {
      entry.question->category = *category;
    }
    insert(*connection, country, *entry.question, created_by,
           std::string(source) + "#" + std::to_string(entry.index));
    ids.push_back(entry.question->id);
  }
  transaction.commit();
  return ids;
}

std::optional<StoredQuestion> QuestionStore::find(std::string_view id) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT " + std::string(kColumns) + " FROM questions WHERE id = ?", {std::string(id)});
  if (!row) {
    return std::nullopt;
  }
  StoredQuestion stored = from_row(*row);
  stored.skills = skills_of_question(*connection, id);
  return stored;
}

void QuestionStore::set_skills(std::string_view id, const std::vector<std::string>& skill_ids,
                               std::string_view tagged_by) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  set_question_skills(*connection, id, skill_ids, tagged_by, node_id_);
  transaction.commit();
}

bool QuestionStore::update(std::string_view id, Question question) {
  const std::string invalid = validate(question);
  if (!invalid.empty()) {
    throw InvalidInput(invalid);
  }
  question.id = std::string(id);
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto row =
      connection->query_one("SELECT row_version FROM questions WHERE id = ?", {std::string(id)});
  if (!row) {
    return false;
  }
  const std::int64_t version = row->integer(0) + 1;
  if (question.name.empty()) {
    question.name = question.prompt.substr(0, 60);
  }
  connection->execute(
      "UPDATE questions SET category = ?, type = ?, name = ?, body = ?, updated_at = ?, "
      "origin_node = ?, row_version = ? WHERE id = ?",
      {question.category, std::string(type_name(question.type)), question.name, body_of(question),
       core::now_timestamp(), node_id_, version, std::string(id)});
  transaction.commit();
  return true;
}

std::vector<StoredQuestion> QuestionStore::list(const QuestionFilter& filter) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM questions WHERE country_code = ?";
  std::vector<storage::Value> params{filter.country};
  if (!filter.search.empty()) {
    sql += " AND (LOWER(name) LIKE ? OR LOWER(body) LIKE ?)";
    params.emplace_back(like_pattern(filter.search));
    params.emplace_back(like_pattern(filter.search));
  }
  if (filter.type) {
    sql += " AND type = ?";
    params.emplace_back(std::string(type_name(*filter.type)));
  }
  if (filter.category) {
    sql += " AND category = ?";
    params.emplace_back(*filter.category);
  }
  sql += " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(std::clamp(filter.limit, 1, 500)));
  params.emplace_back(static_cast<std::int64_t>(std::max(filter.offset, 0)));
  auto connection = database_.read();
  std::vector<StoredQuestion> out;
  for (const auto& row : connection->query(sql, storage::Params(params)).rows) {
    out.push_back(from_row(row));
  }
  return out;
}

std::vector<std::string> QuestionStore::categories(std::string_view country) {
  auto connection = database_.read();
  std::vector<std::string> out;
  for (const auto& row :
       connection
           ->query("SELECT DISTINCT category FROM questions WHERE country_code = ? ORDER BY 1",
                   {std::string(country)})
           .rows) {
    out.push_back(row.text(0));
  }
  return out;
}

std::vector<Question> QuestionStore::questions_of_set(std::string_view resource_id) {
  auto connection = database_.read();
  std::vector<Question> out;
  for (const auto& row :
       connection
           ->query("SELECT q.id, q.country_code, q.status, q.source, q.updated_at, "
                   "q.row_version, q.body, q.category FROM exercise_set_questions s "
                   "JOIN questions q ON q.id = s.question_id WHERE s.resource_id = ? "
                   "ORDER BY s.position",
                   {std::string(resource_id)})
           .rows) {
    out.push_back(from_row(row).question);
  }
  return out;
}

std::optional<std::string> QuestionStore::questions_json_of_set(std::string_view resource_id) {
  if (!exercise_set_country(resource_id)) {
    return std::nullopt;
  }
  return questions_to_json(questions_of_set(resource_id));
}

std::optional<std::string> QuestionStore::exercise_set_country(std::string_view resource_id) {
  auto connection = database_.read();
  return catalog::exercise_set_country(*connection, resource_id);
}

Result<std::size_t> QuestionStore::set_questions(std::string_view resource_id,
                                                 const std::vector<std::string>& question_ids) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto country = catalog::exercise_set_country(*connection, resource_id);
  if (!country) {
    return Result<std::size_t>::failure("No such exercise set.");
  }
  std::set<std::string> seen;
  for (const std::string& id : question_ids) {
    if (!seen.insert(id).second) {
      return Result<std::size_t>::failure("A question is listed twice: " + id);
    }
    const auto row = connection->query_one("SELECT country_code FROM questions WHERE id = ?", {id});
    if (!row || row->text(0) != *country) {
      return Result<std::size_t>::failure("No such question in this country's bank: " + id);
    }
  }
  connection->execute("DELETE FROM exercise_set_questions WHERE resource_id = ?",
                      {std::string(resource_id)});
  const std::string now = core::now_timestamp();
  for (std::size_t i = 0; i < question_ids.size(); ++i) {
    connection->execute(
        "INSERT INTO exercise_set_questions (resource_id, question_id, position, created_at, "
        "origin_node) VALUES (?, ?, ?, ?, ?)",
        {std::string(resource_id), question_ids[i], static_cast<std::int64_t>(i), now, node_id_});
  }
  transaction.commit();
  return question_ids.size();
}

std::optional<std::vector<Question>> QuestionStore::published_questions(
    std::string_view resource_id) {
  auto connection = database_.read();
  const auto questions = catalog::published_set_questions(*connection, resource_id);
  if (!questions) {
    return std::nullopt;
  }
  return questions_from_json(*questions);
}

std::optional<std::string> QuestionStore::published_set_language(std::string_view resource_id) {
  auto connection = database_.read();
  return catalog::published_set_language(*connection, resource_id);
}

}  // namespace imaginecole::exercises
