// SPDX-License-Identifier: AGPL-3.0-or-later
// The ten countries' curricula loaded from the demo data, on both backends.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "catalog/demo_loader.hpp"
#include "core/errors.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"

namespace imaginecole::catalog {
namespace {

using testing::BackendTest;

class Curricula : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    store_ = std::make_unique<CurriculumStore>(db(), storage::node_id(db()));
  }
  int count(const std::string& table) {
    auto connection = db().read();
    return static_cast<int>(connection->query_one("SELECT COUNT(*) FROM " + table)->integer(0));
  }
  std::unique_ptr<CurriculumStore> store_;
};

TEST_P(Curricula, DemoDataHoldsTheTenCountries) {
  const auto report = load_curricula(*store_, embedded_countries_json());
  EXPECT_FALSE(report.already_present);
  EXPECT_EQ(report.countries, 10);
  const auto document = boost::json::parse(embedded_countries_json());
  int levels_in_file = 0;
  for (const auto& country : document.at("countries").as_array()) {
    for (const auto& cycle : country.at("cycles").as_array()) {
      levels_in_file += static_cast<int>(cycle.at("levels").as_array().size());
    }
  }
  EXPECT_EQ(report.levels, levels_in_file);

  const auto countries = store_->countries();
  ASSERT_EQ(countries.size(), 10U);
  std::vector<std::string> codes;
  for (const auto& country : countries) {
    codes.push_back(country.code);
  }
  // Listed by French name: Bénin, Burkina Faso, Cameroun, Côte d'Ivoire, Guinée, Mali, Niger,
  // Sénégal, Tchad, Togo.
  EXPECT_EQ(codes,
            (std::vector<std::string>{"BJ", "BF", "CM", "CI", "GN", "ML", "NE", "SN", "TD", "TG"}));
}

TEST_P(Curricula, SenegalHasItsLevelsInOrderAndItsExams) {
  load_curricula(*store_, embedded_countries_json());
  const auto senegal = store_->curriculum("SN");
  ASSERT_TRUE(senegal);
  std::vector<std::string> primary;
  const auto cycles = senegal->cycles();
  ASSERT_EQ(cycles.size(), 3U);
  for (const auto* level : senegal->children_of(cycles[0]->id)) {
    primary.push_back(level->slug);
  }
  EXPECT_EQ(primary, (std::vector<std::string>{"ci", "cp", "ce1", "ce2", "cm1", "cm2"}));
  const CurriculumNode* cm2 = senegal->find_level("cm2");
  ASSERT_NE(cm2, nullptr);
  EXPECT_FALSE(senegal->children_of(cm2->id).empty()) << "subjects per level";
  bool cfee_closes_cm2 = false;
  for (const auto& exam : senegal->exams) {
    if (exam.code == "CFEE") {
      cfee_closes_cm2 = exam.level_id == cm2->id;
    }
  }
  EXPECT_TRUE(cfee_closes_cm2);
}

TEST_P(Curricula, CameroonHasBothSubsystems) {
  load_curricula(*store_, embedded_countries_json());
  const auto cameroon = store_->curriculum("CM");
  ASSERT_TRUE(cameroon);
  ASSERT_NE(cameroon->find_level("form-1"), nullptr);
  EXPECT_EQ(cameroon->find_level("form-1")->subsystem, "anglophone");
  ASSERT_NE(cameroon->find_level("sil"), nullptr);
  EXPECT_EQ(cameroon->find_level("sil")->subsystem, "francophone");
  bool gce_a = false;
  for (const auto& exam : cameroon->exams) {
    gce_a = gce_a || exam.code.find("A") != std::string::npos;
  }
  EXPECT_TRUE(gce_a);
  EXPECT_FALSE(store_->curriculum("XX"));
}

TEST_P(Curricula, LoadingTwiceChangesNothing) {
  load_curricula(*store_, embedded_countries_json());
  const int nodes = count("curriculum_nodes");
  const auto second = load_curricula(*store_, embedded_countries_json());
  EXPECT_TRUE(second.already_present);
  EXPECT_EQ(count("curriculum_nodes"), nodes);
}

TEST_P(Curricula, EveryWriteIsInTheChangeLog) {
  load_curricula(*store_, embedded_countries_json());
  const int records =
      count("subjects") + count("countries") + count("curriculum_nodes") + count("exams");
  EXPECT_EQ(count("change_log"), records);
}

struct BrokenCase {
  const char* name;
  const char* json;
  const char* message_part;
};

TEST_P(Curricula, BrokenDocumentsChangeNothing) {
  const BrokenCase cases[] = {
      {"not json", "{\"subjects\": [", "not valid JSON"},
      {"not an object", "[1, 2]", "must be an object"},
      {"no countries", "{\"subjects\": []}", "\"countries\" must be a list"},
      {"missing english name",
       R"({"subjects": [{"slug": "maths", "name": {"fr": "Maths"}}], "countries": []})",
       "lacks a \"en\" name"},
      {"unknown subject",
       R"({"subjects": [], "countries": [{"code": "SN", "name": {"fr": "Sénégal", "en": "Senegal"},
          "languages": ["fr"], "cycles": [{"slug": "p", "name": {"fr": "P", "en": "P"},
          "levels": [{"slug": "ci", "name": {"fr": "CI", "en": "CI"}, "subjects": ["ghost"]}]}]}]})",
       "unknown subject"},
      {"exam of unknown level",
       R"({"subjects": [], "countries": [{"code": "SN", "name": {"fr": "Sénégal", "en": "Senegal"},
          "languages": ["fr"], "cycles": [{"slug": "p", "name": {"fr": "P", "en": "P"},
          "levels": [], "exams": [{"code": "CFEE", "name": {"fr": "C", "en": "C"},
          "level": "cm2"}]}]}]})",
       "closes unknown level"},
      {"bad country code",
       R"({"subjects": [], "countries": [{"code": "SEN", "name": {"fr": "S", "en": "S"},
          "languages": ["fr"], "cycles": []}]})",
       "two letters"},
  };
  for (const auto& c : cases) {
    try {
      load_curricula(*store_, c.json);
      ADD_FAILURE() << c.name << ": expected InvalidInput";
    } catch (const InvalidInput& error) {
      EXPECT_NE(std::string(error.what()).find(c.message_part), std::string::npos)
          << c.name << ": " << error.what();
    }
    EXPECT_EQ(count("countries"), 0) << c.name;
    EXPECT_EQ(count("subjects"), 0) << c.name;
    EXPECT_EQ(count("change_log"), 0) << c.name;
  }
}

IMAGINECOLE_ON_BOTH_BACKENDS(Curricula);

}  // namespace
}  // namespace imaginecole::catalog
