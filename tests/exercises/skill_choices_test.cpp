// SPDX-License-Identifier: AGPL-3.0-or-later
// The skills offered to an editor (units and topics, grouped by level and subject, each unit
// followed by its topics) and those an import's category suggests (a shared word, case and
// accents ignored), on plain values.
#include <gtest/gtest.h>

#include "exercises/skill_choices.hpp"

namespace imaginecole::exercises {
namespace {

using catalog::CurriculumNode;
using catalog::NodeKind;

CurriculumNode node(std::string id, std::optional<std::string> parent, NodeKind kind,
                    std::string name) {
  return CurriculumNode{.id = std::move(id),
                        .country_code = "SN",
                        .parent_id = std::move(parent),
                        .kind = kind,
                        .slug = id,
                        .names = R"({"fr": ")" + name + R"("})"};
}

catalog::CountryCurriculum sample() {
  catalog::CountryCurriculum curriculum;
  curriculum.country.code = "SN";
  curriculum.nodes = {node("cm2", std::nullopt, NodeKind::level, "CM2"),
                      node("fr", "cm2", NodeKind::subject, "Français"),
                      node("math", "cm2", NodeKind::subject, "Mathématiques"),
                      node("fractions", "math", NodeKind::unit, "Fractions"),
                      node("geometrie", "math", NodeKind::unit, "Géométrie"),
                      node("conjugaison", "fr", NodeKind::unit, "Conjugaison"),
                      node("comparer", "fractions", NodeKind::topic, "Comparer des fractions"),
                      node("angles", "geometrie", NodeKind::topic, "Angles droits")};
  return curriculum;
}

TEST(SkillChoices, UnitsAndTopicsGroupedBySubjectEachUnitBeforeItsTopics) {
  const auto choices = skill_choices(sample(), "fr");
  std::vector<std::string> order;
  for (const auto& choice : choices) {
    order.push_back(choice.id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"conjugaison", "fractions", "comparer", "geometrie",
                                             "angles"}));
  EXPECT_EQ(choices[0].group, "CM2 · Français");
  EXPECT_EQ(choices[2].group, "CM2 · Mathématiques");
  EXPECT_EQ(choices[2].label, "Fractions › Comparer des fractions");
}

TEST(SkillChoices, TheCategorySuggestsSkillsSharingAWord) {
  const auto choices = skill_choices(sample(), "fr");
  std::vector<std::string> ids;
  for (const auto& choice : suggested_skills(choices, "$course$/GEOMETRIE/Les angles", {})) {
    ids.push_back(choice.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"geometrie", "angles"}));
  // Already tagged: not suggested again. Short and common words suggest nothing.
  EXPECT_EQ(suggested_skills(choices, "Géométrie", {"geometrie", "angles"}).size(), 0U);
  EXPECT_TRUE(suggested_skills(choices, "$course$/Défaut pour 6e", {}).empty());
  EXPECT_TRUE(suggested_skills(choices, "", {}).empty());
}

}  // namespace
}  // namespace imaginecole::exercises
