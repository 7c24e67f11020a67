// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/set_copy.hpp"

namespace imaginecole::exercises {

Result<std::size_t> copy_questions_into_set(QuestionStore& store, std::string_view questions_json,
                                            std::string_view origin_set, std::string_view set_id,
                                            std::string_view country, std::string_view created_by) {
  std::vector<Question> questions;
  try {
    questions = questions_from_json(questions_json);
  } catch (const InvalidInput& error) {
    return Result<std::size_t>::failure(error.what());
  }
  ParsedBank bank;
  int index = 0;
  for (Question& question : questions) {
    question.id.clear();  // a copy: new ids in the adapting country's bank
    BankEntry entry;
    entry.index = ++index;
    entry.name = question.name;
    entry.question = std::move(question);
    bank.entries.push_back(std::move(entry));
  }
  const auto ids =
      store.import_bank(country, bank, created_by, "adapted:" + std::string(origin_set));
  return store.set_questions(set_id, ids);
}

}  // namespace imaginecole::exercises
