// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/player_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <numeric>

#include "accounts/csrf.hpp"
#include "catalog/markdown.hpp"
#include "catalog/resource_queries.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "exercises/pupil_view.hpp"
#include "exercises/question.hpp"
#include "learning/assigned_rules.hpp"
#include "learning/parsed_sets.hpp"
#include "learning/player_form.hpp"
#include "learning/practice_session.hpp"
#include "learning/response.hpp"
#include "web/content_language.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using exercises::Question;
using exercises::QuestionType;
using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

// The published set as the player needs it.
struct LoadedSet {
  std::string id;
  std::string title;
  std::string language;
  std::shared_ptr<const ParsedSet> parsed;  // parsed once per version, shared

  const std::vector<Question>& questions() const { return parsed->questions; }
};

std::optional<LoadedSet> load_set(storage::Database& database, ParsedSets& parsed_sets,
                                  const std::string& id) {
  if (!core::is_valid_id(id)) {
    return std::nullopt;
  }
  auto connection = database.read();
  const auto set = catalog::published_set(*connection, id);
  if (!set) {
    return std::nullopt;
  }
  LoadedSet out;
  out.id = id;
  out.title = catalog::resource_title(*connection, id).value_or("");
  out.language = catalog::published_set_language(*connection, id).value_or("");
  out.parsed = parsed_sets.get(set->version_id, set->questions);
  return out;
}

// Who answers: a pupil, whose answers are recorded, or anyone else.
struct Answerer {
  accounts::Caller signed_in;
  std::optional<Pupil> pupil;
};

Answerer answerer_of(accounts::Accounts& accounts, const Request& request) {
  Answerer out;
  out.signed_in = accounts.authenticator().signed_in(request);
  if (out.signed_in && out.signed_in->user.kind == accounts::UserKind::pupil &&
      out.signed_in->user.school_id) {
    if (const auto school = accounts.schools().school_by_id(*out.signed_in->user.school_id)) {
      out.pupil = Pupil{.id = out.signed_in->user.id,
                        .school_id = out.signed_in->user.school_id,
                        .country_code = school->country_code};
    }
  }
  return out;
}

std::string message(const Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

// The words inside a question in the set's language when the interface speaks it: they sit
// inside the content, marked with the set's lang.
FieldWords field_words(const Request& request, std::string_view content_language) {
  const web::Messages& messages = web::Messages::instance();
  const web::Catalogue& words = messages.supports(content_language)
                                    ? messages.catalogue(content_language)
                                    : messages.catalogue(web::choose_language(request));
  const auto get = [&](std::string_view key) { return std::string(words.get(key)); };
  return FieldWords{.answer = get("exercises_answer"),
                    .truth = get("exercises_true"),
                    .falsity = get("exercises_false"),
                    .blank = get("exercises_blank"),
                    .position = get("exercises_position"),
                    .choose = get("exercises_choose"),
                    .unit = get("player_unit"),
                    .essay = get("player_essay"),
                    .words = get("player_words")};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Time spent on a question, from when the page was made; nothing when implausible.
std::optional<std::int64_t> duration_since(std::string_view shown) {
  std::int64_t at = 0;
  const auto [end, error] = std::from_chars(shown.data(), shown.data() + shown.size(), at);
  (void)end;
  const std::int64_t spent = now_ms() - at;
  if (error != std::errc() || spent < 0 || spent > 86'400'000) {
    return std::nullopt;
  }
  return spent;
}

// The order questions are asked in: the set's, or a shuffle fixed by the rules' seed.
std::vector<std::size_t> question_order(const LoadedSet& set, const PlayerRules& rules) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < set.questions().size(); ++i) {
    if (set.questions()[i].type != QuestionType::description) {
      order.push_back(i);
    }
  }
  if (rules.order == QuestionOrder::shuffled && order.size() > 1) {
    Question seeded;
    seeded.id = rules.shuffle_seed + set.id;
    seeded.items.resize(order.size());
    const std::vector<int> listed = exercises::listed_item_order(seeded);
    std::vector<std::size_t> shuffled;
    shuffled.reserve(listed.size());
    for (const int k : listed) {
      shuffled.push_back(order[static_cast<std::size_t>(k)]);
    }
    order = std::move(shuffled);
  }
  return order;
}

