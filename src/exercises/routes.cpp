// SPDX-License-Identifier: AGPL-3.0-or-later
// Routes of the question bank:
//  - /api/v1/questions[/{id}], /api/v1/resources/{id}/questions: a country's editors
//    (content.edit at the country's scope); a question of another country answers 404 like an
//    absent one;
//  - /edit/questions/import: upload a GIFT / Moodle XML / QTI file, see the per-question report;
//  - /edit/questions[/new|/{id}], /edit/resources/{id}/questions: the editors' pages
//    (pages.hpp: a form per question type, the bank, the composition of a set);
//  (the pupil's player at /r/{id}/exercise is learning/player_routes.hpp: it records attempts).
#include "exercises/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "accounts/accounts.hpp"
#include "accounts/csrf.hpp"
#include "catalog/markdown.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/pages.hpp"
#include "exercises/question_store.hpp"
#include "http/multipart.hpp"
#include "web/content_language.hpp"
#include "web/flash.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/one_time_stash.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

constexpr std::string_view kEditAccess = "content.edit";

Response no_store_json(const json::value& value, int status = 200) {
  Response response = Response::json(json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

bool valid_country(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// --- who may edit ---------------------------------------------------------------------------

struct Editor {
  accounts::Caller who;
  std::optional<Response> refusal;
};

// Signed in with content.edit somewhere (401/403 otherwise); then, for `country`, holding it
// there. `hide_as_404` answers "absent" rather than "refused" so that ids of other countries
// stay unconfirmed.
Editor authorize(accounts::Accounts& accounts, const Request& request, std::string_view country,
                 bool hide_as_404) {
  Editor out;
  accounts::AccessCheck check = accounts.authenticator().check(request, kEditAccess);
  if (!check.allowed()) {
    out.refusal = web::error_page(request, check.status, check.message);
    return out;
  }
  const accounts::ScopePath scope{.country_code = std::string(country)};
  if (!accounts::is_allowed(check.signed_in->principal(), accounts::Permission::content_edit,
                            scope)) {
    out.refusal = hide_as_404
                      ? web::error_page(request, 404, "No such question.")
                      : web::error_page(request, 403, "You may not edit this country's questions.");
    return out;
  }
  out.who = std::move(check.signed_in);
  return out;
}

json::value stored_json(const StoredQuestion& stored) {
  json::value question = json::parse(question_to_json(stored.question));
  json::object& object = question.as_object();
  object["country"] = stored.country_code;
  object["status"] = stored.status;
  object["source"] = stored.source;
  object["updated_at"] = stored.updated_at;
  object["row_version"] = stored.row_version;
  json::array skills;
  for (const auto& skill : stored.skills) {
    skills.emplace_back(skill);
  }
  object["skills"] = std::move(skills);
  return question;
}

// --- API ------------------------------------------------------------------------------------

Response list_questions(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  const std::string country = upper(request.query_param("country").value_or(""));
  if (!valid_country(country)) {
    return web::error_page(request, 400, "country must be a country code (SN).");
  }
  auto editor = authorize(accounts, request, country, false);
  if (editor.refusal) {
    return *editor.refusal;
  }
  QuestionFilter filter{.country = country};
  filter.search = request.query_param("q").value_or("").substr(0, 200);
  if (const auto type = request.query_param("type"); type && !type->empty()) {
    filter.type = parse_type(*type);
    if (!filter.type) {
      return web::error_page(request, 400, "type is not a question type.");
    }
  }
  if (const auto category = request.query_param("category")) {
    filter.category = category->substr(0, 200);
  }
  if (const auto offset = request.query_param("offset")) {
    filter.offset = std::clamp(std::atoi(offset->c_str()), 0, 1000000);
  }
  json::array items;
  for (const auto& stored : store.list(filter)) {
    items.push_back(stored_json(stored));
  }
  return no_store_json(json::object{
      {"questions", std::move(items)}, {"offset", filter.offset}, {"limit", filter.limit}});
}

Response create_question(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object() || !body.as_object().if_contains("country") ||
      !body.as_object().at("country").is_string()) {
    return web::error_page(request, 400, "The body must be a question with \"country\".");
  }
  const std::string country = upper(std::string(body.as_object().at("country").as_string()));
  auto editor = authorize(accounts, request, country, false);
  if (editor.refusal) {
    return *editor.refusal;
  }
  try {
    Question question = question_from_json(request.body);
    question.id.clear();
    store.create(country, question, editor.who->user.id, "api");
    return no_store_json(stored_json(*store.find(question.id)), 201);
  } catch (const InvalidInput& error) {
    return web::error_page(request, 400, error.what());
  }
}

std::optional<StoredQuestion> find_question(QuestionStore& store, const Request& request) {
  const std::string id = request.path_param("id").value_or("");
  if (!core::is_valid_id(id)) {
    return std::nullopt;
  }
  return store.find(id);
}

Response get_question(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  const auto stored = find_question(store, request);
  auto editor = authorize(accounts, request, stored ? stored->country_code : "", true);
  if (editor.refusal) {
    return *editor.refusal;
  }
  if (!stored) {
    return web::error_page(request, 404, "No such question.");
  }
  return no_store_json(stored_json(*stored));
}

Response put_question(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  const auto stored = find_question(store, request);
  auto editor = authorize(accounts, request, stored ? stored->country_code : "", true);
  if (editor.refusal) {
    return *editor.refusal;
  }
  if (!stored) {
    return web::error_page(request, 404, "No such question.");
  }
  try {
    store.update(stored->question.id, question_from_json(request.body));
  } catch (const InvalidInput& error) {
    return web::error_page(request, 400, error.what());
  }
  return no_store_json(stored_json(*store.find(stored->question.id)));
}

Response put_set(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
  const std::string id = request.path_param("id").value_or("");
  const auto country = core::is_valid_id(id) ? store.exercise_set_country(id) : std::nullopt;
  auto editor = authorize(accounts, request, country.value_or(""), true);
  if (editor.refusal) {
    return *editor.refusal;
  }
  if (!country) {
    return web::error_page(request, 404, "No such exercise set.");
  }
  json::error_code ec;
  const json::value body = json::parse(request.body, ec);
  const json::value* ids =
      ec || !body.is_object() ? nullptr : body.as_object().if_contains("question_ids");
  if (ids == nullptr || !ids->is_array() || ids->as_array().size() > 200) {
    return web::error_page(request, 400,
                           "The body must be {\"question_ids\": [ids...]} (200 at most).");
  }
  std::vector<std::string> list;
  for (const auto& value : ids->as_array()) {
    if (!value.is_string() || !core::is_valid_id(value.as_string())) {
      return web::error_page(request, 400, "question_ids must be question ids.");
    }
    list.emplace_back(value.as_string());
  }
  const auto result = store.set_questions(id, list);
  if (!result) {
    return web::error_page(request, 400, result.error());
  }
  return no_store_json(json::parse(questions_to_json(store.questions_of_set(id))));
}

// --- editor pages ---------------------------------------------------------------------------

Response render(const Request& request, const std::string& title, const std::string& name,
                TemplateData data, int status = 200) {
  web::Page page;
  page.title = title;
  page.template_name = name;
  page.data = std::move(data);
  page.status = status;
  page.breadcrumbs = {
      {std::string(
           web::Messages::instance().catalogue(web::choose_language(request)).get("home_title")),
       "/"},
      {title, ""}};
  Response response = web::render_page(request, page);
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string message(const Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

Response import_page(accounts::Accounts& accounts, Request& request) {
  accounts::AccessCheck check = accounts.authenticator().check(request, kEditAccess);
  if (!check.allowed()) {
    return web::error_page(request, check.status, check.message);
  }
  TemplateData data;
  data.set("csrf", accounts::csrf_token_for(check.signed_in->session));
  data.set("country", upper(request.query_param("country").value_or("")));
  return render(request, message(request, "exercises_import_title"), "exercises/templates/import",
                std::move(data));
}

// An import's report between the POST and the page its redirect leads to, once
// (Post/Redirect/Get): reloading the report must not import the bank again.
using ImportReports = web::OneTimeStash<TemplateData>;
constexpr std::string_view kReportPlace = "questions-import";

Response import_report(ImportReports& reports, accounts::Accounts& accounts, Request& request) {
  accounts::AccessCheck check = accounts.authenticator().check(request, kEditAccess);
  if (!check.allowed()) {
    return web::error_page(request, check.status, check.message);
  }
  auto report = reports.take(check.signed_in->session.id, std::string(kReportPlace));
  if (!report) {
    Response response = Response::redirect("/edit/questions/import", 303);
    response.set_header("Cache-Control", "no-store");
    return response;
  }
  report->set("csrf", accounts::csrf_token_for(check.signed_in->session));
  return render(request, message(request, "exercises_import_title"), "exercises/templates/import",
                std::move(*report));
}

Response import_post(QuestionStore& store, ImportReports& reports, accounts::Accounts& accounts,
                     const ImportMedia& import_media, Request& request) {
  accounts::AccessCheck check = accounts.authenticator().check(request, kEditAccess);
  if (!check.allowed()) {
    return web::error_page(request, check.status, check.message);
  }
  // A file comes as multipart; pasted text alone may come as a plain form.
  std::vector<http::FormPart> parts;
  const auto content_type = request.header("content-type").value_or("");
  if (!http::multipart_boundary(content_type) &&
      content_type.starts_with("application/x-www-form-urlencoded")) {
    for (auto& [name, value] : http::parse_form(request.body)) {
      parts.push_back(http::FormPart{
          .name = name, .filename = {}, .content_type = {}, .body = std::move(value)});
    }
  } else {
    try {
      parts = http::parse_multipart_form(request);
    } catch (const InvalidInput& error) {
      return web::error_page(request, 400, error.what());
    }
  }
  const auto field = [&](std::string_view name) {
    const http::FormPart* part = http::find_part(parts, name);
    return part == nullptr ? std::string() : part->body;
  };
  const std::string country = upper(field("country"));
  TemplateData data;
  data.set("csrf", accounts::csrf_token_for(check.signed_in->session));
  data.set("country", country);
  const auto fail = [&](const std::string& error, int status = 400) {
    data.set("error", error);
    return render(request, message(request, "exercises_import_title"), "exercises/templates/import",
                  data, status);
  };
  if (!valid_country(country)) {
    return fail(message(request, "exercises_import_bad_country"));
  }
  if (!accounts::is_allowed(check.signed_in->principal(), accounts::Permission::content_edit,
                            accounts::ScopePath{.country_code = country})) {
    return web::error_page(request, 403, message(request, "exercises_import_bad_country"));
  }
  const auto format = parse_bank_format(field("format"));
  const http::FormPart* file = http::find_part(parts, "file");
  std::string text = file == nullptr ? std::string() : file->body;
  if (text.empty()) {
    text = field("text");
  }
  if (!format) {
    return fail(message(request, "exercises_import_bad_format"));
  }
  ParsedBank bank;
  try {
    bank =
        read_bank(text, *format,
                  import_media ? import_media(country, check.signed_in->user.id) : ImportOptions{});
  } catch (const ImportTooLarge& error) {
    return fail(error.what(), 413);  // over the import's budget: nothing was imported
  } catch (const InvalidInput& error) {
    return fail(error.what());
  }
  const std::string file_name =
      file != nullptr && !file->filename.empty() ? file->filename : "form";
  store.import_bank(country, bank, check.signed_in->user.id, field("format") + ":" + file_name);
  TemplateList rows;
  for (const auto& entry : bank.entries) {
    TemplateData row;
    row.set("index", std::to_string(entry.index));
    row.set("name", entry.name);
    row.set("imported", entry.question.has_value());
    if (entry.question) {
      row.set("type",
              message(request, "exercises_type_" + std::string(type_name(entry.question->type))));
      row.set("url", "/edit/questions/" + entry.question->id);
    }
    std::string notes;
    for (const auto& note : entry.notes) {
      notes += (notes.empty() ? "" : "; ") + note;
    }
    for (const auto& warning : entry.warnings) {
      notes += (notes.empty() ? "⚠ " : "; ⚠ ") + warning;
    }
    row.set("notes", notes);
    row.set("reason", entry.reason);
    rows.push_back(std::move(row));
  }
  data.set("report", true);
  data.set("rows", TemplateData(rows));
  const web::Catalogue& words = web::Messages::instance().catalogue(web::choose_language(request));
  data.set("imported_count", web::plural(words, "lang_import_imported", bank.imported()));
  data.set("skipped_count",
           web::plural(words, "lang_import_skipped",
                       static_cast<std::int64_t>(bank.entries.size()) - bank.imported()));
  reports.put(check.signed_in->session.id, std::string(kReportPlace), std::move(data));
  Response response = web::with_flash(Response::redirect("/edit/questions/import/report", 303),
                                      request, web::Flash::imported);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_exercise_routes(http::Router& router, QuestionStore& store,
                              accounts::Accounts& accounts, ImportMedia import_media) {
  const http::RouteOptions edit{
      .access = std::string(kEditAccess), .blocking = true, .max_body_bytes = 256 * 1024};
  const http::RouteOptions upload{
      .access = std::string(kEditAccess), .blocking = true, .max_body_bytes = 8 * 1024 * 1024};
  router.get(
      "/api/v1/questions",
      [&store, &accounts](Request& request) { return list_questions(store, accounts, request); },
      edit);
  router.post(
      "/api/v1/questions",
      [&store, &accounts](Request& request) { return create_question(store, accounts, request); },
      edit);
  router.get(
      "/api/v1/questions/{id}",
      [&store, &accounts](Request& request) { return get_question(store, accounts, request); },
      edit);
  router.add(
      http::Method::put, "/api/v1/questions/{id}",
      [&store, &accounts](Request& request) { return put_question(store, accounts, request); },
      edit);
  router.add(
      http::Method::put, "/api/v1/resources/{id}/questions",
      [&store, &accounts](Request& request) { return put_set(store, accounts, request); }, edit);
  router.get(
      "/edit/questions/import",
      [&accounts](Request& request) { return import_page(accounts, request); }, edit);
  // Shared by the handlers, which outlive this call. Few entries: a report may be large.
  auto reports = std::make_shared<ImportReports>(std::chrono::minutes(10), 200);
  router.post(
      "/edit/questions/import",
      [&store, &accounts, import_media, reports](Request& request) {
        return import_post(store, *reports, accounts, import_media, request);
      },
      upload);
  router.get(
      "/edit/questions/import/report",
      [&accounts, reports](Request& request) { return import_report(*reports, accounts, request); },
      edit);
  // The question form, the bank list and the composition of a set (pages.hpp).
  register_question_pages(router, store, accounts);
  register_set_pages(router, store, accounts);
}

}  // namespace imaginecole::exercises
