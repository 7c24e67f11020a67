// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/question_skill_pages.hpp"

#include <algorithm>
#include <set>

#include "catalog/curriculum_store.hpp"
#include "core/ids.hpp"
#include "exercises/page_support.hpp"
#include "exercises/skill_choices.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

using http::Request;
using http::Response;
using web::TemplateData;
using web::TemplateList;

// Reads only: no node id is needed to read a curriculum.
std::vector<SkillChoice> choices_of(QuestionStore& store, const std::string& country,
                                    std::string_view language) {
  const auto curriculum = catalog::CurriculumStore(store.database(), "").curriculum(country);
  return curriculum ? skill_choices(*curriculum, language) : std::vector<SkillChoice>{};
}

Response accept_suggestion(QuestionStore& store, accounts::Accounts& accounts, Request& request) {
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
  std::string skill;
  for (auto& [name, value] : http::parse_form(request.body)) {
    if (name == "skill") {
      skill = std::move(value);
    }
  }
  const auto choices = choices_of(store, stored->country_code, web::choose_language(request));
  if (std::none_of(choices.begin(), choices.end(),
                   [&](const SkillChoice& choice) { return choice.id == skill; })) {
    return web::error_page(request, 400, page_message(request, "pupilspace_error_skill"));
  }
  std::vector<std::string> skills = stored->skills;
  if (std::find(skills.begin(), skills.end(), skill) == skills.end()) {
    skills.push_back(skill);
    store.set_skills(id, skills, editor.who->user.id);
  }
  Response response = Response::redirect("/edit/questions/" + id, 303);
  response.set_header("Cache-Control", "no-store");
  return web::with_flash(std::move(response), request, web::Flash::saved);
}

}  // namespace

TemplateData skills_field(QuestionStore& store, const Request& request, const std::string& country,
                          const std::string& question_id, const std::vector<std::string>& selected,
                          const std::string& category) {
  const auto choices = choices_of(store, country, web::choose_language(request));
  if (choices.empty()) {
    return TemplateData(false);
  }
  const std::set<std::string> chosen(selected.begin(), selected.end());
  TemplateList groups;
  for (std::size_t i = 0; i < choices.size();) {
    TemplateData group;
    group.set("label", choices[i].group);
    TemplateList options;
    const std::string& name = choices[i].group;
    for (; i < choices.size() && choices[i].group == name; ++i) {
      TemplateData option;
      option.set("id", choices[i].id);
      option.set("label", choices[i].label);
      option.set("selected", chosen.contains(choices[i].id));
      options.push_back(std::move(option));
    }
    group.set("options", TemplateData(options));
    groups.push_back(std::move(group));
  }
  TemplateData field;
  field.set("groups", TemplateData(groups));
  field.set("size", std::to_string(std::min<std::size_t>(choices.size() + groups.size(), 10)));
  TemplateList suggestions;
  if (!question_id.empty()) {
    for (const auto& choice : suggested_skills(choices, category, selected)) {
      TemplateData item;
      item.set("id", choice.id);
      item.set("label", choice.label);
      item.set("group", choice.group);
      suggestions.push_back(std::move(item));
    }
  }
  field.set("has_suggestions", !suggestions.empty());
  field.set("suggestions", TemplateData(suggestions));
  field.set("suggest_action", "/edit/questions/" + question_id + "/skills");
  return field;
}

std::optional<std::vector<std::string>> posted_skills(const Request& request) {
  bool shown = false;
  std::vector<std::string> skills;
  for (auto& [name, value] : http::parse_form(request.body)) {
    if (name == "skills_shown") {
      shown = true;
    } else if (name == "skills") {
      skills.push_back(std::move(value));
    }
  }
  return shown ? std::optional(std::move(skills)) : std::nullopt;
}

void save_posted_skills(QuestionStore& store, const std::string& country,
                        const std::string& question_id, const std::vector<std::string>& skills,
                        const std::string& tagged_by) {
  std::set<std::string> known;
  for (const auto& choice : choices_of(store, country, "fr")) {
    known.insert(choice.id);
  }
  std::vector<std::string> kept;
  for (const auto& skill : skills) {
    if (known.contains(skill)) {
      kept.push_back(skill);
    }
  }
  store.set_skills(question_id, kept, tagged_by);
}

void register_question_skill_pages(http::Router& router, QuestionStore& store,
                                   accounts::Accounts& accounts) {
  router.post(
      "/edit/questions/{id}/skills",
      [&store, &accounts](Request& request) { return accept_suggestion(store, accounts, request); },
      http::RouteOptions{
          .access = std::string(kPagesEditAccess), .blocking = true, .max_body_bytes = 8 * 1024});
}

}  // namespace imaginecole::exercises
