// SPDX-License-Identifier: AGPL-3.0-or-later
// The question bank and exercise sets on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "catalog/curriculum_store.hpp"
#include "catalog/demo_loader.hpp"
#include "catalog/resource_store.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/question_store.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"

namespace imaginecole::exercises {
namespace {

using testing::BackendTest;

class QuestionStore_ : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    node_ = storage::node_id(db());
    catalog::CurriculumStore curricula(db(), node_);
    catalog::load_curricula(curricula, catalog::embedded_countries_json());
    store_ = std::make_unique<QuestionStore>(db(), node_);
  }
  QuestionStore& store() { return *store_; }

  std::string exercise_set(const std::string& country, const std::string& status = "published") {
    catalog::ResourceStore resources(db(), node_);
    catalog::Resource resource;
    resource.kind = "exercise_set";
    resource.title = "Fractions";
    resource.origin_country = country;
    resource.status = status;
    resources.create(resource);
    return resource.id;
  }

  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }

  std::string node_;
  std::unique_ptr<QuestionStore> store_;
};

Question choice(const std::string& prompt) {
  Question q;
  q.type = QuestionType::single_choice;
  q.name = prompt;
  q.prompt = prompt;
  q.choices = {{"oui", 1, ""}, {"non", 0, ""}};
  return q;
}

TEST_P(QuestionStore_, CreatesFindsUpdatesAndListsQuestionsOfACountry) {
  Question q = choice("Le Sénégal borde l'Atlantique ?");
  q.category = "Géographie";
  store().create("SN", q, {}, "api");
  ASSERT_FALSE(q.id.empty());
  auto found = store().find(q.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->question, q);
  EXPECT_EQ(found->status, "draft");
  EXPECT_EQ(found->country_code, "SN");
  EXPECT_EQ(found->row_version, 1);

  Question numeric;
  numeric.type = QuestionType::numeric;
  numeric.prompt = "Combien de régions ?";
  numeric.numbers = {{14, 0, 1, ""}};
  store().create("SN", numeric, {});
  Question other = choice("Abidjan est au bord de la lagune Ébrié ?");
  store().create("CI", other, {});

  EXPECT_EQ(store().list({.country = "SN"}).size(), 2U);
  EXPECT_EQ(store().list({.country = "CI"}).size(), 1U);
  EXPECT_EQ(store().list({.country = "SN", .search = "régions"}).size(), 1U);
  EXPECT_EQ(store().list({.country = "SN", .search = "ATLANTIQUE"}).size(), 1U);
  EXPECT_EQ(store().list({.country = "SN", .type = QuestionType::numeric}).size(), 1U);
  EXPECT_EQ(store().list({.country = "SN", .category = std::string("Géographie")}).size(), 1U);
  EXPECT_EQ(store().categories("SN"), (std::vector<std::string>{"", "Géographie"}));

  Question changed = q;
  changed.choices[1].feedback = "Si, toute sa côte.";
  changed.type = QuestionType::multiple_choice;
  EXPECT_TRUE(store().update(q.id, changed));
  found = store().find(q.id);
  EXPECT_EQ(found->question, changed);
  EXPECT_EQ(found->row_version, 2);
  EXPECT_FALSE(store().update("0190f0f0-0000-7000-8000-000000000001", changed));
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'questions'"), 4);
}

TEST_P(QuestionStore_, RefusesInvalidQuestionsAndWritesNothing) {
  Question q = choice("?");
  q.choices[0].fraction = 0;
  EXPECT_THROW(store().create("SN", q, {}), InvalidInput);
  Question good = choice("Bon ?");
  store().create("SN", good, {});
  Question bad = good;
  bad.prompt = "";
  EXPECT_THROW(store().update(good.id, bad), InvalidInput);
  EXPECT_EQ(store().find(good.id)->question.prompt, "Bon ?");
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 1);
}

TEST_P(QuestionStore_, ImportsABankAllOrNothing) {
  ParsedBank bank = read_gift("::A:: Un ? {=oui ~non}\n\n::B:: Essai {}\n\n::C:: Deux ? {#2}\n");
  const auto ids = store().import_bank("SN", bank, {}, "gift:test.gift");
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_EQ(store().find(ids[1])->question.type, QuestionType::essay);  // stored (migration 0022)
  EXPECT_EQ(store().find(ids[2])->source, "gift:test.gift#3");
  EXPECT_EQ(store().find(ids[2])->question.type, QuestionType::numeric);
  ParsedBank renamed = read_gift("::D:: Trois ? {#3}\n");
  store().import_bank("SN", renamed, {}, "gift:x", std::string("Calcul"));
  EXPECT_EQ(store().list({.country = "SN", .category = std::string("Calcul")}).size(), 1U);
  // A country that does not exist: the foreign key refuses, nothing of the bank stays.
  ParsedBank again = read_gift("::A:: Un ? {=oui ~non}\n\n::C:: Deux ? {#2}\n");
  EXPECT_ANY_THROW(store().import_bank("ZZ", again, {}, "gift:x"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 4);
}

TEST_P(QuestionStore_, KeepsTheOrderedQuestionsOfAnExerciseSet) {
  const std::string set = exercise_set("SN");
  std::vector<std::string> ids;
  for (const char* prompt : {"Un ?", "Deux ?", "Trois ?"}) {
    Question q = choice(prompt);
    store().create("SN", q, {});
    ids.push_back(q.id);
  }
  ASSERT_TRUE(store().set_questions(set, {ids[2], ids[0]}));
  auto questions = store().questions_of_set(set);
  ASSERT_EQ(questions.size(), 2U);
  EXPECT_EQ(questions[0].prompt, "Trois ?");
  EXPECT_EQ(questions[1].prompt, "Un ?");
  EXPECT_EQ(questions_from_json(*store().questions_json_of_set(set)), questions);
  ASSERT_TRUE(store().set_questions(set, {ids[1]}));
  EXPECT_EQ(store().questions_of_set(set).size(), 1U);
  EXPECT_EQ(store().exercise_set_country(set), "SN");

  Question foreign = choice("Ailleurs ?");
  store().create("CI", foreign, {});
  EXPECT_FALSE(store().set_questions(set, {foreign.id}));
  EXPECT_FALSE(store().set_questions(set, {ids[0], ids[0]}));
  EXPECT_FALSE(store().set_questions(set, {"0190f0f0-0000-7000-8000-000000000009"}));
  EXPECT_FALSE(store().set_questions("0190f0f0-0000-7000-8000-000000000009", {ids[0]}));
  EXPECT_EQ(store().questions_of_set(set).size(), 1U);  // refused changes changed nothing
}

TEST_P(QuestionStore_, ThePlayerReadsOnlyPublishedQuestionsOfPublishedSets) {
  const std::string published = exercise_set("SN");
  const std::string draft = exercise_set("SN", "draft");
  EXPECT_EQ(store().published_questions(published)->size(), 0U);  // the column's default
  EXPECT_FALSE(store().published_questions(draft));
  const std::vector<Question> frozen = {choice("Publié ?")};
  {
    auto connection = db().write();
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {questions_to_json(frozen), published});
  }
  EXPECT_EQ(*store().published_questions(published), frozen);
}

IMAGINECOLE_ON_BOTH_BACKENDS(QuestionStore_);

}  // namespace
}  // namespace imaginecole::exercises
