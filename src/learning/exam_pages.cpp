// SPDX-License-Identifier: AGPL-3.0-or-later
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <memory>

#include "accounts/csrf.hpp"
#include "catalog/markdown.hpp"
#include "core/ids.hpp"
#include "learning/booklet_pages.hpp"
#include "learning/exam_answers.hpp"
#include "learning/exam_routes.hpp"
#include "learning/page_text.hpp"
#include "learning/path_access.hpp"
#include "learning/response.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using http::Request;
using http::Response;

constexpr std::size_t kPaperSizes[] = {10, 20};
constexpr std::size_t kMaxSchoolName = 120;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool plausible_code(std::string_view code) {
  if (code.empty() || code.size() > 20) {
    return false;
  }
  for (const char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

class ExamPages {
 public:
  ExamPages(ExamPractice& practice, Attempts& attempts, accounts::Accounts& accounts)
      : practice_(practice), attempts_(attempts), accounts_(accounts) {}

  Response home(Request& request) {
    const auto exam = find_exam(request);
    if (!exam) {
      return web::error_page(request, 404, message(request, "paths_exam_error_no_exam"));
    }
    const auto pool = practice_.pool(exam->country_code, exam->code);
    web::Page page = base_page(request, *exam);
    page.template_name = "learning/templates/exam_home";
    page.data.set("empty", pool.empty());
    page.data.set("pool_label",
                  fill(message(request, "paths_exam_pool"), {{"n", std::to_string(pool.size())}}));
    web::TemplateList papers;
    for (const std::size_t size : kPaperSizes) {
      web::TemplateData paper;
      paper.set("url", self(*exam) + "/epreuve?n=" + std::to_string(size));
      paper.set("label", fill(message(request, "paths_exam_paper_of"),
                              {{"n", std::to_string(size)},
                               {"minutes", std::to_string(time_limit_seconds(size) / 60)}}));
      papers.push_back(std::move(paper));
    }
    page.data.set("papers", web::TemplateData(papers));
    page.data.set("anonymous", !accounts_.authenticator().signed_in(request));
    return no_store(web::render_page(request, page));
  }

  Response paper(Request& request) {
    const auto exam = find_exam(request);
    if (!exam) {
      return web::error_page(request, 404, message(request, "paths_exam_error_no_exam"));
    }
    const std::size_t size = paper_size(request.query_param("n").value_or(""));
    const auto seed = parse_seed(request.query_param("seed").value_or(""));
    if (!seed) {
      // A paper without a seed gets one, in the URL: the same link shows the same paper.
      std::uint64_t fresh = 0;
      const std::string id = core::new_id();
      for (const char c : id) {
        fresh = fresh * 131 + static_cast<unsigned char>(c);
      }
      return no_store(Response::redirect(self(*exam) + "/epreuve?n=" + std::to_string(size) +
                                             "&seed=" + std::to_string(fresh % 1'000'000'000),
                                         303));
    }
    const auto questions = draw_paper(practice_.pool(exam->country_code, exam->code), *seed, size);
    if (questions.empty()) {
      return web::error_page(request, 404, message(request, "paths_exam_empty"));
    }
    const PaperTicket ticket{.country = exam->country_code,
                             .exam = exam->code,
                             .seed = *seed,
                             .size = size,
                             .started = unix_now()};
    const auto who = accounts_.authenticator().signed_in(request);
    const bool pupil = who && pupil_of_user(accounts_, who->user);
    web::Page page = base_page(request, *exam);
    page.template_name = "learning/templates/exam_paper";
    page.scripts = {"exam-timer.js"};
    const std::string true_label = message(request, "paths_exam_true");
    const std::string false_label = message(request, "paths_exam_false");
    web::TemplateList rows;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      web::TemplateData row =
          paper_question_data(questions[i].question, i, true_label, false_label);
      // The server makes each answer's UUID: the same form sent twice records once.
      row.set("client_id", pupil ? web::TemplateData(core::new_id()) : web::TemplateData(false));
      rows.push_back(std::move(row));
    }
    const std::int64_t limit = time_limit_seconds(questions.size());
    page.data.set("questions", web::TemplateData(rows));
    page.data.set("action", self(*exam) + "/epreuve");
    page.data.set("csrf", who ? accounts::csrf_token_for(who->session) : std::string());
    page.data.set("seed", std::to_string(*seed));
    page.data.set("n", std::to_string(size));
    page.data.set("started", std::to_string(ticket.started));
    page.data.set("sig", sign_ticket(practice_.secret(), ticket));
    page.data.set("deadline", std::to_string(ticket.started + limit));
    page.data.set("booklet_url", self(*exam) + "/epreuve/booklet?n=" + std::to_string(size) +
                                     "&seed=" + std::to_string(*seed));
    page.data.set("time_label", fill(message(request, "paths_exam_time"),
                                     {{"n", std::to_string(questions.size())},
                                      {"minutes", std::to_string(limit / 60)}}));
    return no_store(web::render_page(request, page));
  }

  Response submit(Request& request) {
    const auto exam = find_exam(request);
    if (!exam) {
      return web::error_page(request, 404, message(request, "paths_exam_error_no_exam"));
    }
    const FormFields form = http::parse_form(request.body);
    const auto field = [&form](std::string_view name) {
      for (const auto& [key, value] : form) {
        if (key == name) {
          return value;
        }
      }
      return std::string();
    };
    const auto seed = parse_seed(field("seed"));
    const auto started = parse_seed(field("started"));
    PaperTicket ticket{.country = exam->country_code,
                       .exam = exam->code,
                       .seed = seed.value_or(0),
                       .size = paper_size(field("n")),
                       .started = static_cast<std::int64_t>(started.value_or(0))};
    if (!seed || !started || !ticket_is_genuine(practice_.secret(), ticket, field("sig"))) {
      return web::error_page(request, 400, message(request, "paths_exam_error_ticket"));
    }
    const auto questions =
        draw_paper(practice_.pool(exam->country_code, exam->code), ticket.seed, ticket.size);
    const std::int64_t late_by =
        unix_now() - (ticket.started + time_limit_seconds(questions.size()) + kGraceSeconds);
    const bool late = late_by > 0;

    const auto who = accounts_.authenticator().signed_in(request);
    const auto pupil = who ? pupil_of_user(accounts_, who->user) : std::nullopt;
    // The route lets anonymous visitors post (nothing is kept for them); what is recorded for
    // a pupil must come from our own form.
    if (pupil && !accounts::csrf_token_matches(who->session, field("csrf_token"))) {
      return web::error_page(request, 403, message(request, "paths_exam_error_ticket"));
    }
    const std::string true_label = message(request, "paths_exam_true");
    const std::string false_label = message(request, "paths_exam_false");
    const std::string& language = web::choose_language(request);
    struct TopicScore {
      int right = 0;
      int total = 0;
    };
    std::map<std::string, TopicScore> topics;
    std::vector<Submission> submissions;
    web::TemplateList missed;
    int right = 0;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const PoolQuestion& drawn = questions[i];
      bool correct = false;
      if (const auto response = paper_response_from_form(drawn.question, i, form)) {
        try {
          const auto answer = answer_from_response(drawn.question, *response);
          correct = exercises::grade(drawn.question, answer).correct;
          const std::string client_id = field("c" + std::to_string(i + 1));
          if (pupil && core::is_valid_id(client_id)) {
            submissions.push_back({.client_id = client_id,
                                   .question_id = drawn.question.id,
                                   .resource_id = drawn.set_id,
                                   .response = *response,
                                   .duration_ms = std::nullopt,
                                   .answered_at = std::nullopt});
          }
        } catch (const InvalidInput&) {
          correct = false;  // a tampered field counts as no answer
        }
      }
      TopicScore& topic = topics[web::localized(drawn.topic_names, language)];
      ++topic.total;
      if (correct) {
        ++topic.right;
        ++right;
        continue;
      }
      web::TemplateData row;
      row.set("number", std::to_string(i + 1));
      row.set("prompt_html", catalog::markdown_to_html(drawn.question.prompt));
      row.set("right_html", catalog::markdown_to_html(
                                right_answer_markdown(drawn.question, true_label, false_label)));
      const std::string& solution = drawn.question.solution.empty()
                                        ? drawn.question.general_feedback
                                        : drawn.question.solution;
      row.set("solution_html", solution.empty()
                                   ? web::TemplateData(false)
                                   : web::TemplateData(catalog::markdown_to_html(solution)));
      missed.push_back(std::move(row));
    }
    bool recorded = false;
    if (pupil && !submissions.empty()) {
      for (const auto& outcome : attempts_.submit(*pupil, submissions)) {
        recorded = recorded || outcome.status == 200;
      }
    }
    web::Page page = base_page(request, *exam);
    page.template_name = "learning/templates/exam_report";
    const std::string total = std::to_string(questions.size());
    page.data.set("score_label",
                  fill(message(request, late ? "paths_exam_score_late" : "paths_exam_score"),
                       {{"right", std::to_string(right)}, {"total", total}}));
    page.data.set("late", late);
    page.data.set("late_label", fill(message(request, "paths_exam_late"),
                                     {{"minutes", std::to_string((late_by + 59) / 60)}}));
    page.data.set("recorded", recorded);
    web::TemplateList topic_rows;
    for (const auto& [name, score] : topics) {
      web::TemplateData row;
      row.set("name", name.empty() ? message(request, "paths_exam_no_topic") : name);
      row.set("right", std::to_string(score.right));
      row.set("total", std::to_string(score.total));
      topic_rows.push_back(std::move(row));
    }
    page.data.set("topics", web::TemplateData(topic_rows));
    page.data.set("no_missed", missed.empty());
    page.data.set("missed", web::TemplateData(missed));
    page.data.set("again_url", self(*exam) + "/epreuve?n=" + std::to_string(ticket.size));
    page.data.set("home_url", self(*exam));
    return no_store(web::render_page(request, page));
  }

  // The same paper as /epreuve?n=&seed= on paper, its answer key at the end (A4 or A5).
  Response booklet(Request& request) {
    const auto exam = find_exam(request);
    if (!exam) {
      return web::error_page(request, 404, message(request, "paths_exam_error_no_exam"));
    }
    const auto format = parse_booklet_format(request.query_param("format").value_or(""));
    const auto seed = parse_seed(request.query_param("seed").value_or(""));
    if (!format || !seed) {
      return web::error_page(request, 400, "The format is a4 or a5, and the paper needs its seed.");
    }
    std::string school = request.query_param("school").value_or("");
    if (school.size() > kMaxSchoolName) {
      return web::error_page(request, 400, "The school's name is too long.");
    }
    const std::size_t size = paper_size(request.query_param("n").value_or(""));
    const auto drawn = draw_paper(practice_.pool(exam->country_code, exam->code), *seed, size);
    if (drawn.empty()) {
      return web::error_page(request, 404, message(request, "paths_exam_empty"));
    }
    const std::string language = web::choose_language(request);
    PaperBookletRequest paper{.country = exam->country_code,
                              .country_name = practice_.country_name(exam->country_code, language),
                              .exam_code = exam->code,
                              .exam_name = web::localized(exam->names, language),
                              .questions = {},
                              .seed = *seed,
                              .format = *format,
                              .language = language,
                              .school = std::move(school),
                              .for_browser = true};
    for (const auto& question : drawn) {
      paper.questions.push_back(question.question);
    }
    return booklet_response(request, render_paper_booklet(paper));
  }

 private:
  std::optional<catalog::Exam> find_exam(const Request& request) {
    const std::string country = request.path_param("country").value_or("");
    const std::string code = request.path_param("code").value_or("");
    if (country.size() != 2 || !plausible_code(code)) {
      return std::nullopt;
    }
    return practice_.exam(country, code);
  }

  static std::string self(const catalog::Exam& exam) {
    return "/examens/" + exam.country_code + "/" + exam.code;
  }

  static std::size_t paper_size(std::string_view text) {
    const auto n = parse_seed(text);
    return n ? std::clamp<std::size_t>(*n, 1, kMaxPaperQuestions) : kPaperSizes[0];
  }

  static web::Page base_page(const Request& request, const catalog::Exam& exam) {
    web::Page page;
    const std::string name = web::localized(exam.names, web::choose_language(request));
    page.title = fill(message(request, "paths_exam_title"), {{"exam", exam.code}, {"name", name}});
    page.breadcrumbs = {{message(request, "home_title"), "/"},
                        {exam.code, self(exam)},
                        {message(request, "paths_exam_practice"), ""}};
    page.data.set("title", page.title);
    page.data.set("country_name", exam.country_code);
    return page;
  }

  ExamPractice& practice_;
  Attempts& attempts_;
  accounts::Accounts& accounts_;
};

}  // namespace

void register_exam_pages(http::Router& router, ExamPractice& practice, Attempts& attempts,
                         accounts::Accounts& accounts) {
  auto pages = std::make_shared<ExamPages>(practice, attempts, accounts);
  const http::RouteOptions read{.access = "public", .blocking = true, .max_body_bytes = 1024};
  router.get(
      "/examens/{country}/{code}", [pages](Request& request) { return pages->home(request); },
      read);
  router.get(
      "/examens/{country}/{code}/epreuve",
      [pages](Request& request) { return pages->paper(request); }, read);
  // Anyone may practise: an anonymous visitor's answers are only graded, so the door does not
  // ask for a session's CSRF token; the handler checks it before recording a pupil's answers.
  router.get(
      "/examens/{country}/{code}/epreuve/booklet",
      [pages](Request& request) { return pages->booklet(request); }, read);
  router.post(
      "/examens/{country}/{code}/epreuve",
      [pages](Request& request) { return pages->submit(request); },
      http::RouteOptions{.access = "public",
                         .changes_state = false,
                         .blocking = true,
                         .max_body_bytes = 64 * 1024});
}

}  // namespace imaginecole::learning
