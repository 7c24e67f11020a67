// SPDX-License-Identifier: AGPL-3.0-or-later
// The question form: one page per question type (fields from question_form.hpp), to create a
// question in a country's bank (optionally appended to an exercise set) or to change one.
// A failed save shows the form again with what was posted and a message per field.
#include <string>
#include <vector>

#include "accounts/csrf.hpp"
#include "catalog/markdown.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "exercises/page_support.hpp"
#include "exercises/pages.hpp"
#include "exercises/question_form.hpp"
#include "exercises/question_skill_pages.hpp"
#include "exercises/question_store.hpp"
#include "web/content_language.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

struct FormContext {
  std::string heading;
  std::string action;
  std::string country;
  std::string set_id;
  std::string question_id;
  std::string status;
  std::string notice;
  TemplateData skills;  // exercises/question_skill_pages.hpp
};

FormValues posted_values(const Request& request) {
  FormValues out;
  for (auto& [key, value] : http::parse_form(request.body)) {
    out[key] = std::move(value);
  }
  return out;
}

std::string value_of(const FormValues& values, const std::string& name) {
  const auto found = values.find(name);
  return found == values.end() ? std::string() : found->second;
}

std::string problem_text(const Request& request, const std::vector<FormProblem>& problems,
                         std::string_view field) {
  std::string out;
  for (const auto& problem : problems) {
    if (problem.field != field) {
      continue;
    }
    std::string text = page_message(request, problem.message_key);
    if (!problem.detail.empty()) {
      text += " (" + problem.detail + ")";
    }
    out += (out.empty() ? "" : " ") + text;
  }
  return out;
}

void set_text_or_false(TemplateData& data, const std::string& key, const std::string& text) {
  if (text.empty()) {
    data.set(key, false);
  } else {
    data.set(key, text);
  }
}

TemplateData part(const Request& request, const FormValues& values,
                  const std::vector<FormProblem>& problems, const std::string& name,
                  const std::string& label_key, int height = 0, bool numeric = false) {
  TemplateData out;
  out.set("name", name);
  out.set("label", page_message(request, label_key));
  out.set("value", value_of(values, name));
  out.set("textarea", height > 0);
  out.set("height", std::to_string(height));
  out.set("numeric", numeric);
  set_text_or_false(out, "error", problem_text(request, problems, name));
  return out;
}

// A list of numbered rows (choices, numbers...): the filled ones and a few empty ones.
TemplateData row_list(const Request& request, const FormValues& values,
                      const std::vector<FormProblem>& problems, const std::string& prefix,
                      const std::string& group) {
  const auto& parts = row_parts(prefix);
  const std::size_t count =
      std::min(used_rows(values, prefix, parts) + kEmptyFormRows, kMaxFormRows);
  TemplateList rows;
  for (std::size_t i = 0; i < count; ++i) {
    TemplateData row;
    row.set("legend", page_message(request, "exercises_forms_" + prefix + "_row") + " " +
                          std::to_string(i + 1));
    TemplateList fields;
    for (const std::string_view p : parts) {
      const std::string key =
          "exercises_forms_" + prefix + "_" + std::string(p.empty() ? "item" : p);
      const bool numeric = p == "credit" || p == "value" || p == "tolerance" || p == "multiplier";
      const int height = prefix == "blank" ? 3 : 0;
      fields.push_back(
          part(request, values, problems, row_field(prefix, i, p), key, height, numeric));
    }
    row.set("parts", TemplateData(fields));
    rows.push_back(std::move(row));
  }
  TemplateData out;
  out.set("title", page_message(request, "exercises_forms_" + group + "_title"));
  out.set("hint", page_message(request, "exercises_forms_" + group + "_hint"));
  out.set("group", group);
  set_text_or_false(out, "group_error", problem_text(request, problems, group));
  out.set("rows", TemplateData(rows));
  return out;
}

