// SPDX-License-Identifier: AGPL-3.0-or-later
// Making and changing a learning path without JavaScript (the pattern of
// exercises/set_pages.cpp): a form for the title, level and description, the steps in order
// with small forms to move each up or down or take it out, and a search of the country's
// published resources with an "add" button each. Editors make national paths (content.edit in
// the country), teachers their school's (content.class); anyone else gets a 404 for a path.
#include <algorithm>
#include <cctype>
#include <memory>

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

struct PathForm {
  std::string title;
  std::string level;
  std::string description;
  std::string scope;  // "national" or "school"
  std::string country;
  std::string action;
  std::string resource;
  std::string q;
};

PathForm read_form(const Request& request) {
  PathForm form;
  for (auto& [key, value] : http::parse_form(request.body)) {
    if (key == "title") {
      form.title = std::move(value);
    } else if (key == "level") {
      form.level = std::move(value);
    } else if (key == "description") {
      form.description = std::move(value);
    } else if (key == "scope") {
      form.scope = std::move(value);
    } else if (key == "country") {
      form.country = std::move(value);
    } else if (key == "action") {
      form.action = std::move(value);
    } else if (key == "resource") {
      form.resource = std::move(value);
    } else if (key == "q") {
      form.q = value.substr(0, 200);
    }
  }
  return form;
}

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

class EditorPages {
 public:
  EditorPages(Paths& paths, accounts::Accounts& accounts, catalog::CurriculumStore& curricula,
              catalog::ResourceStore& resources)
      : paths_(paths), accounts_(accounts), curricula_(curricula), resources_(resources) {}

  Response new_page(Request& request) {
    const auto who = signed_in(request);
    if (!who) {
      return web::error_page(request, 401, message(request, "paths_error_sign_in"));
    }
    std::string country = request.query_param("country").value_or("");
    if (const auto school = teaching_school(*who); school && !edits_country(*who, country)) {
      country = school_country(*school);
    }
    if (!edits_country(*who, country) && !teaching_school(*who)) {
      return web::error_page(request, 403, message(request, "paths_error_not_yours"));
    }
    LearningPath draft{.country_code = country,
                       .level_slug = request.query_param("level").value_or("")};
    return form_page(request, *who, draft, false, "", 200);
  }

  Response create(Request& request) {
    const auto who = signed_in(request);
    if (!who) {
      return web::error_page(request, 401, message(request, "paths_error_sign_in"));
    }
    const PathForm form = read_form(request);
    LearningPath path{.country_code = form.country,
                      .level_slug = form.level,
                      .title = form.title,
                      .description = form.description};
    if (form.scope == "school") {
      const auto school = teaching_school(*who);
      if (!school) {
        return web::error_page(request, 403, message(request, "paths_error_not_yours"));
      }
      path.school_id = school;
      path.country_code = school_country(*school);
    } else if (!edits_country(*who, path.country_code)) {
      return web::error_page(request, 403, message(request, "paths_error_not_yours"));
    }
    if (const std::string error = invalid(request, path); !error.empty()) {
      return form_page(request, *who, path, false, error, 400);
    }
    path.created_by = who->user.id;
    paths_.create(path);
    return web::with_flash(Response::redirect("/edit/parcours/" + path.id, 303), request,
                           web::Flash::created);
  }

  Response edit_page(Request& request) {
    const auto who = signed_in(request);
    auto path = editable(request, who);
    if (!path) {
      return refusal(request, who);
    }
    return form_page(request, *who, *path, true, "", 200);
  }

  Response change(Request& request) {
    const auto who = signed_in(request);
    auto path = editable(request, who);
    if (!path) {
      return refusal(request, who);
    }
    const PathForm form = read_form(request);
    auto& steps = path->steps;
    const auto at = std::find(steps.begin(), steps.end(), form.resource);
    if (form.action == "save") {
      path->title = form.title;
      path->level_slug = form.level;
      path->description = form.description;
      if (const std::string error = invalid(request, *path); !error.empty()) {
        return form_page(request, *who, *path, true, error, 400);
      }
    } else if (form.action == "add") {
      if (at == steps.end()) {
        if (!paths_.can_be_step(form.resource, path->country_code)) {
          return web::error_page(request, 400, message(request, "paths_error_bad_step"));
        }
        if (steps.size() >= kMaxPathSteps) {
          return form_page(request, *who, *path, true, message(request, "paths_error_too_many"),
                           400);
        }
        steps.push_back(form.resource);
      }
    } else if (at == steps.end()) {
      // Already gone (another editor, a second click): nothing to do.
      return Response::redirect("/edit/parcours/" + path->id, 303);
    } else if (form.action == "up" && at != steps.begin()) {
      std::iter_swap(at, at - 1);
    } else if (form.action == "down" && at + 1 != steps.end()) {
      std::iter_swap(at, at + 1);
    } else if (form.action == "remove") {
      steps.erase(at);
    } else if (form.action != "up" && form.action != "down") {
      return web::error_page(request, 400, message(request, "paths_error_bad_step"));
    }
    paths_.save(*path);
    return web::with_flash(
        Response::redirect(
            "/edit/parcours/" + path->id + (form.q.empty() ? "" : "?q=" + url_encode(form.q)), 303),
        request, web::Flash::saved);
  }

 private:
  accounts::Caller signed_in(const Request& request) {
    return accounts_.authenticator().signed_in(request);
  }

  std::string school_country(const std::string& school_id) {
    const auto school = accounts_.schools().school_by_id(school_id);
    return school ? school->country_code : std::string();
  }

  std::optional<LearningPath> editable(const Request& request, const accounts::Caller& who) {
    auto path = paths_.find(request.path_param("id").value_or(""));
    if (!who || !path || !may_edit_path(*who, *path)) {
      return std::nullopt;
    }
    return path;
  }

