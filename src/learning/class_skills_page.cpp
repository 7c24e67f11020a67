// SPDX-License-Identifier: AGPL-3.0-or-later
// /classes/{id}/skills: a class's mastery per skill for its teachers, pupils × skills, each
// level shown as a sign and a colour. The class is found through the classroom's own rule
// (class_for): a class that is not the caller's answers 404, like one that does not exist.
#include "classroom/classroom.hpp"
#include "http/request.hpp"
#include "learning/routes.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using http::Request;
using http::Response;

constexpr std::string_view kRead = "pupils.read";

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string_view level_sign(MasteryLevel level) {
  constexpr std::string_view kSigns[] = {"○", "◔", "◑", "◕", "★"};
  return kSigns[static_cast<int>(level)];
}

Response class_skills(Attempts& attempts, classroom::Classroom& classroom, Request& request) {
  accounts::AccessCheck check = classroom.accounts().authenticator().check(request, kRead);
  if (!check.allowed()) {
    if (check.status == 401) {
      return no_store(Response::redirect(
          "/signin?next=" + http::percent_encode(std::string(request.target)), 303));
    }
    return web::error_page(request, check.status, check.message);
  }
  const std::string& language = web::choose_language(request);
  const auto& messages = web::Messages::instance().catalogue(language);
  const auto view =
      classroom.class_for(check.signed_in->principal(), accounts::Permission::pupils_read,
                          request.path_param("id").value_or(""));
  if (!view) {
    return web::error_page(request, 404, messages.get("classroom_error_no_class"));
  }
  const auto pupils = classroom.accounts().users().pupils_in_class(view->school_class.id);
  std::vector<std::string> ids;
  ids.reserve(pupils.size());
  for (const auto& pupil : pupils) {
    ids.push_back(pupil.id);
  }
  const ClassMastery table = attempts.mastery().of_pupils(ids, view->school.country_code, language);
  web::TemplateList skills;
  for (const auto& skill : table.skills) {
    web::TemplateData item;
    item.set("name", skill.name);
    item.set("subject", skill.subject_name);
    skills.push_back(std::move(item));
  }
  web::TemplateList rows;
  for (const auto& pupil : pupils) {
    web::TemplateData row;
    row.set("name", pupil.display_name);
    const auto levels = table.levels.find(pupil.id);
    web::TemplateList cells;
    for (const auto& skill : table.skills) {
      MasteryLevel level = MasteryLevel::not_started;
      if (levels != table.levels.end()) {
        if (const auto found = levels->second.find(skill.id); found != levels->second.end()) {
          level = found->second;
        }
      }
      const std::string name(mastery_level_name(level));
      web::TemplateData cell;
      cell.set("level", name);
      cell.set("sign", std::string(level_sign(level)));
      cell.set("label", std::string(messages.get("pupilspace_level_" + name)));
      cells.push_back(std::move(cell));
    }
    row.set("cells", web::TemplateData(cells));
    rows.push_back(std::move(row));
  }
  web::Page page;
  page.title =
      std::string(messages.get("pupilspace_class_skills_title")) + " · " + view->school_class.name;
  page.template_name = "learning/templates/class_skills";
  page.breadcrumbs = {{std::string(messages.get("classroom_classes_title")), "/classes"},
                      {view->school_class.name, "/classes/" + view->school_class.id},
                      {std::string(messages.get("pupilspace_class_skills_title")), ""}};
  page.data.set("css_url", web::asset_url("learning.css"));
  page.data.set("class_name", view->school_class.name);
  page.data.set("skills", web::TemplateData(skills));
  page.data.set("rows", web::TemplateData(rows));
  page.data.set("has_skills", !table.skills.empty());
  return no_store(web::render_page(request, page));
}

}  // namespace

void register_class_skills_routes(http::Router& router, Attempts& attempts,
                                  classroom::Classroom& classroom) {
  router.get(
      "/classes/{id}/skills",
      [&attempts, &classroom](Request& request) {
        return class_skills(attempts, classroom, request);
      },
      http::RouteOptions{.access = std::string(kRead), .blocking = true, .log_query = false});
}

}  // namespace imaginecole::learning