TemplateData check(const Request& request, const FormValues& values, const std::string& name) {
  TemplateData out;
  out.set("name", name);
  out.set("label", page_message(request, "exercises_forms_" + name));
  out.set("checked", !value_of(values, name).empty());
  return out;
}

Response form_page(const Request& request, const accounts::SignedIn& who,
                   const FormContext& context, const FormValues& values,
                   const std::vector<FormProblem>& problems, int status) {
  TemplateData data;
  data.set("heading", context.heading);
  data.set("action", context.action);
  data.set("csrf", accounts::csrf_token_for(who.session));
  data.set("country", context.country);
  data.set("country_name", web::country_name(context.country, web::choose_language(request)));
  data.set("bank_url", "/edit/questions?country=" + context.country);
  data.set("new_url", "/edit/questions/new?country=" + context.country);
  set_text_or_false(data, "question_id", context.question_id);
  set_text_or_false(data, "status",
                    context.status.empty()
                        ? std::string()
                        : page_message(request, "lang_question_state_" + context.status));
  set_text_or_false(data, "notice", context.notice);
  set_text_or_false(
      data, "set_url",
      context.set_id.empty() ? "" : "/edit/resources/" + context.set_id + "/questions");
  data.set("has_problems", !problems.empty());
  set_text_or_false(data, "form_error", problem_text(request, problems, "form"));
  set_text_or_false(data, "type_error", problem_text(request, problems, "type"));

  const auto type = parse_type(value_of(values, "type")).value_or(QuestionType::single_choice);
  TemplateList types;
  for (const QuestionType option : all_types()) {
    TemplateData item;
    item.set("value", std::string(type_name(option)));
    item.set("label", page_message(request, "exercises_type_" + std::string(type_name(option))));
    item.set("selected", option == type);
    types.push_back(std::move(item));
  }
  data.set("types", TemplateData(types));

  TemplateList common;
  common.push_back(part(request, values, problems, "name", "exercises_edit_name"));
  common.push_back(part(request, values, problems, "category", "exercises_edit_category"));
  common.push_back(part(
      request, values, problems, "prompt",
      type == QuestionType::fill_blanks ? "exercises_forms_prompt_blanks" : "exercises_edit_prompt",
      6));
  data.set("common", TemplateData(common));

  TemplateList lists;
  TemplateList extras;
  TemplateList checks;
  std::string checks_title;
  data.set("is_true_false", type == QuestionType::true_false);
  data.set("truth_true", value_of(values, "truth") != "false");
  switch (type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice:
      lists.push_back(row_list(request, values, problems, "choice", "choices"));
      break;
    case QuestionType::true_false:
      extras.push_back(
          part(request, values, problems, "feedback_true", "exercises_forms_feedback_true"));
      extras.push_back(
          part(request, values, problems, "feedback_false", "exercises_forms_feedback_false"));
      break;
    case QuestionType::numeric:
      lists.push_back(row_list(request, values, problems, "number", "numbers"));
      lists.push_back(row_list(request, values, problems, "unit", "units"));
      checks.push_back(check(request, values, "units_convertible"));
      checks_title = page_message(request, "exercises_forms_units_options");
      break;
    case QuestionType::short_text:
    case QuestionType::fill_blanks:
      lists.push_back(type == QuestionType::short_text
                          ? row_list(request, values, problems, "text", "texts")
                          : row_list(request, values, problems, "blank", "blanks"));
      for (const char* name : {"case_sensitive", "accent_sensitive", "collapse_spaces"}) {
        checks.push_back(check(request, values, name));
      }
      checks_title = page_message(request, "exercises_forms_rules_title");
      break;
    case QuestionType::matching:
      lists.push_back(row_list(request, values, problems, "pair", "pairs"));
      extras.push_back(
          part(request, values, problems, "distractors", "exercises_forms_distractors", 3));
      break;
    case QuestionType::ordering:
      lists.push_back(row_list(request, values, problems, "item", "items"));
      break;
    case QuestionType::description:
      break;
    case QuestionType::essay:
      extras.push_back(part(request, values, problems, "response_template",
                            "fidelity_forms_response_template", 4));
      extras.push_back(part(request, values, problems, "expected_words",
                            "fidelity_forms_expected_words", 0, true));
      extras.push_back(
          part(request, values, problems, "marking_guide", "fidelity_forms_marking_guide", 5));
      break;
  }
  data.set("lists", TemplateData(lists));
  data.set("extras", TemplateData(extras));
  data.set("has_checks", !checks.empty());
  data.set("checks", TemplateData(checks));
  data.set("checks_title", checks_title);

  TemplateList tail;
  tail.push_back(part(request, values, problems, "hints", "exercises_edit_hints", 3));
  tail.push_back(part(request, values, problems, "solution", "exercises_edit_solution", 4));
  tail.push_back(part(request, values, problems, "general_feedback", "exercises_edit_feedback", 2));
  data.set("tail", TemplateData(tail));
  data.set("skills_field", context.skills);
  const std::string prompt = value_of(values, "prompt");
  set_text_or_false(data, "preview_html",
                    prompt.empty() ? std::string() : catalog::markdown_to_html(prompt));
  return render_editor_page(request, context.heading, "exercises/templates/question_form",
                            std::move(data), status,
                            page_message(request, "exercises_forms_bank_title"),
                            "/edit/questions?country=" + context.country);
}

