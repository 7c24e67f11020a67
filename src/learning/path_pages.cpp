// SPDX-License-Identifier: AGPL-3.0-or-later
// The pupil's side of learning paths, plain HTML forms: the paths of a level (/parcours),
// a path followed step by step ("Étape 3 sur 8", the next step, what is done) and the
// "J'ai lu" button of a step without questions (POST, then back to the path: PRG + flash).
#include <charconv>

#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "learning/page_text.hpp"
#include "learning/path_access.hpp"
#include "learning/path_routes.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using http::Request;
using http::Response;

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

int number_param(const std::optional<std::string>& text, int fallback) {
  int value = 0;
  if (!text ||
      std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
    return fallback;
  }
  return value;
}

std::string steps_label(const Request& request, std::size_t count) {
  return fill(message(request, "paths_steps_count"), {{"n", std::to_string(count)}});
}

Response list_page(Paths& paths, accounts::Accounts& accounts, catalog::CurriculumStore& curricula,
                   Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  std::string country = request.query_param("country").value_or("");
  if (country.empty() && who && who->user.school_id) {
    if (const auto school = accounts.schools().school_by_id(*who->user.school_id)) {
      country = school->country_code;
    }
  }
  const std::string level = request.query_param("level").value_or("");
  const auto curriculum = country.size() == 2 ? curricula.curriculum(country) : std::nullopt;
  if (!curriculum) {
    return web::error_page(request, 404, message(request, "paths_error_no_country"));
  }
  const std::string& language = web::choose_language(request);
  web::Page page;
  page.title = message(request, "paths_list_title");
  page.template_name = "learning/templates/path_list";
  page.breadcrumbs = {{message(request, "home_title"), "/"}, {page.title, ""}};
  const catalog::CurriculumNode* level_node = curriculum->find_level(level);
  if (level_node == nullptr) {
    web::TemplateList levels;
    for (const auto& node : curriculum->nodes) {
      if (node.kind == catalog::NodeKind::level && !node.retired) {
        web::TemplateData row;
        row.set("name", web::localized(node.names, language));
        row.set("url", "/parcours?country=" + country + "&level=" + node.slug);
        levels.push_back(std::move(row));
      }
    }
    page.data.set("choose_level", true);
    page.data.set("levels", web::TemplateData(levels));
    page.data.set("level_name", false);
    return no_store(web::render_page(request, page));
  }
  page.data.set("choose_level", false);
  page.data.set("level_name", web::localized(level_node->names, language));
  const std::optional<std::string> school = who ? who->user.school_id : std::nullopt;
  web::TemplateList rows;
  for (const auto& path : paths.of_level(country, level, school)) {
    if (!may_see_path(who ? &*who : nullptr, path)) {
      continue;
    }
    web::TemplateData row;
    row.set("title", path.title);
    row.set("url", "/parcours/" + path.id);
    row.set("description", path.description.empty() ? web::TemplateData(false)
                                                    : web::TemplateData(path.description));
    row.set("scope",
            message(request, path.school_id ? "paths_scope_school" : "paths_scope_national"));
    row.set("steps_label", steps_label(request, path.steps.size()));
    row.set("edit_url", who && may_edit_path(*who, path)
                            ? web::TemplateData("/edit/parcours/" + path.id)
                            : web::TemplateData(false));
    rows.push_back(std::move(row));
  }
  page.data.set("no_paths", rows.empty());
  page.data.set("paths", web::TemplateData(rows));
  const bool may_create = who && (edits_country(*who, country) || teaching_school(*who));
  page.data.set("new_url", may_create ? web::TemplateData("/edit/parcours/new?country=" + country +
                                                          "&level=" + level)
                                      : web::TemplateData(false));
  return no_store(web::render_page(request, page));
}

std::string open_url(const PathStep& step) {
  return "/r/" + step.resource_id + (step.kind == "exercise_set" ? "/exercise" : "");
}