// A graded answer, recorded or not.
struct Verdict {
  bool answered = false;
  bool correct = false;
  bool awaiting_mark = false;  // an open answer: a teacher marks it
  bool recorded = false;
  double score = 0;
  std::vector<std::string> feedback;
};

TemplateData verdict_data(const Request& request, const Verdict& verdict) {
  TemplateData data;
  if (verdict.answered && verdict.awaiting_mark) {
    data.set("class", "pending");
    data.set("icon", "✎");
    data.set("text",
             message(request, verdict.recorded ? "player_awaiting_mark" : "player_essay_not_kept"));
    data.set("feedback", TemplateData(TemplateList{}));
    return data;
  }
  const char* kind = !verdict.answered   ? "unanswered"
                     : verdict.correct   ? "ok"
                     : verdict.score > 0 ? "partly"
                                         : "wrong";
  data.set("class", kind);
  data.set("icon", !verdict.answered ? "–" : verdict.correct ? "✓" : verdict.score > 0 ? "◐" : "✗");
  data.set("text", message(request, !verdict.answered   ? "player_unanswered"
                                    : verdict.correct   ? "exercises_correct"
                                    : verdict.score > 0 ? "exercises_partly"
                                                        : "exercises_wrong"));
  TemplateList lines;
  for (const auto& line : verdict.feedback) {
    TemplateData feedback;
    feedback.set("html", catalog::markdown_to_html(line));
    lines.push_back(std::move(feedback));
  }
  data.set("feedback", TemplateData(lines));
  return data;
}

// One question's block: prompt, fields (kept from `given`), hints before answering, and the
// verdict and worked solution once answered.
TemplateData question_data(const Request& request, const LoadedSet& set, std::size_t index,
                           std::size_t number, const FormFields& given,
                           const std::optional<Verdict>& verdict, bool disabled,
                           const PlayerRules& rules) {
  const Question& q = set.questions()[index];
  const RenderedQuestion rendered =
      render_question(q, index, field_words(request, set.language), given, disabled);
  TemplateData item;
  item.set("number", std::to_string(number));
  item.set("index", std::to_string(index));
  item.set("cid", core::new_id());
  item.set("prompt_html", rendered.prompt_html);
  item.set("inputs_html", rendered.inputs_html);
  item.set("gradable", q.type != QuestionType::description);
  TemplateList hints;
  for (std::size_t k = 0; k < q.hints.size(); ++k) {
    TemplateData hint;
    hint.set("n", std::to_string(k + 1));
    hint.set("html", catalog::markdown_to_html(q.hints[k]));
    hints.push_back(std::move(hint));
  }
  item.set("hints", TemplateData(hints));
  item.set("has_hints", !q.hints.empty() && q.type != QuestionType::description);
  if (verdict) {
    item.set("verdict", verdict_data(request, *verdict));
  }
  if (!q.solution.empty() && q.type != QuestionType::description &&
      rules.shows_solution(verdict.has_value() && verdict->answered)) {
    item.set("solution_html", catalog::markdown_to_html(q.solution));
  }
  return item;
}

Response render(const Request& request, const LoadedSet& set, TemplateData data, int status = 200) {
  web::set_content_language(data, set.language);
  data.set("back_url", "/r/" + set.id);
  data.set("action", "/r/" + set.id + "/exercise");
  web::Page page;
  page.title = set.title.empty() ? message(request, "exercises_player_title") : set.title;
  data.set("title", page.title);
  page.template_name = "learning/templates/player";
  page.data = std::move(data);
  page.status = status;
  page.scripts = {"player.js"};
  page.breadcrumbs = {{message(request, "home_title"), "/"},
                      {page.title, "/r/" + set.id},
                      {message(request, "player_crumb"), ""}};
  Response response = web::render_page(request, page);
  response.status = status;
  // Every page carries fresh answer UUIDs (and, signed in, a CSRF token): never shared.
  response.set_header("Cache-Control", "no-store");
  return response;
}

// The hidden fields common to both modes.
void set_form(TemplateData& data, const Answerer& who, std::string_view mode) {
  data.set("form", true);
  data.set("mode", std::string(mode));
  data.set("shown", std::to_string(now_ms()));
  if (who.signed_in) {
    data.set("csrf", accounts::csrf_token_for(who.signed_in->session));
  }
}