// The exercise set named by ?set= when the editor may compose it in `country`; nullopt with
// nothing named; a 404 when named but absent, of another country or not an exercise set.
struct SetParam {
  std::string id;
  bool absent = false;
};

SetParam set_param(QuestionStore& store, const Request& request, const std::string& country) {
  SetParam out;
  out.id = request.query_param("set").value_or("");
  if (out.id.empty()) {
    return out;
  }
  const auto set_country =
      core::is_valid_id(out.id) ? store.exercise_set_country(out.id) : std::nullopt;
  out.absent = !set_country || *set_country != country;
  return out;
}

std::string with_set(std::string url, const std::string& set_id) {
  if (!set_id.empty()) {
    url += (url.find('?') == std::string::npos ? "?set=" : "&set=") + set_id;
  }
  return url;
}

Response new_question(QuestionStore& store, accounts::Accounts& accounts, Request& request,
                      bool post) {
  const std::string country = upper_code(request.query_param("country").value_or(""));
  if (!valid_country_code(country)) {
    return web::error_page(request, 400, page_message(request, "exercises_forms_error_country"));
  }
  auto editor = authorize_page(accounts, request, country, false);
  if (editor.refusal) {
    return *editor.refusal;
  }
  const SetParam set = set_param(store, request, country);
  if (set.absent) {
    return web::error_page(request, 404, page_message(request, "exercises_forms_error_no_set"));
  }
  FormContext context{
      .heading = page_message(request, "exercises_forms_new_title"),
      .action = with_set("/edit/questions/new?country=" + country, set.id),
      .country = country,
      .set_id = set.id,
      .question_id = {},
      .status = {},
      .notice = {},
      .skills = skills_field(store, request, country, {},
                             posted_skills(request).value_or(std::vector<std::string>{}), {})};
  if (!post) {
    Question blank;
    if (const auto type = parse_type(request.query_param("type").value_or(""))) {
      blank.type = *type;
    }
    return form_page(request, *editor.who, context, form_values(blank), {}, 200);
  }
  FormValues values = posted_values(request);
  if (value_of(values, "action") == "change_type") {
    return form_page(request, *editor.who, context, values, {}, 200);
  }
  ParsedQuestionForm parsed = parse_question_form(values);
  if (parsed.ok()) {
    try {
      store.create(country, parsed.question, editor.who->user.id, "form");
      if (const auto skills = posted_skills(request)) {
        save_posted_skills(store, country, parsed.question.id, *skills, editor.who->user.id);
      }
    } catch (const InvalidInput& error) {
      parsed.problems.push_back({"form", "exercises_forms_error_invalid", error.what()});
    }
  }
  if (!parsed.ok()) {
    return form_page(request, *editor.who, context, values, parsed.problems, 400);
  }
  if (set.id.empty()) {
    return Response::redirect("/edit/questions/" + parsed.question.id + "?saved=1", 303);
  }
  std::vector<std::string> ids;
  for (const auto& question : store.questions_of_set(set.id)) {
    ids.push_back(question.id);
  }
  ids.push_back(parsed.question.id);
  const auto appended = store.set_questions(set.id, ids);
  if (!appended) {
    return web::error_page(request, 400, appended.error());
  }
  return Response::redirect("/edit/resources/" + set.id + "/questions?added=1", 303);
}

