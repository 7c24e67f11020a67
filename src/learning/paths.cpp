// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/paths.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "learning/attempt_rows.hpp"

namespace imaginecole::learning {
namespace {

// The ids of a published set's questions that take an answer (a "description" takes none).
std::vector<std::string> answerable_questions(const std::string& questions_json) {
  std::vector<std::string> ids;
  for (const auto& question : exercises::questions_from_json(questions_json)) {
    if (question.type != exercises::QuestionType::description) {
      ids.push_back(question.id);
    }
  }
  return ids;
}

}  // namespace

std::optional<LearningPath> Paths::find(std::string_view id) {
  if (!core::is_valid_id(id)) {
    return std::nullopt;
  }
  auto connection = database_.read();
  return find_path(*connection, id);
}

std::vector<LearningPath> Paths::of_level(std::string_view country, std::string_view level,
                                          const std::optional<std::string>& school_id) {
  auto connection = database_.read();
  return paths_of_level(*connection, country, level, school_id);
}

void Paths::create(LearningPath& path) {
  path.id = core::new_id();
  path.created_at = core::now_timestamp();
  path.updated_at = path.created_at;
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  insert_path(*connection, path, node_id_);
  transaction.commit();
}

void Paths::save(LearningPath& path) {
  path.updated_at = core::now_timestamp();
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  update_path(*connection, path, node_id_);
  transaction.commit();
}

bool Paths::can_be_step(std::string_view resource_id, std::string_view country) {
  if (!core::is_valid_id(resource_id) || !resources_.find_published(resource_id)) {
    return false;
  }
  const auto placements = resources_.placements_of(resource_id);
  return std::any_of(placements.begin(), placements.end(), [&](const catalog::Placement& p) {
    return p.country_code == country && !p.hidden;
  });
}

std::vector<PathStep> Paths::steps(const LearningPath& path,
                                   const std::optional<std::string>& pupil_id) {
  // The library's reads first: each takes its own connection.
  std::vector<PathStep> steps;
  std::vector<std::vector<std::string>> questions_of_step;
  for (const auto& resource_id : path.steps) {
    PathStep step;
    step.number = static_cast<int>(steps.size()) + 1;
    step.resource_id = resource_id;
    std::vector<std::string> questions;
    if (const auto resource = resources_.find_published(resource_id)) {
      step.kind = resource->kind;
      step.title = resource->title;
      if (resource->kind == "exercise_set") {
        if (const auto json = resources_.published_questions(resource_id)) {
          questions = answerable_questions(*json);
        }
      }
    }
    step.questions = static_cast<int>(questions.size());
    steps.push_back(std::move(step));
    questions_of_step.push_back(std::move(questions));
  }
  if (!pupil_id) {
    return steps;
  }
  auto connection = database_.read();
  const auto said_done = completed_resources(*connection, *pupil_id, path.id);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    PathStep& step = steps[i];
    if (step.questions == 0) {
      step.done = said_done.contains(step.resource_id);
      continue;
    }
    const auto answered = answered_questions(*connection, *pupil_id, step.resource_id);
    step.answered = static_cast<int>(
        std::count_if(questions_of_step[i].begin(), questions_of_step[i].end(),
                      [&](const std::string& id) { return answered.contains(id); }));
    step.done = step.answered == step.questions;
  }
  return steps;
}

StepDoneOutcome Paths::mark_done(const Pupil& pupil, const LearningPath& path, int number,
                                 const std::string& client_id) {
  StepDoneOutcome outcome;
  if (!core::is_valid_id(client_id)) {
    return {.status = 400,
            .error = "\"client_id\" must be a UUID made by the client",
            .completion = {},
            .recorded = false};
  }
  if (number < 1 || static_cast<std::size_t>(number) > path.steps.size()) {
    return {.status = 404,
            .error = "This path has " + std::to_string(path.steps.size()) +
                     " steps; there is no step " + std::to_string(number) + ".",
            .completion = {},
            .recorded = false};
  }
  const std::string& resource_id = path.steps[static_cast<std::size_t>(number) - 1];
  const auto step = steps(path, std::nullopt)[static_cast<std::size_t>(number) - 1];
  if (step.questions > 0) {
    return {.status = 409,
            .error =
                "This step is an exercise set: it is done once you have answered all its "
                "questions, not by marking it.",
            .completion = {},
            .recorded = false};
  }
  const std::string now = core::now_timestamp();
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  AppendedCompletion appended =
      append_completion(*connection, StepCompletion{.id = core::new_id(),
                                                    .client_id = client_id,
                                                    .pupil_id = pupil.id,
                                                    .school_id = pupil.school_id,
                                                    .country_code = pupil.country_code,
                                                    .path_id = path.id,
                                                    .resource_id = resource_id,
                                                    .completed_at = now,
                                                    .origin_node = node_id_});
  transaction.commit();  // returns once durable
  if (appended.completion.pupil_id != pupil.id || appended.completion.path_id != path.id ||
      appended.completion.resource_id != resource_id) {
    return {.status = 409,
            .error =
                "This client_id was already used for another record; make a new UUID for "
                "each.",
            .completion = {},
            .recorded = false};
  }
  outcome.completion = std::move(appended.completion);
  outcome.recorded = appended.recorded;
  return outcome;
}

accounts::PupilDataSection Paths::pupil_data_section() {
  return accounts::PupilDataSection{
      .name = "step_completions",
      .export_data =
          [](storage::Connection& connection, const accounts::User& pupil) {
            boost::json::array out;
            const auto rows = connection.query(
                "SELECT path_id, resource_id, completed_at FROM step_completions "
                "WHERE pupil_id = ? ORDER BY completed_at",
                {pupil.id});
            for (const auto& row : rows.rows) {
              out.push_back(boost::json::object{
                  {"path", row.text(0)}, {"resource", row.text(1)}, {"completed_at", row.text(2)}});
            }
            return boost::json::value(std::move(out));
          },
      .erase =
          [](storage::Connection& connection, const accounts::User& pupil) {
            return std::to_string(delete_completions_of_pupil(connection, pupil.id)) +
                   " step completions deleted";
          }};
}

}  // namespace imaginecole::learning