std::string progress_text(const Request& request, std::size_t right, std::size_t total) {
  return std::to_string(right) + " / " + std::to_string(total) + " " +
         message(request, "player_progress_right");
}

// Grades the answered questions; a pupil's are recorded in one durable transaction. An error
// (the set changed under the page, a broken response) comes back as a page.
struct Graded {
  std::vector<std::optional<Verdict>> verdicts;  // per entry of `answers`
  std::optional<Response> refusal;
};

struct GivenAnswer {
  std::size_t index;
  json::value response;
  std::string client_id;
};

Graded grade_answers(const Request& request, Attempts& attempts, const Answerer& who,
                     const LoadedSet& set, const std::vector<GivenAnswer>& answers,
                     std::optional<std::int64_t> duration) {
  Graded out;
  if (who.pupil) {
    std::vector<Submission> submissions;
    submissions.reserve(answers.size());
    for (const auto& answer : answers) {
      submissions.push_back(Submission{.client_id = answer.client_id,
                                       .question_id = set.questions()[answer.index].id,
                                       .resource_id = set.id,
                                       .response = answer.response,
                                       .duration_ms = duration,
                                       .answered_at = std::nullopt});
    }
    for (const Outcome& outcome : attempts.submit(*who.pupil, submissions)) {
      if (outcome.status != 200) {
        out.refusal = web::error_page(request, outcome.status, outcome.error);
        return out;
      }
      out.verdicts.push_back(Verdict{.answered = true,
                                     .correct = outcome.attempt.correct,
                                     .awaiting_mark = outcome.attempt.question_type == "essay",
                                     .recorded = true,
                                     .score = outcome.attempt.score,
                                     .feedback = outcome.attempt.feedback});
    }
    return out;
  }
  for (const auto& answer : answers) {
    const Question& q = set.questions()[answer.index];
    try {
      const exercises::Grade grade = exercises::grade(q, answer_from_response(q, answer.response));
      out.verdicts.push_back(Verdict{.answered = true,
                                     .correct = grade.correct,
                                     .awaiting_mark = grade.needs_marking,
                                     .recorded = false,
                                     .score = grade.score,
                                     .feedback = grade.feedback});
    } catch (const InvalidInput& error) {
      out.refusal = web::error_page(request, 400, error.what());
      return out;
    }
  }
  return out;
}

// A signed-in person's form must carry their session's token: the route is public (anyone
// may practise) so the door leaves the check to us.
std::optional<Response> refuse_forged(const Request& request, const Answerer& who,
                                      const FormFields& form) {
  if (who.signed_in && !accounts::csrf_token_matches(who.signed_in->session,
                                                     field_value(form, accounts::kCsrfField))) {
    return web::error_page(request, 403, message(request, "door_csrf"));
  }
  return std::nullopt;
}

// --- practice -------------------------------------------------------------------------------

PracticeSession session_from(const Request& request, const FormFields& form, bool posted,
                             const LoadedSet& set, const PlayerRules& rules) {
  const auto get = [&](std::string_view name) {
    return posted ? field_value(form, name) : request.query_param(name).value_or("");
  };
  if (get("started").empty()) {
    return PracticeSession::start(question_order(set, rules));
  }
  return PracticeSession::parse(get("left"), get("right"), get("streak"), set.questions().size());
}

std::size_t gradable_count(const LoadedSet& set) {
  return static_cast<std::size_t>(
      std::count_if(set.questions().begin(), set.questions().end(),
                    [](const Question& q) { return q.type != QuestionType::description; }));
}

void set_session_fields(TemplateData& data, const PracticeSession& session) {
  TemplateList hidden;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"started", "1"},
           {"left", session.left_field()},
           {"right", session.right_field()},
           {"streak", std::to_string(session.streak)}}) {
    TemplateData field;
    field.set("name", name);
    field.set("value", value);
    hidden.push_back(std::move(field));
  }
  data.set("hidden", TemplateData(hidden));
}

// The texts to read of a set (descriptions), shown before its first question.
std::string intro_html(const LoadedSet& set) {
  std::string html;
  for (const auto& q : set.questions()) {
    if (q.type == QuestionType::description) {
      html += catalog::markdown_to_html(q.prompt);
    }
  }
  return html;
}

