// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/resource_loader.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <random>
#include <span>
#include <tuple>

#include "core/clock.hpp"
#include "core/embedded.hpp"
#include "core/errors.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(demo_data)

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;

std::string text_field(const json::object& item, std::string_view key, std::string_view where,
                       bool required = true) {
  const auto* value = item.if_contains(key);
  if (value == nullptr && !required) {
    return {};
  }
  if (value == nullptr || !value->is_string() || (required && value->as_string().empty())) {
    throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" must be a text");
  }
  return std::string(value->as_string());
}

std::vector<std::string> text_list(const json::object& item, std::string_view key,
                                   std::string_view where) {
  std::vector<std::string> out;
  const auto* value = item.if_contains(key);
  if (value == nullptr) {
    return out;
  }
  if (!value->is_array()) {
    throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" must be a list");
  }
  for (const auto& entry : value->as_array()) {
    if (!entry.is_string()) {
      throw InvalidInput(std::string(where) + ": \"" + std::string(key) + "\" must hold texts");
    }
    out.emplace_back(entry.as_string());
  }
  return out;
}

// A subject node of a level, by country, level slug and subject slug.
struct SubjectNode {
  std::string id;
  std::string country;
  std::string level_id;
  std::string level_slug;
  std::string subject_slug;
};

std::vector<SubjectNode> subject_nodes(storage::Connection& connection) {
  const auto result = connection.query(
      "SELECT s.id, s.country_code, l.id, l.slug, s.subject_slug FROM curriculum_nodes s "
      "JOIN curriculum_nodes l ON l.id = s.parent_id WHERE s.kind = 'subject' AND s.retired = 0 "
      "AND l.kind = 'level' AND l.retired = 0 ORDER BY s.country_code, l.position, s.position");
  std::vector<SubjectNode> out;
  for (const auto& row : result.rows) {
    out.push_back(SubjectNode{.id = row.text(0),
                              .country = row.text(1),
                              .level_id = row.text(2),
                              .level_slug = row.text(3),
                              .subject_slug = row.text(4)});
  }
  return out;
}

std::string_view pick(std::mt19937_64& random, std::span<const std::string_view> words) {
  return words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(random)];
}

constexpr std::array<std::string_view, 24> kTopics = {"les fractions",
                                                      "les nombres décimaux",
                                                      "la proportionnalité",
                                                      "les équations",
                                                      "le théorème de Pythagore",
                                                      "les aires et périmètres",
                                                      "la conjugaison du passé composé",
                                                      "l'accord du participe passé",
                                                      "le résumé de texte",
                                                      "la lettre administrative",
                                                      "le cycle de l'eau",
                                                      "la photosynthèse",
                                                      "le système solaire",
                                                      "la digestion",
                                                      "les circuits électriques",
                                                      "l'empire du Mali",
                                                      "la colonisation",
                                                      "les indépendances africaines",
                                                      "le climat sahélien",
                                                      "le fleuve Niger",
                                                      "les droits de l'enfant",
                                                      "la citoyenneté",
                                                      "les angles",
                                                      "la division euclidienne"};
constexpr std::array<std::string_view, 10> kOpenings = {
    "Découvrir",   "Comprendre",     "Réviser",       "S'exercer sur", "Maîtriser",
    "Approfondir", "Introduction à", "Problèmes sur", "Évaluation :",  "Fiche pratique :"};
constexpr std::array<std::string_view, 8> kContexts = {
    "au marché de Sandaga",      "dans la cour de l'école",
    "au champ de mil",           "à la coopérative",
    "pendant l'hivernage",       "au bord du fleuve",
    "à la boutique du quartier", "en famille"};
constexpr std::array<std::string_view, 10> kSentences = {
    "On observe d'abord une situation de la vie courante, puis on formule une règle.",
    "L'élève compare les méthodes et justifie chaque étape de son raisonnement.",
    "Le maître propose trois exemples résolus avant les exercices d'application.",
    "Chaque exercice indique le temps conseillé et la compétence travaillée.",
    "On vérifie le résultat en le confrontant à une estimation mentale.",
    "Les erreurs fréquentes sont signalées et corrigées avec l'élève.",
    "Un court bilan rappelle l'essentiel à retenir pour l'examen.",
    "Les élèves travaillent en binômes puis mettent en commun leurs réponses.",
    "La leçon s'appuie sur des données locales : prix, distances, récoltes.",
    "Un problème de synthèse clôt la séance et prépare la suivante."};
constexpr std::array<std::string_view, 7> kGeneratedKinds = {
    "lesson", "lesson", "lesson", "exercise_set", "exercise_set", "teacher_guide", "video"};
constexpr std::array<std::string_view, 4> kLicencePool = {"CC-BY-4.0", "CC-BY-SA-4.0",
                                                          "CC-BY-SA-4.0", "CC-BY-NC-4.0"};
