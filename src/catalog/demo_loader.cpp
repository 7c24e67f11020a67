// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/demo_loader.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/embedded.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(demo_data)

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;

const json::object& object_at(const json::object& parent, std::string_view key,
                              std::string_view where) {
  const auto* value = parent.if_contains(key);
  if (value == nullptr || !value->is_object()) {
    throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" must be an object");
  }
  return value->as_object();
}

const json::array& array_at(const json::object& parent, std::string_view key,
                            std::string_view where) {
  const auto* value = parent.if_contains(key);
  if (value == nullptr || !value->is_array()) {
    throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" must be a list");
  }
  return value->as_array();
}

std::string string_at(const json::object& parent, std::string_view key, std::string_view where) {
  const auto* value = parent.if_contains(key);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    throw InvalidInput(std::string(where) + ": \"" + std::string(key) +
                       "\" must be a non-empty text");
  }
  return std::string(value->as_string());
}

std::optional<std::string> optional_string(const json::object& parent, std::string_view key) {
  const auto* value = parent.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

// Names must at least have French and English.
std::string names_at(const json::object& parent, std::string_view key, std::string_view where) {
  const json::object& names = object_at(parent, key, where);
  for (const std::string_view required : {"fr", "en"}) {
    const auto* value = names.if_contains(required);
    if (value == nullptr || !value->is_string() || value->as_string().empty()) {
      throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" lacks a \"" +
                         std::string(required) + "\" name");
    }
  }
  return json::serialize(names);
}

const json::value& as_object_value(const json::value& value, std::string_view where) {
  if (!value.is_object()) {
    throw InvalidInput(std::string(where) + " must be an object");
  }
  return value;
}

// "Côte d'Ivoire" sorts with the Cs, "Sénégal" with the Ss.
std::string sort_key(std::string_view name) {
  static const std::pair<std::string_view, char> kFold[] = {{"é", 'e'}, {"è", 'e'}, {"ê", 'e'},
                                                            {"É", 'e'}, {"ô", 'o'}, {"î", 'i'},
                                                            {"à", 'a'}, {"ç", 'c'}};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    bool folded = false;
    for (const auto& [from, to] : kFold) {
      if (name.substr(i).starts_with(from)) {
        out.push_back(to);
        i += from.size();
        folded = true;
        break;
      }
    }
    if (!folded) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))));
      ++i;
    }
  }
  return out;
}

// Seeded reference data takes name-based ids (core::name_based_id) from these keys, so two
// servers that load the same file separately hold the same ids and their records meet without
// clashing. Cycle and level slugs are unique within their country (the /SN/cm2 addresses), so
// they key their node alone; a node below a level is keyed by the path from that level. A node an
// editor adds later in the curriculum editor keeps a random UUIDv7: it is a new record, owned
// by the country that made it.
std::string subject_key(std::string_view slug) {
  return "subject:" + std::string(slug);
}
std::string country_key(std::string_view code) {
  return "country:" + std::string(code);
}
std::string top_node_key(std::string_view country, std::string_view slug) {
  return "curriculum:" + std::string(country) + "/" + std::string(slug);
}
std::string exam_key(std::string_view country, std::string_view code) {
  return "exam:" + std::string(country) + "/" + std::string(code);
}

}  // namespace

std::string_view embedded_countries_json() {
  const auto text = find_embedded(embedded::demo_data::files(), "countries.json");
  return text.value_or("");
}

