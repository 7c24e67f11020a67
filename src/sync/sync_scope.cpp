// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/sync_scope.hpp"

#include <algorithm>

namespace imaginecole::sync {
namespace {

// Listed in dependency order: a row's parents come before it when a first sync sends
// everything (the feed's order does the same for later changes).
std::vector<EntityRule> make_rules() {
  const bool d = true;
  return {
      {.name = "subjects", .key = {"id"}, .down = d},
      {.name = "countries", .key = {"id"}, .down = d},
      {.name = "level_crosswalk", .key = {"country_code", "level_slug"}, .down = d},
      {.name = "curriculum_nodes", .key = {"id"}, .down = d},
      {.name = "exams", .key = {"id"}, .down = d},
      {.name = "regions", .key = {"id"}, .down = d},
      {.name = "schools", .key = {"id"}, .down = d},
      {.name = "media", .key = {"id"}, .down = d},
      {.name = "resources", .key = {"id"}, .down = d, .up = d, .draft_only_up = true},
      {.name = "placements", .key = {"id"}, .down = d},
      {.name = "questions", .key = {"id"}, .down = d},
      {.name = "exercise_set_questions", .key = {"resource_id", "question_id"}, .down = d},
      {.name = "question_skills", .key = {"question_id", "skill_id"}, .down = d},
      // A published resource points at its version: versions go down with their resource.
      // A workflow row points at its versions (current, submitted...): they come before it.
      {.name = "resource_versions",
       .key = {"id"},
       .append_only = true,
       .down = d,
       .up = d,
       .draft_only_up = true},
      {.name = "resource_workflow", .key = {"id"}, .up = d, .draft_only_up = true},
      {.name = "classes", .key = {"id"}, .down = d, .up = d},
      {.name = "users", .key = {"id"}, .down = d, .up = d, .user_column = "id"},
      {.name = "user_credentials",
       .key = {"user_id"},
       .down = d,
       .up = d,
       .user_column = "user_id"},
      {.name = "user_status", .key = {"user_id"}, .down = d, .up = d, .user_column = "user_id"},
      {.name = "role_grants", .key = {"id"}, .down = d, .up = d, .user_column = "user_id"},
      {.name = "picture_cards", .key = {"id"}, .down = d, .up = d, .user_column = "id"},
      {.name = "join_requests", .key = {"id"}, .down = d, .up = d, .school_bound = true},
      {.name = "learning_paths", .key = {"id"}, .down = d, .up = d},
      {.name = "learning_path_steps", .key = {"path_id", "resource_id"}, .down = d, .up = d},
      {.name = "assignments", .key = {"id"}, .down = d, .up = d, .school_bound = true},
      {.name = "attempts",
       .key = {"id"},
       .append_only = true,
       .down = d,
       .up = d,
       .user_column = "pupil_id",
       .school_bound = true},
      {.name = "attempt_marks",
       .key = {"id"},
       .append_only = true,
       .down = d,
       .up = d,
       .school_bound = true},
      {.name = "step_completions",
       .key = {"id"},
       .append_only = true,
       .down = d,
       .up = d,
       .user_column = "pupil_id",
       .school_bound = true},
      {.name = "audit_log", .key = {"id"}, .append_only = true, .up = d},
  };
}

}  // namespace

const std::vector<EntityRule>& entity_rules() {
  static const std::vector<EntityRule> rules = make_rules();
  return rules;
}

const EntityRule* find_entity_rule(std::string_view name) {
  const auto& rules = entity_rules();
  const auto found =
      std::find_if(rules.begin(), rules.end(), [&](const EntityRule& r) { return r.name == name; });
  return found == rules.end() ? nullptr : &*found;
}

const std::vector<std::pair<std::string_view, std::string_view>>& entities_not_moved() {
  static const std::vector<std::pair<std::string_view, std::string_view>> out = {
      {"roster_links", "roster imports run on the hub, which keeps their links"},
      {"resource_reviews", "reviews happen on the hub; a school only submits drafts"},
  };
  return out;
}

std::optional<std::string> RowValues::text(std::string_view column) const {
  for (const auto& [name, value] : columns) {
    if (name == column) {
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*number);
      }
      if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::string> school_id_of(storage::Connection& connection, std::string_view code) {
  const auto row =
      connection.query_one("SELECT id FROM schools WHERE code = ?", {std::string(code)});
  return row ? std::optional<std::string>(row->text(0)) : std::nullopt;
}

bool user_belongs_to_school(storage::Connection& connection, std::string_view user_id,
                            std::string_view school_id) {
  const std::string user(user_id);
  const std::string school(school_id);
  // A role beyond the school: any grant not at the school nor at one of its classes.
  const auto beyond = connection.query_one(
      "SELECT 1 FROM role_grants g WHERE g.user_id = ? AND NOT ("
      "(g.scope_kind = 'school' AND g.scope_id = ?) OR (g.scope_kind = 'class' AND g.scope_id "
      "IN (SELECT c.id FROM classes c WHERE c.school_id = ?)))",
      {user, school, school});
  if (beyond) {
    return false;
  }
  const auto member = connection.query_one(
      "SELECT 1 FROM users u WHERE u.id = ? AND (u.school_id = ? OR EXISTS (SELECT 1 FROM "
      "role_grants g WHERE g.user_id = u.id))",
      {user, school});
  return member.has_value();
}

bool user_withdrawn_from_school(storage::Connection& connection, std::string_view user_id,
                                std::string_view school_id) {
  const std::string user(user_id);
  const std::string school(school_id);
  const auto linked = connection.query_one(
      "SELECT 1 FROM users u WHERE u.id = ? AND (u.school_id = ? OR EXISTS (SELECT 1 FROM "
      "role_grants g WHERE g.user_id = u.id AND ((g.scope_kind = 'school' AND g.scope_id = ?) "
      "OR (g.scope_kind = 'class' AND g.scope_id IN (SELECT c.id FROM classes c WHERE "
      "c.school_id = ?)))))",
      {user, school, school, school});
  return linked && !user_belongs_to_school(connection, user, school);
}

bool resource_chosen_for(storage::Connection& connection, std::string_view resource_id,
                         const PeerScope& school) {
  const std::string id(resource_id);
  const auto published =
      connection.query_one("SELECT 1 FROM resources WHERE id = ? AND status = 'published'", {id});
  if (!published) {
    return false;
  }
  if (school.levels.empty() && school.subjects.empty()) {
    return true;  // all of its country: the change log's scope already says which country
  }
  std::string sql =
      "SELECT 1 FROM placements p JOIN curriculum_nodes n ON n.id = p.level_id "
      "WHERE p.resource_id = ? AND p.country_code = ?";
  std::vector<storage::Value> params = {id, school.country};
  auto add_list = [&](std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) {
      return;
    }
    sql += " AND " + std::string(column) + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.emplace_back(values[i]);
    }
    sql += ")";
  };
  add_list("n.slug", school.levels);
  add_list("p.subject_slug", school.subjects);
  return !connection.query(sql + " LIMIT 1", params).empty();
}