Response edit_question(QuestionStore& store, accounts::Accounts& accounts, Request& request,
                       bool post) {
  const std::string id = request.path_param("id").value_or("");
  const auto stored = core::is_valid_id(id) ? store.find(id) : std::nullopt;
  auto editor = authorize_page(accounts, request, stored ? stored->country_code : "", true);
  if (editor.refusal) {
    return *editor.refusal;
  }
  if (!stored) {
    return web::error_page(request, 404,
                           page_message(request, "exercises_forms_error_no_question"));
  }
  const SetParam set = set_param(store, request, stored->country_code);
  FormContext context{.heading = page_message(request, "exercises_edit_title"),
                      .action = with_set("/edit/questions/" + id, set.absent ? "" : set.id),
                      .country = stored->country_code,
                      .set_id = set.absent ? "" : set.id,
                      .question_id = id,
                      .status = stored->status,
                      .notice = {},
                      .skills = skills_field(store, request, stored->country_code, id,
                                             posted_skills(request).value_or(stored->skills),
                                             stored->question.category)};
  if (!post) {
    if (request.query_param("saved")) {
      context.notice = page_message(request, "exercises_edit_saved");
    }
    return form_page(request, *editor.who, context, form_values(stored->question), {}, 200);
  }
  FormValues values = posted_values(request);
  if (value_of(values, "action") == "change_type") {
    return form_page(request, *editor.who, context, values, {}, 200);
  }
  ParsedQuestionForm parsed = parse_question_form(values);
  if (parsed.ok()) {
    parsed.question.id = id;
    parsed.question.media = stored->question.media;
    try {
      store.update(id, parsed.question);
      if (const auto skills = posted_skills(request)) {
        save_posted_skills(store, stored->country_code, id, *skills, editor.who->user.id);
      }
    } catch (const InvalidInput& error) {
      parsed.problems.push_back({"form", "exercises_forms_error_invalid", error.what()});
    }
  }
  if (!parsed.ok()) {
    return form_page(request, *editor.who, context, values, parsed.problems, 400);
  }
  return Response::redirect(with_set("/edit/questions/" + id + "?saved=1", context.set_id), 303);
}

}  // namespace

void register_question_pages(http::Router& router, QuestionStore& store,
                             accounts::Accounts& accounts) {
  const http::RouteOptions edit{
      .access = std::string(kPagesEditAccess), .blocking = true, .max_body_bytes = 256 * 1024};
  router.get(
      "/edit/questions",
      [&store, &accounts](Request& request) { return bank_page(store, accounts, request); }, edit);
  router.get(
      "/edit/questions/new",
      [&store, &accounts](Request& request) {
        return new_question(store, accounts, request, false);
      },
      edit);
  router.post(
      "/edit/questions/new",
      [&store, &accounts](Request& request) {
        return new_question(store, accounts, request, true);
      },
      edit);
  router.get(
      "/edit/questions/{id}",
      [&store, &accounts](Request& request) {
        return edit_question(store, accounts, request, false);
      },
      edit);
  router.post(
      "/edit/questions/{id}",
      [&store, &accounts](Request& request) {
        return edit_question(store, accounts, request, true);
      },
      edit);
  register_question_skill_pages(router, store, accounts);
}

}  // namespace imaginecole::exercises