Response follow_page(Paths& paths, accounts::Accounts& accounts, Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  const auto path = paths.find(request.path_param("id").value_or(""));
  if (!path || !may_see_path(who ? &*who : nullptr, *path)) {
    return web::error_page(request, 404, message(request, "paths_error_no_path"));
  }
  const auto pupil = who ? pupil_of_user(accounts, who->user) : std::nullopt;
  const auto steps = paths.steps(*path, pupil ? std::optional(pupil->id) : std::nullopt);
  web::Page page;
  page.title = path->title;
  page.template_name = "learning/templates/path_follow";
  page.breadcrumbs = {{message(request, "home_title"), "/"},
                      {message(request, "paths_list_title"),
                       "/parcours?country=" + path->country_code + "&level=" + path->level_slug},
                      {path->title, ""}};
  page.data.set("title", path->title);
  page.data.set("description", path->description.empty() ? web::TemplateData(false)
                                                         : web::TemplateData(path->description));
  page.data.set("has_steps", !steps.empty());
  page.data.set("pupil", pupil.has_value());
  page.data.set("edit_url", who && may_edit_path(*who, *path)
                                ? web::TemplateData("/edit/parcours/" + path->id)
                                : web::TemplateData(false));
  page.data.set("read_form", false);
  if (steps.empty()) {
    return no_store(web::render_page(request, page));
  }
  // Without ?etape=, the first step not done yet: where the pupil stopped.
  int first_open = 1;
  while (first_open <= static_cast<int>(steps.size()) && steps[first_open - 1].done) {
    ++first_open;
  }
  const int total = static_cast<int>(steps.size());
  int current = number_param(request.query_param("etape"), std::min(first_open, total));
  current = std::clamp(current, 1, total);
  const PathStep& step = steps[static_cast<std::size_t>(current) - 1];
  const std::string self = "/parcours/" + path->id;
  int done = 0;
  web::TemplateList rows;
  for (const auto& each : steps) {
    done += each.done ? 1 : 0;
    web::TemplateData row;
    row.set("title", each.title.empty() ? message(request, "paths_step_unavailable") : each.title);
    row.set("kind_label", kind_label(request, each.kind));
    row.set("done", each.done);
    row.set("is_current", each.number == current);
    row.set("url", self + "?etape=" + std::to_string(each.number));
    rows.push_back(std::move(row));
  }
  page.data.set("steps", web::TemplateData(rows));
  page.data.set("progress_label",
                fill(message(request, "paths_step_of"),
                     {{"n", std::to_string(current)}, {"total", std::to_string(total)}}));
  page.data.set("step_label",
                fill(message(request, "paths_step_n"), {{"n", std::to_string(current)}}));
  page.data.set("done_label",
                fill(message(request, "paths_done_count"),
                     {{"done", std::to_string(done)}, {"total", std::to_string(total)}}));
  page.data.set("current_title",
                step.title.empty() ? message(request, "paths_step_unavailable") : step.title);
  page.data.set("current_kind_label", kind_label(request, step.kind));
  page.data.set("current_done", step.done);
  page.data.set("current_available", !step.kind.empty());
  page.data.set("current_open_url", open_url(step));
  page.data.set("current_open_label",
                message(request, step.questions > 0 ? "paths_open_exercise" : "paths_open_lesson"));
  page.data.set("current_is_exercise", step.questions > 0);
  page.data.set("current_answered_label", fill(message(request, "paths_answered"),
                                               {{"answered", std::to_string(step.answered)},
                                                {"questions", std::to_string(step.questions)}}));
  if (pupil && step.questions == 0 && !step.kind.empty() && !step.done) {
    page.data.set("read_form", true);
    page.data.set("read_action", self + "/etapes/" + std::to_string(current) + "/lu");
    page.data.set("csrf", accounts::csrf_token_for(who->session));
    // A fresh UUID per page: pressing twice, or resending the form, records one completion.
    page.data.set("client_id", core::new_id());
  }
  page.data.set("previous_url",
                current > 1 ? web::TemplateData(self + "?etape=" + std::to_string(current - 1))
                            : web::TemplateData(false));
  page.data.set("next_url", current < total
                                ? web::TemplateData(self + "?etape=" + std::to_string(current + 1))
                                : web::TemplateData(false));
  return no_store(web::render_page(request, page));
}

Response mark_read(Paths& paths, accounts::Accounts& accounts, Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  const auto pupil = who ? pupil_of_user(accounts, who->user) : std::nullopt;
  const auto path = paths.find(request.path_param("id").value_or(""));
  if (!path || !may_see_path(who ? &*who : nullptr, *path)) {
    return web::error_page(request, 404, message(request, "paths_error_no_path"));
  }
  if (!pupil) {
    return web::error_page(request, 403, message(request, "paths_error_pupils_only"));
  }
  std::string client_id;
  for (auto& [key, value] : http::parse_form(request.body)) {
    if (key == "client_id") {
      client_id = std::move(value);
    }
  }
  const int number = number_param(request.path_param("n"), 0);
  const StepDoneOutcome outcome = paths.mark_done(*pupil, *path, number, client_id);
  if (outcome.status != 200) {
    return web::error_page(request, outcome.status, outcome.error);
  }
  const int next = std::min(number + 1, static_cast<int>(path->steps.size()));
  return web::with_flash(
      Response::redirect("/parcours/" + path->id + "?etape=" + std::to_string(next), 303), request,
      web::Flash::saved);
}

}  // namespace

void register_path_pages(http::Router& router, Paths& paths, accounts::Accounts& accounts,
                         catalog::CurriculumStore& curricula) {
  router.get(
      "/parcours",
      [&paths, &accounts, &curricula](Request& request) {
        return list_page(paths, accounts, curricula, request);
      },
      http::RouteOptions{.access = "public", .blocking = true, .max_body_bytes = 1024});
  router.get(
      "/parcours/{id}",
      [&paths, &accounts](Request& request) { return follow_page(paths, accounts, request); },
      http::RouteOptions{.access = "public", .blocking = true, .max_body_bytes = 1024});
  router.post(
      "/parcours/{id}/etapes/{n}/lu",
      [&paths, &accounts](Request& request) { return mark_read(paths, accounts, request); },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 4096});
}

}  // namespace imaginecole::learning
