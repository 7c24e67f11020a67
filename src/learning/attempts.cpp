// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/attempts.hpp"

#include <boost/json.hpp>

#include <map>

#include "catalog/resource_queries.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "learning/response.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;

// The published sets one call grades against, each read once per call (a set published
// meanwhile is seen at the next call) and parsed once per version (ParsedSets).
class SetCache {
 public:
  SetCache(storage::Connection& connection, ParsedSets& parsed)
      : connection_(connection), parsed_(parsed) {}

  // nullptr when `resource_id` is not a published exercise set.
  const ParsedSet* find(const std::string& resource_id) {
    auto found = sets_.find(resource_id);
    if (found == sets_.end()) {
      std::shared_ptr<const ParsedSet> loaded;
      if (const auto set = catalog::published_set(connection_, resource_id)) {
        loaded = parsed_.get(set->version_id, set->questions);
      }
      found = sets_.emplace(resource_id, std::move(loaded)).first;
    }
    return found->second.get();
  }

 private:
  storage::Connection& connection_;
  ParsedSets& parsed_;
  std::map<std::string, std::shared_ptr<const ParsedSet>> sets_;
};

Outcome refused(int status, std::string message) {
  return Outcome{.status = status, .error = std::move(message), .attempt = {}, .recorded = false};
}

// An ISO 8601 UTC timestamp as the device sent it ("2026-12-05T10:00:00Z" or with
// milliseconds); anything else is refused rather than stored.
bool plausible_timestamp(std::string_view text) {
  if (text.size() < 20 || text.size() > 24 || text.back() != 'Z') {
    return false;
  }
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    const bool separator = (i == 4 || i == 7)     ? c == '-'
                           : i == 10              ? c == 'T'
                           : (i == 13 || i == 16) ? c == ':'
                           : i == 19              ? c == '.'
                                                  : false;
    if (!digit && !separator) {
      return false;
    }
  }
  return true;
}

// Grades a submission that was never recorded: the attempt to append, or why not.
Outcome graded(const Pupil& pupil, const Submission& submission, SetCache& sets,
               const std::string& node_id) {
  if (!core::is_valid_id(submission.resource_id)) {
    return refused(400, "\"resource\" must be the id of an exercise set");
  }
  const ParsedSet* set = sets.find(submission.resource_id);
  if (set == nullptr) {
    return refused(404, "No published exercise set has the id " + submission.resource_id + ".");
  }
  const exercises::Question* question = set->find(submission.question_id);
  if (question == nullptr) {
    return refused(422, "The question " + submission.question_id +
                            " is not in the published version of this exercise set; reload "
                            "the set to get its current questions.");
  }
  if (submission.answered_at && !plausible_timestamp(*submission.answered_at)) {
    return refused(400, "\"answered_at\" must be a UTC time such as 2026-12-05T10:00:00Z");
  }
  exercises::Answer answer;
  try {
    answer = answer_from_response(*question, submission.response);
  } catch (const ResponseTooLong& error) {
    return refused(422, error.what());
  } catch (const InvalidInput& error) {
    return refused(400, error.what());
  }
  const exercises::Grade grade = exercises::grade(*question, answer);
  const std::string now = core::now_timestamp();
  return Outcome{
      .status = 200,
      .error = {},
      .attempt = Attempt{.id = core::new_id(),
                         .client_id = submission.client_id,
                         .pupil_id = pupil.id,
                         .school_id = pupil.school_id,
                         .country_code = pupil.country_code,
                         .resource_id = submission.resource_id,
                         .version_id = set->version_id,
                         .question_id = submission.question_id,
                         .question_type = std::string(exercises::type_name(question->type)),
                         .response = json::serialize(submission.response),
                         .correct = grade.correct,
                         .score = grade.score,
                         .feedback = grade.feedback,
                         .duration_ms = submission.duration_ms,
                         .answered_at = submission.answered_at.value_or(now),
                         .recorded_at = now,
                         .origin_node = node_id},
      .recorded = true};
}

