// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/roster_routes.hpp"

#include <boost/json.hpp>

#include <memory>

#include "accounts/csrf.hpp"
#include "classroom/roster_import.hpp"
#include "classroom/route_parts.hpp"
#include "classroom/text_encoding.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "http/multipart.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/one_time_stash.hpp"
#include "web/page.hpp"

namespace imaginecole::classroom {
namespace {

using http::Request;
using http::Response;

constexpr std::string_view kAccess = "pupils.manage";
constexpr std::size_t kMaxUpload = 2 * 1024 * 1024;

struct Target {
  accounts::Caller who;
  accounts::SchoolClass school_class;
  accounts::School school;
  std::optional<Response> refusal;
};

// Signed in, holding pupils.manage at the class's scope; "no such class" otherwise, the same
// whether the class is absent or someone else's.
Target authorize(accounts::Accounts& accounts, const Request& request) {
  Target out;
  accounts::AccessCheck check = accounts.authenticator().check(request, kAccess);
  if (!check.allowed()) {
    out.refusal = web::error_page(request, check.status, check.message);
    return out;
  }
  const std::string id = request.path_param("id").value_or("");
  const auto school_class =
      core::is_valid_id(id) ? accounts.schools().class_by_id(id) : std::nullopt;
  const auto school =
      school_class ? accounts.schools().school_by_id(school_class->school_id) : std::nullopt;
  if (!school_class || !school ||
      !accounts::is_allowed(check.signed_in->principal(), accounts::Permission::pupils_manage,
                            accounts::ScopePath{.country_code = school->country_code,
                                                .school_id = school->id,
                                                .class_id = school_class->id})) {
    out.refusal = web::error_page(request, 404, "No such class.");
    return out;
  }
  out.who = std::move(check.signed_in);
  out.school_class = *school_class;
  out.school = *school;
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// An error in the reader's language when the catalogue has its kind, else the English text.
std::string issue_text(const web::Catalogue& messages, std::string_view code,
                       std::string_view detail, const std::string& english) {
  const std::string key = "roster_error_" + std::string(code);
  std::string text(messages.get(key));
  if (text.empty() || text == key) {
    return english;
  }
  replace_all(text, "{detail}", detail);
  return text;
}

struct PageInput {
  std::string csv;  // UTF-8 once decoded
  std::string file_name;
  bool remove_absent = false;
  std::string message;
  // How the teacher's file was read, carried from the preview to the confirmation.
  std::optional<TextEncoding> encoding;
};

std::optional<TextEncoding> encoding_named(std::string_view name) {
  for (const auto encoding :
       {TextEncoding::utf8, TextEncoding::utf8_bom, TextEncoding::windows_1252}) {
    if (encoding_name(encoding) == name) {
      return encoding;
    }
  }
  return std::nullopt;
}

std::string separator_key(char separator) {
  switch (separator) {
    case ';':
      return "people_separator_semicolon";
    case '\t':
      return "people_separator_tab";
    default:
      return "people_separator_comma";
  }
}

std::string encoding_key(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8_bom:
      return "people_encoding_utf8_bom";
    case TextEncoding::windows_1252:
      return "people_encoding_windows_1252";
    case TextEncoding::utf8:
      break;
  }
  return "people_encoding_utf8";
}

// "Encodage : Windows-1252 (Excel) ; séparateur : point-virgule"
std::string read_as_text(const web::Catalogue& messages, TextEncoding encoding, char separator) {
  std::string text(messages.get("people_read_as"));
  replace_all(text, "{encoding}", messages.get(encoding_key(encoding)));
  replace_all(text, "{separator}", messages.get(separator_key(separator)));
  return text;
}

web::TemplateList notice_items(const RosterPlan& plan, const web::Catalogue& messages) {
  web::TemplateList items;
  for (const auto& notice : plan.notices) {
    web::TemplateData item;
    std::string text(messages.get("people_notice_" + notice.code));
    if (text.empty() || text == "people_notice_" + notice.code) {
      text = notice.message;
    }
    replace_all(text, "{row}", std::to_string(notice.row));
    replace_all(text, "{detail}", notice.detail);
    item.set("text", text);
    items.push_back(std::move(item));
  }
  return items;
}

web::Page base_page(const Target& target, const web::Catalogue& messages, std::string title_key,
                    std::string template_name) {
  web::Page page;
  page.title = std::string(messages.get(title_key)) + " · " + target.school_class.name;
  page.template_name = std::move(template_name);
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                      {target.school_class.name, "/classes/" + target.school_class.id},
                      {std::string(messages.get("roster_import_title")), ""}};
  page.data.set("class_name", target.school_class.name);
  page.data.set("school_name", target.school.name);
  page.data.set("school_code", target.school.code);
  page.data.set("class_url", "/classes/" + target.school_class.id);
  page.data.set("import_url", "/classes/" + target.school_class.id + "/import");
  page.data.set("cards_url", "/classes/" + target.school_class.id + "/cards");
  page.data.set("csrf", accounts::csrf_token_for(target.who->session));
  page.data.set("classroom_css_url", classroom_css_url());
  return page;
}

Response form_page(const Request& request, const Target& target, const PageInput& input,
                   int status) {
  const web::Catalogue& messages =
      web::Messages::instance().catalogue(web::choose_language(request));
  web::Page page =
      base_page(target, messages, "roster_import_title", "classroom/templates/roster_import");
  page.data.set("csv", input.csv);
  page.data.set("remove_absent", input.remove_absent);
  if (!input.message.empty()) {
    page.data.set("message", input.message);
  }
  page.status = status;
  return no_store(web::render_page(request, page));
}

web::TemplateList plan_rows(const Request& request, const RosterPlan& plan,
                            const web::Catalogue& messages, bool with_codes) {
  web::TemplateList rows;
  for (const auto& row : plan.rows) {
    web::TemplateData item;
    item.set("row", row.row == 0 ? std::string("—") : std::to_string(row.row));
    item.set("action", std::string(row_action_name(row.action)));
    item.set("action_label", std::string(messages.get("roster_action_" +
                                                      std::string(row_action_name(row.action)))));
    item.set("username", row.key);
    item.set("name", row.name);
    std::string changes;
    for (const auto& change : row.changes) {
      changes +=
          (changes.empty() ? "" : ", ") + std::string(messages.get("roster_change_" + change));
    }
    item.set("changes", changes);
    if (row.action == RowAction::error) {
      std::string code;
      std::string detail;
      for (const auto& issue : plan.errors) {
        if (issue.row == row.row && issue.message == row.message) {
          code = issue.code;
          detail = issue.detail;
          break;
        }
      }
      const std::string text = issue_text(messages, code, detail, row.message);
      item.set("error", text);
      if (text != row.message) {
        item.set("error_en", row.message);
      }
    }
    if (with_codes && !row.picture_code.empty()) {
      // The pictures themselves, as on the printed card: a child cannot read "3-7-1".
      item.set("pictures", web::TemplateData(code_pictures(request, row.picture_code)));
      item.set("has_row_pictures", true);
      item.set("picture_code", row.picture_code);
    }
    rows.push_back(std::move(item));
  }
  return rows;
}

void set_counts(web::Page& page, const RosterPlan& plan) {
  page.data.set("created", std::to_string(plan.count(RowAction::create)));
  page.data.set("updated", std::to_string(plan.count(RowAction::update)));
  page.data.set("unchanged", std::to_string(plan.count(RowAction::unchanged)));
  page.data.set("removed", std::to_string(plan.count(RowAction::remove)));
  page.data.set("errors", std::to_string(plan.errors.size()));
  page.data.set("has_errors", !plan.ok());
}

Response plan_page(const Request& request, const Target& target, const PageInput& input,
                   const RosterPlan& plan) {
  const web::Catalogue& messages =
      web::Messages::instance().catalogue(web::choose_language(request));
  const bool result = plan.applied;
  const bool with_pictures = result;
  web::Page page = base_page(
      target, messages, result ? "roster_result_title" : "roster_preview_title",
      result ? "classroom/templates/roster_result" : "classroom/templates/roster_preview");
  set_counts(page, plan);
  page.data.set("rows", web::TemplateData(plan_rows(request, plan, messages, with_pictures)));
  if (plan.encoding) {
    page.data.set("read_as",
                  read_as_text(messages, input.encoding.value_or(*plan.encoding), plan.separator));
    page.data.set("encoding", std::string(encoding_name(input.encoding.value_or(*plan.encoding))));
  }
  const web::TemplateList notices = notice_items(plan, messages);
  page.data.set("has_notices", !notices.empty());
  page.data.set("notices", web::TemplateData(notices));
  page.data.set("csv", input.csv);
  page.data.set("file_name", input.file_name);
  page.data.set("remove_absent", input.remove_absent);
  page.data.set("can_confirm", plan.ok() && !result);
  bool codes = false;
  for (const auto& row : plan.rows) {
    codes = codes || !row.picture_code.empty();
  }
  page.data.set("has_codes", codes);
  page.status = plan.ok() ? 200 : 422;
  return no_store(web::render_page(request, page));
}

Response import_page(accounts::Accounts& accounts, Request& request) {
  Target target = authorize(accounts, request);
  if (target.refusal) {
    return *target.refusal;
  }
  return form_page(request, target, PageInput{}, 200);
}

// An applied import's summary (with the new pupils' picture codes) between the POST and the
// page its redirect leads to, once (Post/Redirect/Get, web/one_time_stash.hpp).
struct AppliedImport {
  PageInput input;  // without the CSV: the summary does not show it
  RosterPlan plan;
};
using AppliedImports = web::OneTimeStash<AppliedImport>;

// The summary, once; reloaded later: the class, whose list shows the result.
Response import_result(accounts::Accounts& accounts, AppliedImports& applied, Request& request) {
  Target target = authorize(accounts, request);
  if (target.refusal) {
    return *target.refusal;
  }
  auto result = applied.take(target.who->session.id, target.school_class.id);
  if (!result) {
    return no_store(Response::redirect("/classes/" + target.school_class.id, 303));
  }
  return plan_page(request, target, result->input, result->plan);
}

Response import_post(accounts::Accounts& accounts, const std::string& node_id,
                     AppliedImports& applied, Request& request) {
  Target target = authorize(accounts, request);
  if (target.refusal) {
    return *target.refusal;
  }
  const web::Catalogue& messages =
      web::Messages::instance().catalogue(web::choose_language(request));
  std::vector<std::pair<std::string, std::string>> form;
  PageInput input;
  const auto content_type = request.header("content-type").value_or("");
  if (http::multipart_boundary(content_type)) {
    std::vector<http::FormPart> parts;
    try {
      parts = http::parse_multipart_form(request);
    } catch (const InvalidInput& error) {
      return web::error_page(request, 400, error.what());
    }
    for (const auto& part : parts) {
      if (part.name == "file" && !part.filename.empty()) {
        if (!part.body.empty()) {
          input.csv = part.body;
          input.file_name = part.filename;
        }
      } else {
        form.emplace_back(part.name, part.body);
      }
    }
  } else {
    form = http::parse_form(request.body);
  }
  if (input.csv.empty()) {
    input.csv = form_value(form, "csv");
    input.file_name = form_value(form, "file_name");
  }
  if (input.file_name.empty()) {
    input.file_name = std::string(messages.get("roster_pasted_file"));
  }
  input.remove_absent = form_value(form, "remove_absent") == "1";
  if (input.csv.empty()) {
    input.message = std::string(messages.get("roster_nothing"));
    return form_page(request, target, input, 400);
  }
  // The file as UTF-8 from here on, so the confirmation form carries it intact; how it was
  // read comes back with the form. A file that cannot be decoded goes on as it is: the
  // importer refuses it with its reason.
  input.encoding = encoding_named(form_value(form, "encoding"));
  if (DecodeResult decoded = decode_text(input.csv, AcceptedEncodings::utf8_or_windows_1252);
      decoded.decoded) {
    if (!input.encoding) {
      input.encoding = decoded.decoded->encoding;
    }
    input.csv = std::move(decoded.decoded->text);
  }
  RosterImporter importer(accounts, node_id);
  const bool confirm = form_value(form, "step") == "confirm";
  const RosterPlan plan =
      importer.import_class_list(ClassListImport{.csv = input.csv,
                                                 .file_name = input.file_name,
                                                 .class_id = target.school_class.id,
                                                 .remove_absent = input.remove_absent,
                                                 .actor_id = target.who->user.id,
                                                 .remote_address = request.remote_address},
                                 confirm);
  if (plan.applied) {
    // Reloading the summary must not import again: 303 to a page that shows it once.
    input.csv.clear();
    applied.put(target.who->session.id, target.school_class.id,
                AppliedImport{.input = std::move(input), .plan = plan});
    return no_store(web::with_flash(
        Response::redirect("/classes/" + target.school_class.id + "/import/result", 303), request,
        web::Flash::imported));
  }
  return plan_page(request, target, input, plan);
}

Response roster_api(accounts::Accounts& accounts, const std::string& node_id, Request& request) {
  Target target = authorize(accounts, request);
  if (target.refusal) {
    return *target.refusal;
  }
  RosterImporter importer(accounts, node_id);
  const bool dry_run = request.query_param("dry_run").value_or("0") == "1";
  const RosterPlan plan = importer.import_class_list(
      ClassListImport{.csv = request.body,
                      .file_name = request.query_param("file_name").value_or("roster.csv"),
                      .class_id = target.school_class.id,
                      .remove_absent = request.query_param("remove_absent").value_or("0") == "1",
                      .actor_id = target.who->user.id,
                      .remote_address = request.remote_address},
      !dry_run);
  Response response =
      Response::json(boost::json::serialize(plan_json(plan)), plan.ok() ? 200 : 422);
  return no_store(std::move(response));
}

}  // namespace

void register_roster_routes(http::Router& router, accounts::Accounts& accounts,
                            const std::string& node_id) {
  const http::RouteOptions page{.access = std::string(kAccess), .blocking = true};
  // ?file_name= is often the class list's name, or a teacher's: kept out of the access log.
  const http::RouteOptions upload{.access = std::string(kAccess),
                                  .blocking = true,
                                  .max_body_bytes = kMaxUpload,
                                  .log_query = false};
  router.get(
      "/classes/{id}/import",
      [&accounts](Request& request) { return import_page(accounts, request); }, page);
  // Shared by the handlers, which outlive this call. Few entries: a summary may be large.
  auto applied = std::make_shared<AppliedImports>(std::chrono::minutes(10), 200);
  router.post(
      "/classes/{id}/import",
      [&accounts, node_id, applied](Request& request) {
        return import_post(accounts, node_id, *applied, request);
      },
      upload);
  router.get(
      "/classes/{id}/import/result",
      [&accounts, applied](Request& request) { return import_result(accounts, *applied, request); },
      page);
  router.post(
      "/api/v1/classes/{id}/roster",
      [&accounts, node_id](Request& request) { return roster_api(accounts, node_id, request); },
      upload);
}

}  // namespace imaginecole::classroom