Response practice_page(const Request& request, const LoadedSet& set, const Answerer& who,
                       const PlayerRules& rules, const PracticeSession& session,
                       const FormFields& given, const std::optional<Verdict>& verdict,
                       const std::string& error, int status) {
  TemplateData data;
  const std::size_t total = gradable_count(set);
  if (total == 0) {
    data.set("empty", true);
    return render(request, set, std::move(data));
  }
  data.set("quiz_url", "/r/" + set.id + "/exercise?mode=quiz");
  if (!error.empty()) {
    data.set("error", error);
  }
  // An open answer waits for its mark: the session moves on as if it were right.
  const PracticeSession next =
      verdict ? session.after(verdict->correct || verdict->awaiting_mark) : session;
  data.set("progress", progress_text(request, next.right.size(), total));
  if (!verdict && session.finished()) {
    data.set("finished", message(request, session.left.empty() ? "player_finished_all"
                                                               : "player_finished_streak"));
    data.set("again_url", "/r/" + set.id + "/exercise");
    return render(request, set, std::move(data), status);
  }
  const std::size_t current = session.left.front();
  if (session.right.empty() && session.left.size() == total && !verdict &&
      !intro_html(set).empty()) {
    data.set("intro_html", intro_html(set));
  }
  const std::size_t number = current + 1;  // its place in the set, the same when it returns
  TemplateList questions;
  questions.push_back(
      question_data(request, set, current, number, given, verdict, verdict.has_value(), rules));
  data.set("questions", TemplateData(questions));
  if (verdict) {
    data.set("next_url", "/r/" + set.id + "/exercise" + next.query());
    data.set("next_label",
             message(request, next.finished() ? "player_see_summary" : "player_next"));
  } else {
    set_form(data, who, "practice");
    set_session_fields(data, session);
    data.set("submit", message(request, "player_check"));
    data.set("practice", true);
    if (session.left.size() > 1) {
      data.set("skip_url", "/r/" + set.id + "/exercise" + session.skipped().query());
    }
  }
  return render(request, set, std::move(data), status);
}

Response practice_post(const Request& request, Attempts& attempts, const LoadedSet& set,
                       const Answerer& who, const PlayerRules& rules, const FormFields& form) {
  const PracticeSession session = session_from(request, form, true, set, rules);
  if (session.finished()) {
    return practice_page(request, set, who, rules, session, {}, std::nullopt, {}, 200);
  }
  const std::size_t current = session.left.front();
  auto response = response_from_form(set.questions()[current], current, form);
  if (!response) {
    return practice_page(request, set, who, rules, session, form, std::nullopt,
                         message(request, "player_answer_first"), 422);
  }
  const Graded graded =
      grade_answers(request, attempts, who, set,
                    {GivenAnswer{.index = current,
                                 .response = std::move(*response),
                                 .client_id = field_value(form, "cid" + std::to_string(current))}},
                    duration_since(field_value(form, "shown")));
  if (graded.refusal) {
    return *graded.refusal;
  }
  return practice_page(request, set, who, rules, session, form, graded.verdicts.front(), {}, 200);
}

// --- quiz -----------------------------------------------------------------------------------

Response quiz_page(const Request& request, const LoadedSet& set, const Answerer& who,
                   const PlayerRules& rules, const FormFields& given,
                   const std::vector<std::optional<Verdict>>& verdicts, const std::string& error,
                   int status) {
  TemplateData data;
  if (gradable_count(set) == 0) {
    data.set("empty", true);
    return render(request, set, std::move(data));
  }
  data.set("practice_url", "/r/" + set.id + "/exercise");
  if (!error.empty()) {
    data.set("error", error);
  }
  const bool ended = !verdicts.empty();
  std::vector<std::size_t> order = question_order(set, rules);
  TemplateList questions;
  double total = 0;
  std::size_t number = 0;
  if (!ended && !intro_html(set).empty()) {
    data.set("intro_html", intro_html(set));
  }
  for (const std::size_t index : order) {
    std::optional<Verdict> verdict;
    if (ended) {
      verdict = verdicts[index] ? verdicts[index] : Verdict{};
      total += verdict->score;
    }
    questions.push_back(question_data(request, set, index, ++number, given, verdict, ended, rules));
  }
  data.set("questions", TemplateData(questions));
  if (ended) {
    data.set("score", web::format_score(total, static_cast<double>(order.size()),
                                        web::choose_language(request)));
    if (rules.attempts_allowed != 1) {
      data.set("again_url", "/r/" + set.id + "/exercise?mode=quiz");
    }
  } else {
    set_form(data, who, "quiz");
    data.set("submit", message(request, "player_submit_quiz"));
  }
  return render(request, set, std::move(data), status);
}