CurriculaLoadReport load_curricula(CurriculumStore& store, std::string_view text) {
  CurriculaLoadReport report;
  json::error_code ec;
  const json::value document = json::parse(text, ec);
  if (ec) {
    throw InvalidInput("curricula file is not valid JSON: " + ec.message());
  }
  const json::object& root = as_object_value(document, "curricula file").as_object();

  auto connection = store.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (connection->query_one("SELECT 1 FROM countries LIMIT 1")) {
    report.already_present = true;
    return report;
  }

  std::map<std::string, bool> known_subjects;
  int subject_position = 0;
  for (const auto& value : array_at(root, "subjects", "curricula file")) {
    const auto& item = as_object_value(value, "a subject").as_object();
    Subject subject;
    subject.slug = string_at(item, "slug", "a subject");
    subject.names = names_at(item, "name", "subject " + subject.slug);
    subject.position = subject_position++;
    subject.id = core::name_based_id(subject_key(subject.slug));
    if (known_subjects.count(subject.slug) != 0) {
      throw InvalidInput("subject " + subject.slug + " is listed twice");
    }
    store.insert_subject(*connection, subject);
    known_subjects[subject.slug] = true;
    ++report.subjects;
  }

  // Countries are listed by their French name.
  std::vector<const json::object*> countries;
  for (const auto& value : array_at(root, "countries", "curricula file")) {
    countries.push_back(&as_object_value(value, "a country").as_object());
  }
  std::stable_sort(countries.begin(), countries.end(), [](const auto* a, const auto* b) {
    return sort_key(a->at("name").at("fr").as_string()) <
           sort_key(b->at("name").at("fr").as_string());
  });

  int country_position = 0;
  for (const json::object* item : countries) {
    Country country;
    country.code = string_at(*item, "code", "a country");
    const std::string where = "country " + country.code;
    if (country.code.size() != 2) {
      throw InvalidInput(where + ": the code must be two letters (ISO 3166-1)");
    }
    country.names = names_at(*item, "name", where);
    country.languages = json::serialize(array_at(*item, "languages", where));
    if (const auto* streams = item->if_contains("streams"); streams != nullptr) {
      if (!streams->is_array()) {
        throw InvalidInput(where + ": \"streams\" must be a list");
      }
      country.streams = json::serialize(*streams);
    }
    country.position = country_position++;
    country.id = core::name_based_id(country_key(country.code));
    store.insert_country(*connection, country);
    ++report.countries;

    std::map<std::string, std::string> level_ids;  // slug -> id
    int cycle_position = 0;
    for (const auto& cycle_value : array_at(*item, "cycles", where)) {
      const auto& cycle_item = as_object_value(cycle_value, where + " cycle").as_object();
      CurriculumNode cycle;
      cycle.country_code = country.code;
      cycle.kind = NodeKind::cycle;
      cycle.slug = string_at(cycle_item, "slug", where + " cycle");
      cycle.names = names_at(cycle_item, "name", where + " cycle " + cycle.slug);
      cycle.position = cycle_position++;
      cycle.subsystem = optional_string(cycle_item, "subsystem");
      cycle.language = optional_string(cycle_item, "language");
      cycle.id = core::name_based_id(top_node_key(country.code, cycle.slug));
      store.insert_node(*connection, cycle);

      int level_position = 0;
      for (const auto& level_value : array_at(cycle_item, "levels", where + " " + cycle.slug)) {
        const auto& level_item = as_object_value(level_value, where + " level").as_object();
        CurriculumNode level;
        level.country_code = country.code;
        level.parent_id = cycle.id;
        level.kind = NodeKind::level;
        level.slug = string_at(level_item, "slug", where + " level");
        const std::string level_where = where + " level " + level.slug;
        level.names = names_at(level_item, "name", level_where);
        if (level_item.contains("full_name")) {
          level.full_names = names_at(level_item, "full_name", level_where);
        }
        level.position = level_position++;
        level.subsystem = cycle.subsystem;
        level.language = cycle.language;
        if (const auto* age = level_item.if_contains("typical_age"); age && age->is_int64()) {
          level.typical_age = static_cast<int>(age->as_int64());
        }
        if (level_ids.count(level.slug) != 0) {
          throw InvalidInput(level_where + " is listed twice");
        }
        const std::string level_key = top_node_key(country.code, level.slug);
        level.id = core::name_based_id(level_key);
        store.insert_node(*connection, level);
        level_ids[level.slug] = level.id;
        ++report.levels;

        int subject_index = 0;
        std::set<std::string> level_subjects;
        for (const auto& subject_value : array_at(level_item, "subjects", level_where)) {
          if (!subject_value.is_string() ||
              known_subjects.count(std::string(subject_value.as_string())) == 0) {
            throw InvalidInput(level_where + ": unknown subject " + json::serialize(subject_value));
          }
          const std::string slug(subject_value.as_string());
          if (!level_subjects.insert(slug).second) {
            throw InvalidInput(level_where + " lists subject " + slug + " twice");
          }
          CurriculumNode subject;
          subject.country_code = country.code;
          subject.parent_id = level.id;
          subject.kind = NodeKind::subject;
          subject.slug = slug;
          subject.subject_slug = slug;
          subject.names =
              connection->query_one("SELECT names FROM subjects WHERE slug = ?", {slug})->text(0);
          subject.position = subject_index++;
          subject.language = cycle.language;
          subject.id = core::name_based_id(level_key + "/" + slug);
          store.insert_node(*connection, subject);
        }
      }

      if (const auto* exams = cycle_item.if_contains("exams"); exams != nullptr) {
        if (!exams->is_array()) {
          throw InvalidInput(where + " cycle " + cycle.slug + ": \"exams\" must be a list");
        }
        for (const auto& exam_value : exams->as_array()) {
          const auto& exam_item = as_object_value(exam_value, where + " exam").as_object();
          Exam exam;
          exam.country_code = country.code;
          exam.code = string_at(exam_item, "code", where + " exam");
          const std::string exam_where = where + " exam " + exam.code;
          exam.names = names_at(exam_item, "name", exam_where);
          exam.kind = optional_string(exam_item, "kind").value_or("certificate");
          if (exam.kind != "certificate" && exam.kind != "competitive") {
            throw InvalidInput(exam_where + ": kind must be certificate or competitive");
          }
          const std::string level_slug = string_at(exam_item, "level", exam_where);
          const auto level = level_ids.find(level_slug);
          if (level == level_ids.end()) {
            throw InvalidInput(exam_where + ": closes unknown level " + level_slug);
          }
          exam.level_id = level->second;
          if (const auto* flag = exam_item.if_contains("unverified"); flag && flag->is_bool()) {
            exam.unverified = flag->as_bool();
          }
          exam.id = core::name_based_id(exam_key(country.code, exam.code));
          store.insert_exam(*connection, exam);
          ++report.exams;
        }
      }
    }
  }
  transaction.commit();
  return report;
}

}  // namespace imaginecole::catalog