bool resource_is_draft(storage::Connection& connection, std::string_view resource_id) {
  const std::string id(resource_id);
  const auto published = connection.query_one(
      "SELECT 1 FROM resources WHERE id = ? AND status NOT IN ('draft', 'in_review')", {id});
  return !published;
}

bool row_fits_school(storage::Connection& connection, const EntityRule& rule, const RowValues& row,
                     const PeerScope& school, std::string_view school_id, bool going_down) {
  if (!rule.user_column.empty()) {
    const auto user = row.text(rule.user_column);
    if (!user || !user_belongs_to_school(connection, *user, school_id)) {
      return false;
    }
  }
  if (rule.name == "role_grants") {
    const auto kind = row.text("scope_kind");
    if (kind != "school" && kind != "class") {
      return false;
    }
  }
  if (rule.school_bound && row.text("school_id") != std::string(school_id)) {
    return false;
  }
  if (going_down) {
    if (rule.name == "resources") {
      return resource_chosen_for(connection, *row.text("id"), school);
    }
    if (const auto resource = row.text("resource_id")) {
      // What hangs on a resource goes only with it (placements, a set's questions, attempts).
      return resource_chosen_for(connection, *resource, school);
    }
    if (rule.name == "placements" || rule.name == "curriculum_nodes" || rule.name == "exams") {
      return row.text("country_code") == school.country;
    }
    return true;
  }
  if (rule.draft_only_up) {
    const auto resource =
        rule.name == "resource_versions" ? row.text("resource_id") : row.text("id");
    if (!resource) {
      return false;
    }
    if (rule.name == "resources") {
      const auto status = row.text("status");
      return (status == "draft" || status == "in_review") &&
             row.text("origin_country") == school.country;
    }
    if (rule.name == "resource_workflow") {
      const auto state = row.text("state");
      return (state == "draft" || state == "in_review") &&
             row.text("country_code") == school.country;
    }
    return resource_is_draft(connection, *resource);
  }
  return true;
}

}  // namespace imaginecole::sync
