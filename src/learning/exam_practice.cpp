// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/exam_practice.hpp"

#include <sodium.h>

#include "storage/node_settings.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {

std::optional<catalog::Exam> ExamPractice::exam(std::string_view country, std::string_view code) {
  const auto curriculum = curricula_.curriculum(country);
  if (!curriculum) {
    return std::nullopt;
  }
  for (const auto& exam : curriculum->exams) {
    if (exam.code == code) {
      return exam;
    }
  }
  return std::nullopt;
}

std::string ExamPractice::country_name(std::string_view country, std::string_view language) {
  const auto curriculum = curricula_.curriculum(country);
  return curriculum ? web::localized(curriculum->country.names, language) : std::string(country);
}

std::vector<PoolQuestion> ExamPractice::pool(std::string_view country, std::string_view code) {
  std::vector<PoolQuestion> out;
  catalog::ResourceFilter filter{.country = std::string(country)};
  filter.kind = "exercise_set";
  filter.exam = std::string(code);
  for (int page = 1; page <= 10; ++page) {
    filter.page = page;
    const auto list = resources_.list(filter);
    for (const auto& set : list.results) {
      const auto questions = resources_.published_questions(set.id);
      if (!questions) {
        continue;
      }
      // The set's place in this country's tree names the topic of its questions.
      std::string topic = "{}";
      for (const auto& placement : resources_.placements_of(set.id)) {
        if (placement.country_code == country && !placement.hidden) {
          topic = placement.node_names;
          break;
        }
      }
      for (auto& question : exercises::questions_from_json(*questions)) {
        if (fits_a_paper(question)) {
          out.push_back({.set_id = set.id, .topic_names = topic, .question = std::move(question)});
        }
      }
    }
    if (page >= list.page_count()) {
      break;
    }
  }
  return out;
}

const std::string& ExamPractice::secret() {
  std::lock_guard lock(mutex_);
  if (secret_.empty()) {
    unsigned char fresh[crypto_auth_hmacsha256_KEYBYTES];
    randombytes_buf(fresh, sizeof fresh);
    std::string hex(2 * sizeof fresh, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, fresh, sizeof fresh);
    auto connection = database_.write();
    // Whoever writes first wins; every server then reads the same secret.
    secret_ = storage::keep_first_node_setting(*connection, "exam_paper_secret", hex);
  }
  return secret_;
}

}  // namespace imaginecole::learning
