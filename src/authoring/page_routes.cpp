// SPDX-License-Identifier: AGPL-3.0-or-later
// The editor pages: plain HTML forms that work on a phone without JavaScript. Every form
// carries the CSRF field; a refused save comes back with the editor's text intact and the
// messages next to their fields; the preview is rendered by the server from the posted text
// (nothing is saved).
#include "accounts/accounts.hpp"
#include "accounts/csrf.hpp"
#include "authoring/diff.hpp"
#include "authoring/route_support.hpp"
#include "authoring/routes.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "catalog/resource.hpp"
#include "catalog/route_helpers.hpp"
#include "core/ids.hpp"
#include "web/confirm_page.hpp"
#include "web/content_language.hpp"
#include "web/flash.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::authoring {

void register_authoring_api(http::Router& router, AuthoringService& service,
                            accounts::Accounts& accounts);
void register_image_insert_route(http::Router& router, AuthoringService& service,
                                 accounts::Accounts& accounts);

namespace {

using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

constexpr std::string_view kLicences[] = {"CC-BY-4.0",     "CC-BY-SA-4.0",
                                          "CC-BY-NC-4.0",  "CC-BY-NC-SA-4.0",
                                          "public-domain", "all-rights-reserved"};

struct PageContext {
  const Request& request;
  const std::string& lang;
  const web::Catalogue& messages;
  std::string t(std::string_view key) const { return std::string(messages.get(key)); }
};

// The Markdown problems of a text, in the reader's language.
TemplateList problem_list(const web::Catalogue& messages,
                          const std::vector<catalog::MarkdownProblem>& problems) {
  TemplateList out;
  for (const auto& problem : problems) {
    TemplateData item;
    item.set("text",
             messages.with_detail(catalog::problem_message_key(problem.kind), problem.detail));
    out.push_back(std::move(item));
  }
  return out;
}

PageContext context_of(const Request& request) {
  const std::string& lang = web::choose_language(request);
  return PageContext{request, lang, web::Messages::instance().catalogue(lang)};
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response render(const Request& request, web::Page& page) {
  return no_store(web::render_page(request, page));
}

Response redirect(std::string location) {
  return no_store(Response::redirect(std::move(location), 303));
}

std::string state_label(const PageContext& c, State state) {
  return c.t("authoring_state_" + std::string(state_name(state)));
}

std::string user_name(accounts::Accounts& accounts, const PageContext& c, const std::string& id) {
  if (id == kImportAuthor) {
    return c.t("authoring_import_author");
  }
  if (const auto user = accounts.users().by_id(id)) {
    return user->display_name;
  }
  return id;
}

std::string country_name(catalog::CurriculumStore& curricula, const PageContext& c,
                         const std::string& code) {
  const auto names = catalog::country_names(curricula, c.lang);
  const auto it = names.find(code);
  return it != names.end() ? it->second : code;
}

// "Adapté de « … » (Sénégal), version 3, licence CC BY-SA 4.0".
std::string origin_line(catalog::CurriculumStore& curricula, const PageContext& c,
                        const Workflow& w) {
  if (!w.origin_resource_id) {
    return {};
  }
  return c.t("authoring_adapted_from") + " « " + w.origin_title.value_or("") + " » (" +
         country_name(curricula, c, w.origin_country.value_or("")) + "), " +
         c.t("authoring_version") + " " + std::to_string(w.origin_version.value_or(1)) + ", " +
         c.t("authoring_licence") + " " +
         catalog::licence_label(w.origin_licence.value_or(""), c.lang);
}

TemplateList summaries_list(const PageContext& c, const std::vector<WorkflowSummary>& items) {
  TemplateList out;
  for (const auto& item : items) {
    TemplateData row;
    row.set("title", item.title);
    row.set("url", "/edit/resources/" + item.resource_id);
    row.set("country", web::country_name(item.country_code, c.lang));
    row.set("state_label", state_label(c, item.state));
    row.set("version", std::to_string(item.current_version));
    row.set("updated_at", web::format_date(item.updated_at, c.lang));
    if (item.state == State::in_review) {
      row.set("review_url", "/edit/resources/" + item.resource_id + "/review");
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---- the form -----------------------------------------------------------------------------

struct FormState {
  std::string heading;
  std::string action_url;
  Content content;
  std::string comment;
  std::string base_version;
  std::string class_id;
  std::string country;                 // the country whose tree the node list shows
  std::vector<std::string> countries;  // new resource: the countries the actor may choose
  std::vector<FieldProblem> problems;
  std::string error;
  bool blocked = false;  // submitting or sharing was refused for the warnings shown
  bool preview = false;
  const Opened* opened = nullptr;
  std::string saved;
  bool shared = false;
};

TemplateList options_of(const std::vector<std::pair<std::string, std::string>>& choices,
                        const std::string& selected) {
  TemplateList out;
  for (const auto& [value, label] : choices) {
    TemplateData option;
    option.set("value", value);
    option.set("label", label);
    option.set("selected", value == selected);
    out.push_back(std::move(option));
  }
  return out;
}

// Levels and their subjects, the places a country's editor files a resource under.
TemplateList node_options(catalog::CurriculumStore& curricula, const PageContext& c,
                          const std::string& country, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> choices{{"", c.t("authoring_node_none")}};
  if (const auto curriculum = curricula.curriculum(country)) {
    for (const catalog::CurriculumNode* cycle : curriculum->cycles()) {
      for (const catalog::CurriculumNode* level : curriculum->children_of(cycle->id)) {
        const std::string level_name = web::localized(level->names, c.lang);
        choices.emplace_back(level->id, level_name);
        for (const catalog::CurriculumNode* subject : curriculum->children_of(level->id)) {
          choices.emplace_back(subject->id,
                               level_name + " · " + web::localized(subject->names, c.lang));
        }
      }
    }
  }
  return options_of(choices, selected);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

Response editor_page(accounts::Accounts& /*accounts*/, catalog::CurriculumStore& curricula,
                     const Request& request, const accounts::SignedIn& who, const FormState& f,
                     int status) {
  const PageContext c = context_of(request);
  web::Page page;
  page.status = status;
  page.title = f.heading;
  page.template_name = "authoring/templates/editor";
  page.scripts = {"editor.js"};
  page.breadcrumbs = {{c.t("home_title"), "/"}, {c.t("authoring_title"), "/edit"}, {f.heading, ""}};
  TemplateData& d = page.data;
  d.set("heading", f.heading);
  d.set("action_url", f.action_url);
  d.set("csrf", accounts::csrf_token_for(who.session));
  d.set("title", f.content.title);
  d.set("summary", f.content.summary);
  d.set("body", f.content.body);
  d.set("language", f.content.language);
  web::set_content_language(d, f.content.language);
  d.set("authors", join(f.content.authors));
  d.set("subjects", join(f.content.subject_slugs));
  d.set("exams", join(f.content.exam_codes));
  d.set("duration_minutes", f.content.duration_minutes && *f.content.duration_minutes >= 0
                                ? std::to_string(*f.content.duration_minutes)
                                : std::string());
  d.set("comment", f.comment);
  d.set("base_version", f.base_version);
  if (!f.class_id.empty()) {
    d.set("class_id", f.class_id);
  }
  std::vector<std::pair<std::string, std::string>> kinds;
  for (const auto kind : catalog::resource_kinds()) {
    kinds.emplace_back(std::string(kind), catalog::kind_label(kind, c.lang));
  }
  d.set("kinds", TemplateData(options_of(kinds, f.content.kind)));
  std::vector<std::pair<std::string, std::string>> licences;
  for (const auto licence : kLicences) {
    licences.emplace_back(std::string(licence), catalog::licence_label(licence, c.lang));
  }
  d.set("licences", TemplateData(options_of(licences, f.content.licence)));
  d.set("audiences", TemplateData(options_of({{"pupil", c.t("catalog_audience_pupil")},
                                              {"teacher", c.t("catalog_audience_teacher")}},
                                             f.content.audience)));
  d.set("nodes", TemplateData(node_options(curricula, c, f.country, f.content.node_id)));
  if (f.countries.size() > 1) {
    std::vector<std::pair<std::string, std::string>> countries;
    for (const auto& code : f.countries) {
      countries.emplace_back(code, country_name(curricula, c, code));
    }
    d.set("countries", TemplateData(options_of(countries, f.country)));
    d.set("has_countries", true);
  }
  for (const auto& problem : f.problems) {
    d.set(problem.field + "_error", c.t(problem.message_key));
  }
  if (!f.error.empty()) {
    d.set("error", f.error);
  }
  d.set("blocked", f.blocked);
  if (!f.saved.empty()) {
    d.set("saved", f.saved);
  }
  d.set("shared", f.shared);
  // What to fix before submitting, sharing or publishing (images without a description,
  // formulas that do not read…): shown, never blocking a save, so that no work is lost.
  const TemplateList warnings =
      problem_list(c.messages, catalog::markdown_problems(f.content.body));
  d.set("has_warnings", !warnings.empty());
  d.set("warnings", TemplateData(warnings));
  if (f.preview) {
    d.set("preview_html", catalog::markdown_to_html(f.content.body));
  }
  if (const Opened* o = f.opened) {
    const Workflow& w = o->workflow;
    const std::string base = "/edit/resources/" + w.resource_id;
    d.set("state_label", state_label(c, w.state));
    d.set("current_version", std::to_string(w.current_version));
    if (w.published_version) {
      d.set("published_version", std::to_string(*w.published_version));
      d.set("public_url", "/r/" + w.resource_id);
    }
    if (w.last_comment && w.state == State::draft) {
      d.set("review_comment", *w.last_comment);
    }
    if (const std::string line = origin_line(curricula, c, w); !line.empty()) {
      d.set("origin_line", line);
    }
    if (o->origin_newer_version) {
      d.set("origin_update", true);
      d.set("origin_new_version", std::to_string(*o->origin_newer_version));
      d.set("origin_diff_url", "/edit/resources/" + *w.origin_resource_id +
                                   "/diff?from=" + std::to_string(w.origin_version.value_or(1)) +
                                   "&to=" + std::to_string(*o->origin_newer_version));
    }
    if (w.class_id) {
      d.set("class_only", true);
      d.set("class_url", "/class-resources/" + w.resource_id);
      if (w.class_version) {
        d.set("class_version", std::to_string(*w.class_version));
      }
      // The class's teacher shares the current version with the pupils, once per version.
      d.set("can_share", o->rights.edit && o->rights.member &&
                             w.class_version != w.current_version &&
                             !w.published_version.has_value());
    }
    d.set("can_submit",
          o->rights.edit && (w.state == State::draft || w.state == State::unpublished));
    d.set("can_review", o->rights.review);
    d.set("history_url", base + "/history");
    if (w.state != State::in_review && o->current.content.kind == "exercise_set") {
      d.set("questions_url", base + "/questions");  // the set's questions (exercises/)
    }
    d.set("review_url", base + "/review");
    d.set("existing", true);
  }
  return render(request, page);
}

FormState form_of(const Opened& opened, const std::string& heading) {
  FormState f;
  f.heading = heading;
  f.action_url = "/edit/resources/" + opened.workflow.resource_id;
  f.content = opened.current.content;
  f.base_version = std::to_string(opened.workflow.current_version);
  f.country = opened.workflow.country_code;
  f.opened = &opened;
  return f;
}

std::optional<int> int_of(const std::string& text) {
  if (text.empty() || text.size() > 7 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(text);
}

// The media library's picture picker (media/), which posts the chosen picture back to
// insert_image_post below.
std::string picker_url(const std::string& resource_id) {
  return "/edit/media/pick?for=" + resource_id;
}

// ---- handlers -----------------------------------------------------------------------------

Response dashboard(AuthoringService& service, accounts::Accounts& accounts,
                   catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const Dashboard board = service.dashboard(caller.actor);
  web::Page page;
  page.title = c.t("authoring_title");
  page.template_name = "authoring/templates/dashboard";
  page.breadcrumbs = {{c.t("home_title"), "/"}, {c.t("authoring_title"), ""}};
  TemplateData& d = page.data;
  d.set("csrf", accounts::csrf_token_for(caller.who->session));
  d.set("can_write", !board.edit_countries.empty());
  d.set("has_work", !board.country_work.empty());
  d.set("work", TemplateData(summaries_list(c, board.country_work)));
  d.set("is_reviewer", !board.review_countries.empty());
  d.set("has_queue", !board.queue.empty());
  d.set("queue", TemplateData(summaries_list(c, board.queue)));
  d.set("has_mine", !board.mine.empty());
  d.set("mine", TemplateData(summaries_list(c, board.mine)));
  TemplateList classes;
  for (const auto& class_id : board.teaching_classes) {
    TemplateData item;
    std::string name = class_id;
    if (const auto school_class = accounts.schools().class_by_id(class_id)) {
      name = school_class->name;
    }
    item.set("name", name);
    item.set("url", "/edit/resources/new?class=" + class_id);
    classes.push_back(std::move(item));
  }
  d.set("has_classes", !classes.empty());
  d.set("classes", TemplateData(classes));
  TemplateList updates;
  for (const auto& id : board.origin_updates) {
    TemplateData item;
    item.set("url", "/edit/resources/" + id);
    if (const auto workflow = service.store().workflow(id)) {
      item.set("title", workflow->title);
    }
    updates.push_back(std::move(item));
  }
  d.set("has_updates", !updates.empty());
  d.set("updates", TemplateData(updates));
  if (board.edit_countries.size() > 1) {
    std::vector<std::pair<std::string, std::string>> countries;
    for (const auto& code : board.edit_countries) {
      countries.emplace_back(code, country_name(curricula, c, code));
    }
    d.set("countries", TemplateData(options_of(countries, "")));
    d.set("has_countries", true);
  }
  if (const auto error = request.query_param("error"); error && error->starts_with("authoring_")) {
    d.set("error", c.t(*error));
  }
  return render(request, page);
}

Response new_page(AuthoringService& service, accounts::Accounts& accounts,
                  catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  FormState f;
  f.heading = c.t("authoring_new_title");
  f.action_url = "/edit/resources/new";
  f.class_id = request.query_param("class").value_or("");
  f.countries = countries_with(caller.actor.principal, accounts::Permission::content_edit);
  if (!f.class_id.empty()) {
    const auto board = service.dashboard(caller.actor);
    if (std::find(board.teaching_classes.begin(), board.teaching_classes.end(), f.class_id) ==
        board.teaching_classes.end()) {
      return web::error_page(request, 403, c.t("authoring_error_not_editor"));
    }
    f.countries.clear();
    f.heading = c.t("authoring_new_class_title");
  } else if (f.countries.empty()) {
    return web::error_page(request, 403, c.t("authoring_error_not_editor"));
  }
  f.country = f.countries.empty() ? std::string() : f.countries.front();
  return editor_page(accounts, curricula, request, *caller.who, f, 200);
}

// The door refused the form's token (a session that changed while the author wrote): nothing
// is saved, and the text comes back to its author with the reason.
Response expired_form(accounts::Accounts& accounts, catalog::CurriculumStore& curricula,
                      const Request& request, const accounts::SignedIn& who, FormState& f) {
  f.error = context_of(request).t("authoring_error_csrf");
  return editor_page(accounts, curricula, request, who, f, 403);
}

Response new_post(AuthoringService& service, accounts::Accounts& accounts,
                  catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const Form form = http::parse_form(request.body);
  FormState f;
  f.heading = c.t("authoring_new_title");
  f.action_url = "/edit/resources/new";
  f.content = content_from_form(form);
  f.comment = form_value(form, "comment");
  f.class_id = form_value(form, "class_id");
  f.countries = countries_with(caller.actor.principal, accounts::Permission::content_edit);
  f.country = form_value(form, "country");
  if (f.country.empty() && !f.countries.empty()) {
    f.country = f.countries.front();
  }
  if (!f.class_id.empty()) {
    f.countries.clear();
  }
  if (http::form_was_refused(request)) {
    return expired_form(accounts, curricula, request, *caller.who, f);
  }
  if (form_value(form, "action") == "preview") {
    f.preview = true;
    f.problems = validate(f.content);
    return editor_page(accounts, curricula, request, *caller.who, f, 200);
  }
  const auto created = service.create(caller.actor, NewDraft{.country = f.country,
                                                             .class_id = f.class_id,
                                                             .content = f.content,
                                                             .comment = f.comment});
  if (!created) {
    f.problems = created.problem().fields;
    f.error = c.t(created.problem().message_key);
    return editor_page(accounts, curricula, request, *caller.who, f,
                       status_of(created.problem().failure));
  }
  if (form_value(form, "action") == "pick_image") {
    return redirect(picker_url(created->resource_id));
  }
  return redirect("/edit/resources/" + created->resource_id + "?saved=1");
}

Response edit_page(AuthoringService& service, accounts::Accounts& accounts,
                   catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const auto opened = service.open(caller.actor, request.path_param("id").value_or(""));
  if (!opened) {
    return web::error_page(request, 404, c.t(opened.problem().message_key));
  }
  FormState f = form_of(opened.value(), opened->workflow.title);
  f.class_id.clear();
  if (const auto saved = request.query_param("saved"); saved && int_of(*saved)) {
    f.saved = std::to_string(opened->workflow.current_version);
  }
  f.shared = request.query_param("shared").has_value() && opened->workflow.class_version;
  return editor_page(accounts, curricula, request, *caller.who, f, 200);
}

Response edit_post(AuthoringService& service, accounts::Accounts& accounts,
                   catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto opened = service.open(caller.actor, id);
  if (!opened) {
    return web::error_page(request, 404, c.t(opened.problem().message_key));
  }
  const Form form = http::parse_form(request.body);
  FormState f = form_of(opened.value(), opened->workflow.title);
  f.content = content_from_form(form);
  f.comment = form_value(form, "comment");
  f.base_version = form_value(form, "base_version");
  if (http::form_was_refused(request)) {
    return expired_form(accounts, curricula, request, *caller.who, f);
  }
  const std::string action = form_value(form, "action");
  if (action == "preview") {
    f.preview = true;
    f.problems = validate(f.content);
    return editor_page(accounts, curricula, request, *caller.who, f, 200);
  }
  if (action != "save" && action != "submit" && action != "share" && action != "pick_image") {
    f.error = c.t("authoring_error_action");
    return editor_page(accounts, curricula, request, *caller.who, f, 400);
  }
  // Submitting saves first when the text changed, so that what is reviewed is what was seen.
  Content current = opened->current.content;
  Content posted = f.content;
  current.questions.reset();
  posted.questions.reset();
  // Opening the picture picker saves the draft first: the text is safe while the author picks.
  const bool saving = action == "save" || action == "pick_image";
  if (saving || content_to_json(current) != content_to_json(posted)) {
    const auto saved = service.save(caller.actor, id, f.content, f.comment, int_of(f.base_version));
    if (!saved) {
      f.problems = saved.problem().fields;
      f.error = c.t(saved.problem().message_key);
      return editor_page(accounts, curricula, request, *caller.who, f,
                         status_of(saved.problem().failure));
    }
  }
  if (action == "save") {
    return redirect("/edit/resources/" + id + "?saved=1");
  }
  if (action == "pick_image") {
    return redirect(picker_url(id));
  }
  const auto stepped = action == "submit" ? service.submit(caller.actor, id, f.comment)
                                          : service.share_with_class(caller.actor, id, f.comment);
  if (stepped) {
    if (action == "share") {
      return redirect("/edit/resources/" + id + "?shared=1");
    }
    return web::with_flash(redirect("/edit/resources/" + id), request, web::Flash::submitted);
  }
  // Saved, but not submitted or shared: the editor again, with what to fix next to the text.
  const auto reopened = service.open(caller.actor, id);
  if (!reopened) {
    return web::error_page(request, 404, c.t(reopened.problem().message_key));
  }
  FormState again = form_of(reopened.value(), reopened->workflow.title);
  again.class_id.clear();
  again.error = c.t(stepped.problem().message_key);
  again.blocked = !stepped.problem().content.empty();
  return editor_page(accounts, curricula, request, *caller.who, again,
                     status_of(stepped.problem().failure));
}

// "Sénégal · CM2 · Mathématiques · Fractions": a node of a country's tree in words, from the
// level down (the cycle says nothing a reader needs here).
std::string node_in_words(catalog::CurriculumStore& curricula, const PageContext& c,
                          const std::string& country, const std::string& node_id) {
  const auto curriculum = curricula.curriculum(country);
  const catalog::CurriculumNode* node = curriculum ? curriculum->find(node_id) : nullptr;
  if (node == nullptr) {
    return {};
  }
  std::vector<std::string> names;
  for (int depth = 0; node != nullptr && depth < 16; ++depth) {
    if (node->kind != catalog::NodeKind::cycle) {
      names.push_back(web::localized(node->names, c.lang));
    }
    node = node->parent_id ? curriculum->find(*node->parent_id) : nullptr;
  }
  std::string out = country_name(curricula, c, country);
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    out += " · " + *it;
  }
  return out;
}

// Where the reviewed version will be filed: the node its author chose (placed at
// publication) and the placements the resource already has, each in words.
void set_placements(AuthoringService& service, catalog::CurriculumStore& curricula,
                    const PageContext& c, const Workflow& w, const Content& content,
                    TemplateData& d) {
  TemplateList places;
  const auto add = [&](const std::string& words, const std::string& when) {
    if (words.empty()) {
      return;
    }
    TemplateData item;
    item.set("where", words);
    item.set("when", when);
    places.push_back(std::move(item));
  };
  if (!content.node_id.empty()) {
    add(node_in_words(curricula, c, w.country_code, content.node_id),
        c.t("editor_placement_planned"));
  }
  for (const auto& placement : service.library().resources().placements_of(w.resource_id)) {
    if (!placement.hidden && placement.node_id != content.node_id) {
      add(node_in_words(curricula, c, placement.country_code, placement.node_id),
          c.t("editor_placement_current"));
    }
  }
  d.set("has_placements", !places.empty());
  d.set("placements", TemplateData(places));
}

Response review_page(AuthoringService& service, accounts::Accounts& accounts,
                     catalog::CurriculumStore& curricula, Request& request,
                     const std::string& error = {}, int status = 200,
                     const std::string& comment = {}) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto opened = service.open(caller.actor, id);
  if (!opened) {
    return web::error_page(request, 404, c.t(opened.problem().message_key));
  }
  const Workflow& w = opened->workflow;
  const int shown = w.submitted_version.value_or(w.published_version.value_or(w.current_version));
  const auto version = service.store().version(id, shown);
  if (!version) {
    return web::error_page(request, 404, c.t("authoring_error_no_version"));
  }
  web::Page page;
  page.status = status;
  page.title = c.t("authoring_review_title") + " · " + w.title;
  page.template_name = "authoring/templates/review";
  page.breadcrumbs = {{c.t("home_title"), "/"},
                      {c.t("authoring_title"), "/edit"},
                      {w.title, "/edit/resources/" + id},
                      {c.t("authoring_review_title"), ""}};
  TemplateData& d = page.data;
  d.set("csrf", accounts::csrf_token_for(caller.who->session));
  d.set("title", version->content.title);
  d.set("summary", version->content.summary);
  d.set("body_html", catalog::markdown_to_html(version->content.body));
  web::set_content_language(d, version->content.language);
  d.set("version", std::to_string(version->number));
  d.set("author", user_name(accounts, c, version->author_id));
  d.set("state_label", state_label(c, w.state));
  d.set("licence_label", catalog::licence_label(version->content.licence, c.lang));
  if (const std::string line = origin_line(curricula, c, w); !line.empty()) {
    d.set("origin_line", line);
  }
  if (w.published_version && *w.published_version != version->number) {
    d.set("diff_url", "/edit/resources/" + id +
                          "/diff?from=" + std::to_string(*w.published_version) +
                          "&to=" + std::to_string(version->number));
  }
  set_placements(service, curricula, c, w, version->content, d);
  d.set("can_review", opened->rights.review && w.state == State::in_review);
  d.set("can_unpublish",
        opened->rights.review && w.published_version.has_value() && w.state != State::unpublished);
  d.set("action_url", "/edit/resources/" + id + "/review");
  d.set("unpublish_url", "/edit/resources/" + id + "/unpublish");
  d.set("comment", comment);
  if (!error.empty()) {
    d.set("error", error);
  }
  return render(request, page);
}

Response review_post(AuthoringService& service, accounts::Accounts& accounts,
                     catalog::CurriculumStore& curricula, Request& request) {
  auto caller = authenticate(accounts, request, "content.review");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const Form form = http::parse_form(request.body);
  const std::string comment = form_value(form, "comment");
  const std::string action = form_value(form, "action");
  std::optional<Outcome<Workflow>> outcome;
  if (action == "send_back") {
    outcome = service.send_back(caller.actor, id, comment);
  } else if (action == "publish") {
    outcome = service.publish(caller.actor, id, comment);
  } else if (action == "unpublish") {
    // Only through the confirmation page: an old one-click form cannot skip the question.
    if (!web::is_confirmed(form_value(form, "confirm"))) {
      return review_page(service, accounts, curricula, request, c.t("safe_error_not_confirmed"),
                         400, comment);
    }
    outcome = service.unpublish(caller.actor, id, comment);
  } else {
    return review_page(service, accounts, curricula, request, c.t("authoring_error_action"), 400,
                       comment);
  }
  if (!*outcome) {
    if (outcome->problem().failure == Failure::not_found) {
      return web::error_page(request, 404, c.t(outcome->problem().message_key));
    }
    // A version that cannot reach pupils: the message, then each problem.
    std::string error = c.t(outcome->problem().message_key);
    for (const auto& problem : outcome->problem().content) {
      error += " — " +
               c.messages.with_detail(catalog::problem_message_key(problem.kind), problem.detail);
    }
    return review_page(service, accounts, curricula, request, error,
                       status_of(outcome->problem().failure), comment);
  }
  return web::with_flash(redirect("/edit"), request,
                         action == "publish"     ? web::Flash::published
                         : action == "send_back" ? web::Flash::sent_back
                                                 : web::Flash::unpublished);
}

// "Retirer du catalogue" asks first, on its own page (web/confirm_page.hpp).
Response confirm_unpublish(AuthoringService& service, accounts::Accounts& accounts,
                           Request& request) {
  auto caller = authenticate(accounts, request, "content.review");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto opened = service.open(caller.actor, id);
  if (!opened) {
    return web::error_page(request, 404, c.t(opened.problem().message_key));
  }
  const std::string review_url = "/edit/resources/" + id + "/review";
  return web::confirmation_page(
      request, web::Confirmation{.title = c.t("safe_unpublish_title"),
                                 .subject = opened->workflow.title,
                                 .explain = c.t("safe_unpublish_explain"),
                                 .action = review_url,
                                 .fields = {{"action", "unpublish"}, {"comment", ""}},
                                 .csrf_token = accounts::csrf_token_for(caller.who->session),
                                 .cancel_url = review_url,
                                 .breadcrumbs = {{c.t("home_title"), "/"},
                                                 {c.t("authoring_title"), "/edit"},
                                                 {opened->workflow.title, review_url}}});
}

Response history_page(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto opened = service.open(caller.actor, id);
  const auto versions = service.history(caller.actor, id);
  if (!opened || !versions) {
    return web::error_page(request, 404, c.t("authoring_error_not_found"));
  }
  web::Page page;
  page.title = c.t("authoring_history_title") + " · " + opened->workflow.title;
  page.template_name = "authoring/templates/history";
  page.breadcrumbs = {{c.t("home_title"), "/"},
                      {c.t("authoring_title"), "/edit"},
                      {opened->workflow.title, "/edit/resources/" + id},
                      {c.t("authoring_history_title"), ""}};
  TemplateList items;
  for (const auto& version : versions.value()) {
    TemplateData item;
    item.set("number", std::to_string(version.number));
    item.set("author", user_name(accounts, c, version.author_id));
    item.set("at", web::format_date_time(version.created_at, c.lang));
    item.set("comment", version.comment);
    if (version.number > 1) {
      item.set("diff_url", "/edit/resources/" + id +
                               "/diff?from=" + std::to_string(version.number - 1) +
                               "&to=" + std::to_string(version.number));
    }
    item.set("published", opened->workflow.published_version == version.number);
    items.push_back(std::move(item));
  }
  TemplateList steps;
  for (const auto& t : opened->transitions) {
    TemplateData item;
    item.set("at", web::format_date_time(t.created_at, c.lang));
    item.set("actor", user_name(accounts, c, t.actor_id));
    item.set("what", c.t("authoring_step_" + t.to_state));
    item.set("version", std::to_string(t.version_number));
    item.set("comment", t.comment);
    steps.push_back(std::move(item));
  }
  page.data.set("title", opened->workflow.title);
  page.data.set("versions", TemplateData(items));
  page.data.set("steps", TemplateData(steps));
  page.data.set("diff_action", "/edit/resources/" + id + "/diff");
  page.data.set("latest", std::to_string(opened->workflow.current_version));
  return render(request, page);
}

Response diff_page(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto from = int_of(request.query_param("from").value_or(""));
  const auto to = int_of(request.query_param("to").value_or(""));
  if (!from || !to) {
    return web::error_page(request, 400, c.t("authoring_error_versions"));
  }
  const auto pair = service.compare(caller.actor, id, *from, *to);
  if (!pair) {
    return web::error_page(request, status_of(pair.problem().failure),
                           c.t(pair.problem().message_key));
  }
  web::Page page;
  page.title = c.t("authoring_diff_title") + " · " + pair->second.content.title;
  page.template_name = "authoring/templates/diff";
  page.breadcrumbs = {{c.t("home_title"), "/"},
                      {c.t("authoring_title"), "/edit"},
                      {c.t("authoring_diff_title"), ""}};
  TemplateList fields;
  for (const auto& field : diff_contents(pair->first.content, pair->second.content)) {
    TemplateData item;
    item.set("name", c.t("authoring_field_" + field.field));
    if (!field.lines.empty()) {
      item.set("lines_html", diff_html(field.lines));
    } else {
      item.set("before", field.before);
      item.set("after", field.after);
    }
    fields.push_back(std::move(item));
  }
  page.data.set("title", pair->second.content.title);
  page.data.set("from", std::to_string(*from));
  page.data.set("to", std::to_string(*to));
  page.data.set("has_changes", !fields.empty());
  page.data.set("fields", TemplateData(fields));
  return render(request, page);
}

Response adapt_post(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "content.edit");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const Form form = http::parse_form(request.body);
  // The id, or the address of its page (…/r/{id}).
  std::string origin = form_value(form, "resource");
  if (const auto at = origin.rfind("/r/"); at != std::string::npos) {
    origin = origin.substr(at + 3);
  }
  if (const auto end = origin.find_first_of("/?#"); end != std::string::npos) {
    origin.resize(end);
  }
  const auto adapted = service.adapt(caller.actor, origin, form_value(form, "country"));
  if (!adapted) {
    return no_store(Response::redirect("/edit?error=" + adapted.problem().message_key, 303));
  }
  return web::with_flash(redirect("/edit/resources/" + adapted->resource_id), request,
                         web::Flash::created);
}

Response class_page(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  const std::string id = request.path_param("id").value_or("");
  const auto version = service.class_view(caller.actor, id);
  if (!version) {
    return web::error_page(request, 404, c.t("authoring_error_not_found"));
  }
  web::Page page;
  page.title = version->content.title;
  page.template_name = "authoring/templates/class_resource";
  page.breadcrumbs = {{c.t("home_title"), "/"},
                      {c.t("authoring_class_list_title"), "/class-resources"},
                      {version->content.title, ""}};
  page.data.set("title", version->content.title);
  page.data.set("summary", version->content.summary);
  page.data.set("kind_label", catalog::kind_label(version->content.kind, c.lang));
  page.data.set("licence_label", catalog::licence_label(version->content.licence, c.lang));
  page.data.set("body_html", catalog::markdown_to_html(version->content.body));
  web::set_content_language(page.data, version->content.language);
  // Its writer reads the latest version: say whether the pupils see it yet.
  if (const auto workflow = service.store().workflow(id);
      workflow && workflow->class_version != version->number) {
    page.data.set("not_shared", true);
    page.data.set("edit_url", "/edit/resources/" + id);
  }
  return render(request, page);
}

// The resources a class's teachers wrote for it: what its pupils may open.
Response class_list(AuthoringService& service, accounts::Accounts& accounts, Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const PageContext c = context_of(request);
  web::Page page;
  page.title = c.t("authoring_class_list_title");
  page.template_name = "authoring/templates/class_list";
  page.breadcrumbs = {{c.t("home_title"), "/"}, {page.title, ""}};
  TemplateList items;
  for (const auto& item : service.class_resources(caller.actor)) {
    TemplateData row;
    row.set("title", item.title);
    row.set("url", "/class-resources/" + item.resource_id);
    if (const auto school_class =
            item.class_id ? accounts.schools().class_by_id(*item.class_id) : std::nullopt) {
      row.set("class_name", school_class->name);
    }
    row.set("shared", item.class_version.has_value());
    row.set("published", item.published_version.has_value());
    row.set("updated_at", web::format_date(item.updated_at, c.lang));
    items.push_back(std::move(row));
  }
  page.data.set("has_items", !items.empty());
  page.data.set("items", TemplateData(items));
  return render(request, page);
}

}  // namespace

void register_authoring_routes(http::Router& router, AuthoringService& service,
                               accounts::Accounts& accounts, catalog::CurriculumStore& curricula) {
  register_authoring_api(router, service, accounts);
  register_image_insert_route(router, service, accounts);
  const http::RouteOptions reading{.access = "account.self", .blocking = true};
  const http::RouteOptions writing{
      .access = "account.self", .blocking = true, .max_body_bytes = kMaxRequestBytes};
  const http::Handler create = [&](Request& request) {
    return new_post(service, accounts, curricula, request);
  };
  const http::Handler save = [&](Request& request) {
    return edit_post(service, accounts, curricula, request);
  };
  router.get(
      "/edit", [&](Request& request) { return dashboard(service, accounts, curricula, request); },
      reading);
  router.get(
      "/edit/resources/new",
      [&](Request& request) { return new_page(service, accounts, curricula, request); }, reading);
  router.post("/edit/resources/new", create, http::shown_again_when_refused(writing, create));
  router.get(
      "/edit/resources/{id}",
      [&](Request& request) { return edit_page(service, accounts, curricula, request); }, reading);
  router.post("/edit/resources/{id}", save, http::shown_again_when_refused(writing, save));
  router.get(
      "/edit/resources/{id}/review",
      [&](Request& request) { return review_page(service, accounts, curricula, request); },
      reading);
  router.post(
      "/edit/resources/{id}/review",
      [&](Request& request) { return review_post(service, accounts, curricula, request); },
      http::RouteOptions{.access = "content.review", .blocking = true, .max_body_bytes = 16384});
  router.get(
      "/edit/resources/{id}/unpublish",
      [&](Request& request) { return confirm_unpublish(service, accounts, request); },
      http::RouteOptions{.access = "content.review", .blocking = true});
  router.get(
      "/edit/resources/{id}/history",
      [&](Request& request) { return history_page(service, accounts, request); }, reading);
  router.get(
      "/edit/resources/{id}/diff",
      [&](Request& request) { return diff_page(service, accounts, request); }, reading);
  router.post(
      "/edit/adapt", [&](Request& request) { return adapt_post(service, accounts, request); },
      http::RouteOptions{.access = "content.edit", .blocking = true, .max_body_bytes = 4096});
  router.get(
      "/class-resources", [&](Request& request) { return class_list(service, accounts, request); },
      reading);
  router.get(
      "/class-resources/{id}",
      [&](Request& request) { return class_page(service, accounts, request); }, reading);
}

}  // namespace imaginecole::authoring