// A client UUID another account used: refused without saying anything of that attempt.
Outcome replayed(const Pupil& pupil, Attempt first) {
  if (first.pupil_id != pupil.id) {
    return refused(409,
                   "This client_id was already used for another answer; make a new UUID "
                   "for each answer.");
  }
  return Outcome{.status = 200, .error = {}, .attempt = std::move(first), .recorded = false};
}

}  // namespace

std::vector<Outcome> Attempts::submit(const Pupil& pupil,
                                      const std::vector<Submission>& submissions) {
  std::vector<Outcome> outcomes(submissions.size());
  std::vector<std::size_t> to_write;
  // The same UUID twice in one batch: the second is a replay of the first.
  std::vector<std::optional<std::size_t>> duplicate_of(submissions.size());
  {
    // Read first: replays answer from the record (even when the set has changed since), the
    // rest are graded against the published version.
    auto connection = database_.read();
    SetCache sets(*connection, parsed_sets_);
    std::map<std::string, std::size_t, std::less<>> first_in_call;
    for (std::size_t i = 0; i < submissions.size(); ++i) {
      const Submission& submission = submissions[i];
      if (!core::is_valid_id(submission.client_id)) {
        outcomes[i] = refused(400, "\"client_id\" must be a UUID made by the client");
      } else if (const auto first = first_in_call.find(submission.client_id);
                 first != first_in_call.end()) {
        duplicate_of[i] = first->second;
      } else if (auto recorded = find_attempt_by_client_id(*connection, submission.client_id)) {
        first_in_call.emplace(submission.client_id, i);
        outcomes[i] = replayed(pupil, std::move(*recorded));
      } else {
        first_in_call.emplace(submission.client_id, i);
        outcomes[i] = graded(pupil, submission, sets, node_id_);
        if (outcomes[i].status == 200) {
          to_write.push_back(i);
        }
      }
    }
  }
  if (!to_write.empty()) {
    auto connection = database_.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    for (const std::size_t index : to_write) {
      Appended appended = append_attempt(*connection, outcomes[index].attempt);
      if (!appended.recorded) {
        // Another request with the same UUID won the race.
        outcomes[index] = replayed(pupil, std::move(appended.attempt));
      }
    }
    transaction.commit();  // durable before the answer leaves (group commit, decision 0040)
  }
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    if (duplicate_of[i]) {
      outcomes[i] = outcomes[*duplicate_of[i]];
      outcomes[i].recorded = false;
    }
  }
  return outcomes;
}

std::vector<ResourceProgress> Attempts::progress(std::string_view pupil_id) {
  auto connection = database_.read();
  return progress_of_pupil(*connection, pupil_id);
}

std::vector<Attempt> Attempts::recent(std::string_view pupil_id, std::int64_t limit) {
  auto connection = database_.read();
  return attempts_of_pupil(*connection, pupil_id, limit);
}

accounts::PupilDataSection Attempts::pupil_data_section() {
  return accounts::PupilDataSection{
      .name = "attempts",
      .export_data =
          [](storage::Connection& connection, const accounts::User& pupil) {
            json::array out;
            for (const auto& attempt : attempts_of_pupil(connection, pupil.id, 1'000'000)) {
              boost::system::error_code error;
              json::value response = json::parse(attempt.response, error);
              out.push_back(json::object{
                  {"id", attempt.id},
                  {"resource", attempt.resource_id},
                  {"question", attempt.question_id},
                  {"response", error ? json::value(attempt.response) : std::move(response)},
                  {"correct", attempt.correct},
                  {"score", attempt.score},
                  {"answered_at", attempt.answered_at},
                  {"recorded_at", attempt.recorded_at}});
            }
            return json::value(std::move(out));
          },
      .erase =
          [](storage::Connection& connection, const accounts::User& pupil) {
            return std::to_string(delete_attempts_of_pupil(connection, pupil.id)) +
                   " attempts deleted";
          }};
}

}  // namespace imaginecole::learning
