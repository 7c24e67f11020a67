// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/country_json.hpp"

#include <boost/json.hpp>

#include <map>

#include "web/page.hpp"

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;

json::value parse_or_null(const std::string& text) {
  json::error_code ec;
  json::value value = json::parse(text, ec);
  return ec ? json::value(nullptr) : value;
}

json::object node_base(const CurriculumNode& node, std::string_view language) {
  json::object out;
  out["slug"] = node.slug;
  out["name"] = web::localized(node.names, language);
  out["names"] = parse_or_null(node.names);
  return out;
}

}  // namespace

json::object country_to_json(const Country& country,
                             const std::vector<const CurriculumNode*>& nodes,
                             const std::vector<const Exam*>& exams, std::string_view language,
                             bool with_subjects) {
  json::object out;
  out["code"] = country.code;
  out["name"] = web::localized(country.names, language);
  out["names"] = parse_or_null(country.names);
  out["languages"] = parse_or_null(country.languages);
  out["streams"] = parse_or_null(country.streams);

  std::map<std::string, std::string> level_slugs;
  json::array cycles;
  for (const CurriculumNode* cycle : nodes) {
    if (cycle->kind != NodeKind::cycle) {
      continue;
    }
    json::object cycle_json = node_base(*cycle, language);
    cycle_json["subsystem"] = cycle->subsystem ? json::value(*cycle->subsystem) : nullptr;
    cycle_json["language"] = cycle->language ? json::value(*cycle->language) : nullptr;
    json::array levels;
    for (const CurriculumNode* level : nodes) {
      if (level->kind != NodeKind::level || level->parent_id != cycle->id) {
        continue;
      }
      level_slugs[level->id] = level->slug;
      json::object level_json = node_base(*level, language);
      if (level->full_names) {
        level_json["full_name"] = web::localized(*level->full_names, language);
      }
      level_json["typical_age"] =
          level->typical_age ? json::value(*level->typical_age) : json::value(nullptr);
      if (with_subjects) {
        json::array subjects;
        for (const CurriculumNode* subject : nodes) {
          if (subject->kind == NodeKind::subject && subject->parent_id == level->id) {
            subjects.push_back(node_base(*subject, language));
          }
        }
        level_json["subjects"] = std::move(subjects);
      }
      levels.push_back(std::move(level_json));
    }
    cycle_json["levels"] = std::move(levels);
    cycles.push_back(std::move(cycle_json));
  }
  out["cycles"] = std::move(cycles);

  json::array exams_json;
  for (const Exam* exam : exams) {
    json::object item;
    item["code"] = exam->code;
    item["name"] = web::localized(exam->names, language);
    item["names"] = parse_or_null(exam->names);
    item["kind"] = exam->kind;
    const auto level = level_slugs.find(exam->level_id);
    item["level"] = level == level_slugs.end() ? json::value(nullptr) : json::value(level->second);
    item["unverified"] = exam->unverified;
    exams_json.push_back(std::move(item));
  }
  out["exams"] = std::move(exams_json);
  return out;
}

}  // namespace imaginecole::catalog