Response quiz_post(const Request& request, Attempts& attempts, const LoadedSet& set,
                   const Answerer& who, const PlayerRules& rules, const FormFields& form) {
  std::vector<GivenAnswer> answers;
  for (std::size_t i = 0; i < set.questions().size(); ++i) {
    if (auto response = response_from_form(set.questions()[i], i, form)) {
      answers.push_back(GivenAnswer{.index = i,
                                    .response = std::move(*response),
                                    .client_id = field_value(form, "cid" + std::to_string(i))});
    }
  }
  if (answers.empty()) {
    return quiz_page(request, set, who, rules, form, {}, message(request, "player_answer_one"),
                     422);
  }
  const Graded graded = grade_answers(request, attempts, who, set, answers,
                                      duration_since(field_value(form, "shown")));
  if (graded.refusal) {
    return *graded.refusal;
  }
  std::vector<std::optional<Verdict>> verdicts(set.questions().size());
  for (std::size_t k = 0; k < answers.size(); ++k) {
    verdicts[answers[k].index] = graded.verdicts[k];
  }
  return quiz_page(request, set, who, rules, form, verdicts, {}, 200);
}

// --- the routes -----------------------------------------------------------------------------

// A set opened from the library plays by the defaults; one assigned to the pupil by its
// assignment's rules.
PlayerRules rules_for(Assignments& assignments, const Answerer& who, const std::string& set_id) {
  if (!who.pupil) {
    return {};
  }
  const auto assigned = assignments.rules_for(who.pupil->id, set_id);
  return assigned ? player_rules_of(*assigned, who.pupil->id, set_id, core::now_timestamp())
                  : PlayerRules{};
}

Response play(storage::Database& database, Attempts& attempts, Assignments& assignments,
              accounts::Accounts& accounts, Request& request, bool posted) {
  const auto set =
      load_set(database, attempts.parsed_sets(), request.path_param("id").value_or(""));
  if (!set) {
    return web::error_page(request, 404, "No such exercise set.");
  }
  const Answerer who = answerer_of(accounts, request);
  const PlayerRules rules = rules_for(assignments, who, set->id);
  const FormFields form = posted ? http::parse_form(request.body) : FormFields{};
  std::string mode = posted ? field_value(form, "mode") : request.query_param("mode").value_or("");
  if (mode.empty() && rules.quiz_by_default) {
    mode = "quiz";
  }
  if (posted) {
    if (auto refusal = refuse_forged(request, who, form)) {
      return *refusal;
    }
    return mode == "quiz" ? quiz_post(request, attempts, *set, who, rules, form)
                          : practice_post(request, attempts, *set, who, rules, form);
  }
  if (mode == "quiz") {
    return quiz_page(request, *set, who, rules, {}, {}, {}, 200);
  }
  return practice_page(request, *set, who, rules, session_from(request, form, false, *set, rules),
                       {}, std::nullopt, {}, 200);
}

}  // namespace

void register_player_routes(http::Router& router, storage::Database& database, Attempts& attempts,
                            Assignments& assignments, accounts::Accounts& accounts) {
  router.get(
      "/r/{id}/exercise",
      [&database, &attempts, &assignments, &accounts](Request& request) {
        return play(database, attempts, assignments, accounts, request, false);
      },
      http::public_route({.blocking = true}));
  router.post(
      "/r/{id}/exercise",
      [&database, &attempts, &assignments, &accounts](Request& request) {
        return play(database, attempts, assignments, accounts, request, true);
      },
      // Public: anyone may practise, and a visitor's answer changes nothing. A signed-in
      // pupil's answer is recorded: the handler then checks the session's CSRF token itself
      // (refuse_forged), as the door does for routes that always change state.
      http::public_route({.changes_state = false, .blocking = true, .max_body_bytes = 64 * 1024}));
}

}  // namespace imaginecole::learning
