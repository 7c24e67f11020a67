// SPDX-License-Identifier: AGPL-3.0-or-later
// What the API reads as JSON from editors and pupils' devices: a question in its stable JSON
// form (editor API, snapshots) and a pupil's response to it (POST /api/v1/attempts), graded.
// The input is {"question": {...}, "response": {...}}; the seeds are the demo's question types
// written by the GIFT reader.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/question.hpp"
#include "fuzz_target.hpp"
#include "learning/response.hpp"

namespace exercises = imaginecole::exercises;
namespace json = boost::json;

IMAGINECOLE_FUZZ_SEEDS(answer) {
  const auto bank = exercises::read_gift(
      "::choix:: Capitale du Sénégal ? {=Dakar ~Thiès ~Saint-Louis}\n\n"
      "::plusieurs:: Nombres pairs ? {~%50%2 ~%50%4 ~%-100%3}\n\n"
      "::vrai:: 7 est premier. {T}\n\n"
      "::nombre:: 2,5 + 1 = {#3.5:0.1}\n\n"
      "::texte:: Le fleuve de Niamey : {=Niger =le Niger}\n\n"
      "::paires:: Associe. {=Dakar -> Sénégal =Bamako -> Mali =Niamey -> Niger}\n\n"
      "::essai:: Raconte ta journée. {}\n");
  const char* responses[] = {R"({"choice":0})",     R"({"choices":[0,1]})",
                             R"({"truth":true})",   R"({"text":"3,5"})",
                             R"({"text":"Niger"})", R"({"matches":["Sénégal","Mali","Niger"]})",
                             R"({"text":"…"})"};
  std::vector<std::string> seeds;
  std::size_t index = 0;
  for (const auto& entry : bank.entries) {
    if (entry.question) {
      seeds.push_back(R"({"question":)" + exercises::question_to_json(*entry.question) +
                      R"(,"response":)" + responses[index % std::size(responses)] + "}");
    }
    ++index;
  }
  return seeds;
}

IMAGINECOLE_FUZZ_TARGET(answer) {
  boost::system::error_code error;
  const json::value input = json::parse(imaginecole::fuzz::as_text(data, size), error);
  if (error || !input.is_object()) {
    return 0;
  }
  const auto* question_json = input.as_object().if_contains("question");
  const auto* response = input.as_object().if_contains("response");
  if (question_json == nullptr || response == nullptr) {
    return 0;
  }
  try {
    const auto question = exercises::question_from_json(json::serialize(*question_json));
    if (!exercises::validate(question).empty()) {
      return 0;  // an editor is told; such a question is never saved
    }
    const auto answer = imaginecole::learning::answer_from_response(question, *response);
    (void)exercises::grade(question, answer);
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