  static Response refusal(const Request& request, const accounts::Caller& who) {
    // Someone else's path answers like an unknown one.
    return who ? web::error_page(request, 404, message(request, "paths_error_no_path"))
               : web::error_page(request, 401, message(request, "paths_error_sign_in"));
  }

  std::string invalid(const Request& request, const LearningPath& path) {
    if (path.title.empty() || path.title.size() > 200) {
      return message(request, "paths_error_title");
    }
    if (path.description.size() > 2000) {
      return message(request, "paths_error_description");
    }
    const auto curriculum = curricula_.curriculum(path.country_code);
    if (!curriculum || curriculum->find_level(path.level_slug) == nullptr) {
      return message(request, "paths_error_level");
    }
    return {};
  }

  Response form_page(const Request& request, const accounts::SignedIn& who,
                     const LearningPath& path, bool editing, const std::string& error, int status) {
    const std::string& language = web::choose_language(request);
    web::Page page;
    page.title = editing ? path.title : message(request, "paths_new");
    page.template_name = "learning/templates/path_edit";
    page.status = status;
    page.breadcrumbs = {{message(request, "home_title"), "/"},
                        {message(request, "paths_list_title"),
                         "/parcours?country=" + path.country_code + "&level=" + path.level_slug},
                        {page.title, ""}};
    web::TemplateData& data = page.data;
    data.set("heading", editing ? message(request, "paths_edit") : message(request, "paths_new"));
    data.set("error", error.empty() ? web::TemplateData(false) : web::TemplateData(error));
    data.set("csrf", accounts::csrf_token_for(who.session));
    data.set("title", path.title);
    data.set("description", path.description);
    data.set("country", path.country_code);
    data.set("editing", editing);
    const bool national = edits_country(who, path.country_code);
    const bool school = teaching_school(who).has_value();
    data.set("choose_scope", !editing && national && school);
    data.set("fixed_scope", editing || (national && school)
                                ? web::TemplateData(false)
                                : web::TemplateData(national ? "national" : "school"));
    web::TemplateList levels;
    if (const auto curriculum = curricula_.curriculum(path.country_code)) {
      for (const auto& node : curriculum->nodes) {
        if (node.kind == catalog::NodeKind::level && !node.retired) {
          web::TemplateData row;
          row.set("slug", node.slug);
          row.set("name", web::localized(node.names, language));
          row.set("selected", node.slug == path.level_slug);
          levels.push_back(std::move(row));
        }
      }
    }
    data.set("levels", web::TemplateData(levels));
    if (!editing) {
      data.set("action", "/edit/parcours");
      return no_store(web::render_page(request, page));
    }
    const std::string self = "/edit/parcours/" + path.id;
    const std::string q = request.query_param("q").value_or("").substr(0, 200);
    data.set("action", self);
    data.set("view_url", "/parcours/" + path.id);
    data.set("q", q);
    web::TemplateList steps;
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      const auto resource = resources_.find_published(path.steps[i]);
      web::TemplateData row;
      row.set("id", path.steps[i]);
      row.set("title", resource ? resource->title : message(request, "paths_step_unavailable"));
      row.set("kind_label", kind_label(request, resource ? resource->kind : ""));
      row.set("can_up", i > 0);
      row.set("can_down", i + 1 < path.steps.size());
      steps.push_back(std::move(row));
    }
    data.set("no_steps", steps.empty());
    data.set("steps", web::TemplateData(steps));
    const web::TemplateList found = candidates(request, path, q);
    data.set("no_candidates", found.empty());
    data.set("candidates", web::TemplateData(found));
    return no_store(web::render_page(request, page));
  }

  // The country's published resources of the path's level whose title holds `q`.
  web::TemplateList candidates(const Request& request, const LearningPath& path,
                               const std::string& q) {
    web::TemplateList out;
    const std::string wanted = lower(q);
    for (int page = 1; page <= 5 && out.size() < 20; ++page) {
      catalog::ResourceFilter filter{.country = path.country_code};
      filter.level = path.level_slug;
      filter.page = page;
      const auto list = resources_.list(filter);
      for (const auto& resource : list.results) {
        const bool in_path =
            std::find(path.steps.begin(), path.steps.end(), resource.id) != path.steps.end();
        if (in_path ||
            (!wanted.empty() && lower(resource.title).find(wanted) == std::string::npos)) {
          continue;
        }
        web::TemplateData row;
        row.set("id", resource.id);
        row.set("title", resource.title);
        row.set("kind_label", kind_label(request, resource.kind));
        row.set("url", "/r/" + resource.id);
        out.push_back(std::move(row));
      }
      if (page >= list.page_count()) {
        break;
      }
    }
    return out;
  }

  Paths& paths_;
  accounts::Accounts& accounts_;
  catalog::CurriculumStore& curricula_;
  catalog::ResourceStore& resources_;
};

}  // namespace

void register_path_editor_pages(http::Router& router, Paths& paths, accounts::Accounts& accounts,
                                catalog::CurriculumStore& curricula,
                                catalog::ResourceStore& resources) {
  auto pages = std::make_shared<EditorPages>(paths, accounts, curricula, resources);
  const http::RouteOptions page{.access = "account.self", .blocking = true};
  router.get(
      "/edit/parcours/new", [pages](Request& request) { return pages->new_page(request); }, page);
  router.post(
      "/edit/parcours", [pages](Request& request) { return pages->create(request); }, page);
  router.get(
      "/edit/parcours/{id}", [pages](Request& request) { return pages->edit_page(request); }, page);
  router.post(
      "/edit/parcours/{id}", [pages](Request& request) { return pages->change(request); }, page);
}

}  // namespace imaginecole::learning