constexpr std::array<std::string_view, 8> kAuthors = {
    "Aminata Diallo", "Kouassi Yao",        "Ousmane Traoré",  "Mariam Konaté",
    "Fatou Ndiaye",   "Jean-Baptiste Agbo", "Hadiza Issoufou", "Ibrahim Sawadogo"};

}  // namespace

std::string_view embedded_resources_json() {
  return find_embedded(embedded::demo_data::files(), "resources.json").value_or("");
}

std::string_view embedded_demo_file(std::string_view name) {
  return find_embedded(embedded::demo_data::files(), name).value_or("");
}

std::string_view embedded_crosswalk_json() {
  return find_embedded(embedded::demo_data::files(), "crosswalk.json").value_or("");
}

int load_crosswalk(ResourceStore& resources, std::string_view json) {
  auto connection = resources.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const int count = resources.load_crosswalk(*connection, json);
  transaction.commit();
  return count;
}

ResourcesLoadReport load_resources(ResourceStore& resources, PlacementStore& placements,
                                   std::string_view text) {
  ResourcesLoadReport report;
  json::error_code ec;
  const json::value document = json::parse(text, ec);
  if (ec || !document.is_object() || !document.as_object().contains("resources") ||
      !document.at("resources").is_array()) {
    throw InvalidInput("resources file: expected {\"resources\": [...]}");
  }
  auto connection = resources.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (connection->query_one("SELECT 1 FROM resources LIMIT 1")) {
    report.already_present = true;
    return report;
  }
  std::map<std::tuple<std::string, std::string, std::string>, const SubjectNode*> by_subject;
  std::map<std::pair<std::string, std::string>, std::string> level_ids;
  const auto nodes = subject_nodes(*connection);
  for (const auto& node : nodes) {
    by_subject[{node.country, node.level_slug, node.subject_slug}] = &node;
    level_ids[{node.country, node.level_slug}] = node.level_id;
  }
  std::map<std::string, bool> keys;
  for (const auto& value : document.at("resources").as_array()) {
    if (!value.is_object()) {
      throw InvalidInput("resources file: each resource must be an object");
    }
    const json::object& item = value.as_object();
    const std::string key = text_field(item, "key", "a resource");
    const std::string where = "resource " + key;
    if (keys.count(key) != 0) {
      throw InvalidInput(where + " is listed twice");
    }
    keys[key] = true;
    Resource resource;
    resource.kind = text_field(item, "kind", where);
    resource.title = text_field(item, "title", where);
    resource.summary = text_field(item, "summary", where, false);
    resource.body = text_field(item, "body", where, false);
    resource.language = text_field(item, "language", where);
    resource.audience = text_field(item, "audience", where);
    resource.licence = text_field(item, "licence", where);
    resource.authors = text_list(item, "authors", where);
    resource.origin_country = text_field(item, "origin_country", where);
    resource.subject_slugs = text_list(item, "subjects", where);
    resource.exam_codes = text_list(item, "exams", where);
    if (const auto* minutes = item.if_contains("duration_minutes");
        minutes && minutes->is_int64()) {
      resource.duration_minutes = static_cast<int>(minutes->as_int64());
    }
    const std::string published = text_field(item, "published_at", where, false);
    if (!published.empty()) {
      resource.published_at = published;
    }
    if (!is_resource_kind(resource.kind) || !is_audience(resource.audience) ||
        !is_licence(resource.licence)) {
      throw InvalidInput(where + ": unknown kind, audience or licence");
    }
    try {
      resources.insert(*connection, resource);
    } catch (const storage::ConstraintViolation& error) {
      throw InvalidInput(where + ": " + error.what());
    }
    ++report.resources;
    const auto* list = item.if_contains("placements");
    if (list == nullptr || !list->is_array()) {
      continue;
    }
    int position = 0;
    for (const auto& entry : list->as_array()) {
      if (!entry.is_object()) {
        throw InvalidInput(where + ": a placement must be an object");
      }
      const std::string country = text_field(entry.as_object(), "country", where);
      const std::string level = text_field(entry.as_object(), "level", where);
      const std::string subject = text_field(entry.as_object(), "subject", where, false);
      Placement placement;
      placement.country_code = country;
      placement.resource_id = resource.id;
      placement.position = position++;
      if (const auto node = by_subject.find({country, level, subject}); node != by_subject.end()) {
        placement.node_id = node->second->id;
        placement.level_id = node->second->level_id;
        placement.subject_slug = subject;
      } else if (const auto level_id = level_ids.find({country, level});
                 level_id != level_ids.end() && subject.empty()) {
        placement.node_id = level_id->second;
        placement.level_id = level_id->second;
      } else {
        throw InvalidInput(where + ": " + country + " has no level " + level +
                           (subject.empty() ? "" : " with subject " + subject));
      }
      placements.insert_resolved(*connection, placement);
      ++report.placements;
    }
  }
  transaction.commit();
  return report;
}

