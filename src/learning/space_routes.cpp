// SPDX-License-Identifier: AGPL-3.0-or-later
// "Mon espace" (/me): a pupil's own space (learning/pupil_space.hpp); anyone else goes to
// their landing page, and a visitor to the sign-in form.
#include <array>

#include "accounts/landing.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/resource_queries.hpp"
#include "catalog/skill_placements.hpp"
#include "learning/pupil_space.hpp"
#include "learning/routes.hpp"
#include "web/format.hpp"
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

// A picture per subject, for pupils who read little (emoji: no download, no weight).
std::string_view subject_icon(std::string_view slug) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kIcons = {{
      {"math", "🔢"},
      {"franc", "📖"},
      {"lang", "📖"},
      {"lecture", "📖"},
      {"anglais", "💬"},
      {"english", "💬"},
      {"arabe", "📜"},
      {"scien", "🔬"},
      {"histoire", "🌍"},
      {"civi", "🤝"},
      {"eps", "⚽"},
      {"art", "🎨"},
  }};
  for (const auto& [part, icon] : kIcons) {
    if (slug.find(part) != std::string_view::npos) {
      return icon;
    }
  }
  return "📘";
}

// A level's sign and its message key, for people who do not read colours.
std::string_view level_sign(MasteryLevel level) {
  switch (level) {
    case MasteryLevel::not_started:
      return "○";
    case MasteryLevel::attempted:
      return "◔";
    case MasteryLevel::familiar:
      return "◑";
    case MasteryLevel::proficient:
      return "◕";
    case MasteryLevel::mastered:
      return "★";
  }
  return "○";
}

web::TemplateData space_data(const PupilSpace& space, const web::Catalogue& messages) {
  web::TemplateData data;
  data.set("level_name", space.level_name);
  data.set("young", space.young);
  data.set("css_url", web::asset_url("learning.css"));
  if (space.continue_at) {
    data.set("continue_title", space.continue_at->title);
    data.set("continue_url", space.continue_at->url);
  }
  web::TemplateList subjects;
  for (const auto& subject : space.subjects) {
    web::TemplateData item;
    item.set("name", subject.name);
    item.set("icon", std::string(subject_icon(subject.slug)));
    item.set("url", subject.url);
    item.set("has_answers", subject.answered > 0);
    item.set("percent", std::to_string(subject.percent()));
    web::TemplateList skills;
    for (const auto& skill : subject.skills) {
      web::TemplateData entry;
      const std::string level(mastery_level_name(skill.level));
      entry.set("name", skill.skill.name);
      entry.set("level", level);
      entry.set("sign", std::string(level_sign(skill.level)));
      entry.set("level_label", std::string(messages.get("pupilspace_level_" + level)));
      skills.push_back(std::move(entry));
    }
    item.set("has_skills", !subject.skills.empty());
    item.set("skills", web::TemplateData(skills));
    subjects.push_back(std::move(item));
  }
  data.set("subjects", web::TemplateData(subjects));
  data.set("has_subjects", !space.subjects.empty());
  return data;
}

// The assignments still to do, the first due first (of_pupil's order), at most kShown: the
// whole list is one tap away at /me/assignments.
web::TemplateList assignments_to_do(Assignments& assignments, const web::Catalogue& messages,
                                    const std::string& language, const std::string& pupil_id) {
  constexpr std::size_t kShown = 5;
  web::TemplateList items;
  for (const auto& mine : assignments.of_pupil(pupil_id)) {
    if (mine.progress.status == AssignmentStatus::done || items.size() == kShown) {
      continue;
    }
    const Assignment& assignment = mine.view.assignment;
    web::TemplateData item;
    item.set("title", mine.view.title);
    item.set("url", "/r/" + assignment.resource_id);
    if (assignment.rules.due_at) {
      item.set("due_at", web::format_date(*assignment.rules.due_at, language));
    }
    const std::string status(status_name(mine.progress.status));
    item.set("status", status);
    item.set("status_label", std::string(messages.get("teaching_status_" + status)));
    item.set("is_" + status, true);
    items.push_back(std::move(item));
  }
  return items;
}

Response pupil_page(Attempts& attempts, Assignments& assignments, accounts::Accounts& accounts,
                    const Request& request, const accounts::SignedIn& who) {
  const accounts::User& user = who.user;
  const std::string& language = web::choose_language(request);
  PupilRecords records{.language = language};
  std::optional<catalog::CountryCurriculum> curriculum;
  std::string country;
  if (user.school_id) {
    if (const auto school = accounts.schools().school_by_id(*user.school_id)) {
      country = school->country_code;
      curriculum =
          catalog::CurriculumStore(attempts.database(), attempts.node_id()).curriculum(country);
      records.curriculum = curriculum ? &*curriculum : nullptr;
    }
  }
  for (const auto& grant : who.grants) {
    if (grant.role == accounts::Role::pupil && grant.scope.kind == accounts::ScopeKind::class_) {
      if (const auto school_class = accounts.schools().class_by_id(grant.scope.id)) {
        records.level_slug = school_class->level_slug;
        break;
      }
    }
  }
  records.signs_in_with_pictures = user.picture_code_hash && !user.password_hash;
  records.progress = attempts.progress(user.id);
  {
    auto connection = attempts.database().read();
    std::vector<std::string> sets;
    for (const auto& set : records.progress) {
      sets.push_back(set.resource_id);
    }
    records.set_subjects = catalog::subject_placements(*connection, country, sets);
    if (!sets.empty()) {
      records.last_title = catalog::resource_title(*connection, sets.front());
    }
  }
  records.mastery = attempts.mastery().of_pupil(user.id, country, language);
  const PupilSpace space = pupil_space(records);
  const auto& messages = web::Messages::instance().catalogue(language);
  web::Page page;
  page.title = std::string(messages.get("pupilspace_title"));
  page.template_name = "learning/templates/pupil_space";
  page.data = space_data(space, messages);
  page.data.set("display_name", user.display_name);
  const web::TemplateList to_do = assignments_to_do(assignments, messages, language, user.id);
  page.data.set("has_assignments", !to_do.empty());
  page.data.set("assignments", web::TemplateData(to_do));
  return no_store(web::render_page(request, page));
}

Response my_space(Attempts& attempts, Assignments& assignments, accounts::Accounts& accounts,
                  Request& request) {
  const auto who = accounts.authenticator().signed_in(request);
  if (!who) {
    return no_store(Response::redirect("/signin?next=/me", 303));
  }
  if (who->user.kind != accounts::UserKind::pupil) {
    return no_store(Response::redirect(accounts::landing_path(accounts, *who), 303));
  }
  return pupil_page(attempts, assignments, accounts, request, *who);
}

}  // namespace

void register_space_routes(http::Router& router, Attempts& attempts, Assignments& assignments,
                           accounts::Accounts& accounts) {
  // Public: a visitor is sent to the sign-in form rather than refused. Blocking: database reads.
  router.get(
      "/me",
      [&attempts, &assignments, &accounts](Request& request) {
        return my_space(attempts, assignments, accounts, request);
      },
      http::public_route({.access = {}, .blocking = true}));
}

}  // namespace imaginecole::learning