GenerateReport generate_resources(ResourceStore& resources, PlacementStore& placements,
                                  const GenerateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  GenerateReport report;
  std::vector<SubjectNode> nodes;
  std::map<std::pair<std::string, std::string>, std::string> group_of;  // (country, level)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> groups;
  std::map<std::tuple<std::string, std::string, std::string>, const SubjectNode*> by_subject;
  {
    auto connection = resources.database().read();
    nodes = subject_nodes(*connection);
    for (const auto& row :
         connection->query("SELECT group_key, country_code, level_slug FROM level_crosswalk")
             .rows) {
      group_of[{row.text(1), row.text(2)}] = row.text(0);
      groups[row.text(0)].emplace_back(row.text(1), row.text(2));
    }
  }
  if (nodes.empty()) {
    throw InvalidInput("no curricula in the database: run `imaginecole init --demo` first");
  }
  for (const auto& node : nodes) {
    by_subject[{node.country, node.level_slug, node.subject_slug}] = &node;
  }
  // The nodes resources are made at (all of them, or one country's, one level's); by_subject
  // keeps every node for the placements reused in other countries.
  std::vector<const SubjectNode*> chosen;
  for (const auto& node : nodes) {
    if ((options.country.empty() || node.country == options.country) &&
        (options.level.empty() || node.level_slug == options.level)) {
      chosen.push_back(&node);
    }
  }
  if (chosen.empty()) {
    throw InvalidInput("no subject of level '" + (options.level.empty() ? "*" : options.level) +
                       "' in country '" + (options.country.empty() ? "*" : options.country) +
                       "' in the curricula");
  }
  std::mt19937_64 random(options.seed);
  std::uniform_int_distribution<std::size_t> any_node(0, chosen.size() - 1);
  const auto base = std::chrono::sys_days(std::chrono::year{2024} / 1 / 1);
  int done = 0;
  while (done < options.count) {
    auto connection = resources.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const int end = std::min(options.count, done + std::max(options.batch, 1));
    for (; done < end; ++done) {
      const SubjectNode& node = *chosen[any_node(random)];
      Resource resource;
      resource.kind = std::string(pick(random, kGeneratedKinds));
      const std::string topic(pick(random, kTopics));
      resource.title = std::string(pick(random, kOpenings)) + " " + topic + " " +
                       std::string(pick(random, kContexts)) + " (" + node.level_slug + ") n°" +
                       std::to_string(done + 1);
      resource.summary = "Une séance pour " + topic + ", avec des exemples " +
                         std::string(pick(random, kContexts)) + ".";
      resource.body = "## " + std::string(pick(random, kOpenings)) + " " + topic + "\n\n";
      for (int paragraph = 0; paragraph < 3; ++paragraph) {
        for (int sentence = 0; sentence < 3; ++sentence) {
          resource.body += std::string(pick(random, kSentences)) + " ";
        }
        resource.body += "\n\n";
      }
      resource.body += "- " + std::string(pick(random, kSentences)) + "\n- " +
                       std::string(pick(random, kSentences)) + "\n";
      resource.language = node.subject_slug == "english-language" ? "en" : "fr";
      resource.audience = resource.kind == "teacher_guide" ? "teacher" : "pupil";
      resource.licence = std::string(pick(random, kLicencePool));
      resource.authors = {std::string(pick(random, kAuthors))};
      resource.origin_country = node.country;
      resource.duration_minutes = 15 + static_cast<int>(random() % 6) * 10;
      resource.subject_slugs = {node.subject_slug};
      const auto when = base + std::chrono::seconds(random() % (2 * 365 * 86400));
      resource.published_at = core::format_timestamp(when);
      resources.insert(*connection, resource);
      ++report.resources;

      Placement own{.country_code = node.country,
                    .resource_id = resource.id,
                    .node_id = node.id,
                    .level_id = node.level_id,
                    .subject_slug = node.subject_slug,
                    .position = static_cast<int>(random() % 1000)};
      placements.insert_resolved(*connection, own);
      ++report.placements;
      // About a third is reused by another country at the matching level.
      if (random() % 3 == 0) {
        const auto group = group_of.find({node.country, node.level_slug});
        if (group != group_of.end()) {
          const auto& members = groups[group->second];
          const auto& [country, level] = members[random() % members.size()];
          const auto other = by_subject.find({country, level, node.subject_slug});
          if (country != node.country && other != by_subject.end()) {
            Placement reused{.country_code = country,
                             .resource_id = resource.id,
                             .node_id = other->second->id,
                             .level_id = other->second->level_id,
                             .subject_slug = node.subject_slug,
                             .position = static_cast<int>(random() % 1000)};
            placements.insert_resolved(*connection, reused);
            ++report.placements;
          }
        }
      }
    }
    transaction.commit();
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace imaginecole::catalog
