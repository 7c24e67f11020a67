// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared library on both backends: resources, lists with filters and pages, placements
// across countries, hiding, curriculum edits, usage counts, loading and generating catalogues.
#include <gtest/gtest.h>

#include <set>

#include "catalog/demo_loader.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "catalog/resource_loader.hpp"
#include "core/errors.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"

namespace imaginecole::catalog {
namespace {

using testing::BackendTest;

// Two lessons: a Senegalese one placed by Senegal and Côte d'Ivoire, an Ivorian one.
constexpr std::string_view kFixture = R"({"resources": [
  {"key": "fractions-sn", "kind": "lesson", "title": "Les fractions", "summary": "Partager.",
   "body": "## Partager\n\nUne galette en 4 parts.", "language": "fr", "audience": "pupil",
   "licence": "CC-BY-SA-4.0", "authors": ["Fatou Sarr"], "origin_country": "SN",
   "duration_minutes": 45, "subjects": ["mathematiques"], "exams": ["CFEE"],
   "published_at": "2026-01-10T08:00:00Z",
   "placements": [{"country": "SN", "level": "cm2", "subject": "mathematiques"},
                  {"country": "CI", "level": "cm2", "subject": "mathematiques"}]},
  {"key": "eau-ci", "kind": "exercise_set", "title": "Le cycle de l'eau", "summary": "",
   "body": "Exercices.", "language": "fr", "audience": "pupil", "licence": "CC-BY-4.0",
   "authors": [], "origin_country": "CI", "subjects": ["eveil-scientifique"], "exams": [],
   "published_at": "2026-02-01T08:00:00Z",
   "placements": [{"country": "CI", "level": "cm2", "subject": "eveil-scientifique"}]}
]})";

class Library_ : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    node_ = storage::node_id(db());
    curricula_ = std::make_unique<CurriculumStore>(db(), node_);
    load_curricula(*curricula_, embedded_countries_json());
    library_ = std::make_unique<Library>(
        db(), node_, LibraryOptions{.usage_flush_every = std::chrono::milliseconds(0)});
    load_crosswalk(library_->resources(), embedded_crosswalk_json());
  }
  ResourceStore& resources() { return library_->resources(); }
  PlacementStore& placements() { return library_->placements(); }
  CurriculumEditor& editor() { return library_->editor(); }

  const CurriculumNode* subject_node(const CountryCurriculum& tree, const std::string& level,
                                     const std::string& subject) {
    const CurriculumNode* level_node = tree.find_level(level);
    if (level_node == nullptr) {
      return nullptr;
    }
    for (const CurriculumNode* child : tree.children_of(level_node->id)) {
      if (child->slug == subject) {
        return child;
      }
    }
    return nullptr;
  }
  std::string subject_id(const std::string& country, const std::string& level,
                         const std::string& subject) {
    const auto tree = curricula_->curriculum(country);
    const CurriculumNode* node = subject_node(*tree, level, subject);
    return node != nullptr ? node->id : "";
  }
  Resource make(const std::string& title, const std::string& country,
                const std::string& kind = "lesson") {
    Resource resource;
    resource.title = title;
    resource.kind = kind;
    resource.origin_country = country;
    resource.summary = "Résumé de " + title;
    resources().create(resource);
    return resource;
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }
  std::vector<std::string> ids(const ResourceList& list) {
    std::vector<std::string> out;
    for (const auto& item : list.results) {
      out.push_back(item.id);
    }
    return out;
  }

  std::string node_;
  std::unique_ptr<CurriculumStore> curricula_;
  std::unique_ptr<Library> library_;
};

TEST_P(Library_, CreatedResourcesAreStampedAndLogged) {
  const Resource resource = make("Équations du premier degré", "SN");
  EXPECT_EQ(resource.slug, "equations-du-premier-degre");
  EXPECT_EQ(resource.id.size(), 36U);
  const auto found = resources().find_published(resource.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "Équations du premier degré");
  EXPECT_TRUE(found->published_at);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'resources'"), 1);

  Resource draft;
  draft.title = "Brouillon";
  draft.origin_country = "SN";
  draft.status = "draft";
  resources().create(draft);
  EXPECT_FALSE(resources().find_published(draft.id)) << "only published resources are public";
  Resource bad;
  bad.title = "X";
  bad.origin_country = "SN";
  bad.kind = "poster";
  EXPECT_THROW(resources().create(bad), InvalidInput);
}

TEST_P(Library_, ListsFilterAndPaginateInAStableOrder) {
  const std::string maths = subject_id("SN", "cm2", "mathematiques");
  for (int i = 0; i < 45; ++i) {
    Resource resource =
        make("Leçon " + std::to_string(i), "SN", i % 3 == 0 ? "exercise_set" : "lesson");
    ASSERT_TRUE(placements().place(
        {.country_code = "SN", .resource_id = resource.id, .node_id = maths, .position = i / 2}));
  }
  ResourceFilter filter{.country = "SN", .level = "cm2", .subject = "mathematiques"};
  const auto first = resources().list(filter);
  EXPECT_EQ(first.total, 45);
  EXPECT_EQ(first.results.size(), 20U);
  EXPECT_EQ(first.page_count(), 3);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    filter.page = page;
    for (const auto& id : ids(resources().list(filter))) {
      EXPECT_TRUE(seen.insert(id).second) << "a resource shows on two pages";
    }
  }
  EXPECT_EQ(seen.size(), 45U);
  filter.page = 1;
  EXPECT_EQ(ids(resources().list(filter)), ids(first)) << "same order every time";
  filter.page = 4;
  EXPECT_TRUE(resources().list(filter).results.empty());

  EXPECT_EQ(resources().list({.country = "SN", .kind = "exercise_set"}).total, 15);
  EXPECT_EQ(resources().list({.country = "SN", .language = "en"}).total, 0);
  EXPECT_EQ(resources().list({.country = "SN", .level = "6e"}).total, 0);
  EXPECT_EQ(resources().list({.country = "SN", .level = "no-such-level"}).total, 0);
  EXPECT_EQ(resources().list({.country = "CI"}).total, 0) << "placed in Senegal only";
}

TEST_P(Library_, DemoFileLoadsAndCoteDIvoireShowsTheSenegaleseLessonUnderItsOwnLevel) {
  const auto report = load_resources(resources(), placements(), kFixture);
  EXPECT_EQ(report.resources, 2);
  EXPECT_EQ(report.placements, 3);
  EXPECT_TRUE(load_resources(resources(), placements(), kFixture).already_present);

  const auto ci = resources().list({.country = "CI", .level = "cm2", .subject = "mathematiques"});
  ASSERT_EQ(ci.total, 1);
  EXPECT_EQ(ci.results[0].title, "Les fractions");
  EXPECT_EQ(ci.results[0].origin_country, "SN");
  EXPECT_EQ(resources().list({.country = "SN", .exam = "CFEE"}).total, 1);
  EXPECT_EQ(resources().list({.country = "SN", .exam = "BFEM"}).total, 0);

  const std::string id = ci.results[0].id;
  const auto where = resources().placements_of(id);
  ASSERT_EQ(where.size(), 2U);
  EXPECT_EQ(where[0].country_code, "CI");
  EXPECT_EQ(where[0].level_slug, "cm2");
  EXPECT_EQ(where[1].country_code, "SN");

  // The crosswalk suggests the CM2 of countries that have not placed it yet.
  bool burkina_cm2 = false;
  for (const auto& suggestion : resources().crosswalk_suggestions(id)) {
    EXPECT_NE(suggestion.country_code, "SN");
    EXPECT_NE(suggestion.country_code, "CI");
    burkina_cm2 =
        burkina_cm2 || (suggestion.country_code == "BF" && suggestion.level_slug == "cm2");
  }
  EXPECT_TRUE(burkina_cm2);
  const auto newest = resources().newest("CI", 5);
  ASSERT_EQ(newest.size(), 2U);
  EXPECT_EQ(newest[0].title, "Le cycle de l'eau");
}

TEST_P(Library_, MalformedDemoFilesLeaveTheDatabaseUntouched) {
  EXPECT_THROW(load_resources(resources(), placements(), "{not json"), InvalidInput);
  EXPECT_THROW(load_resources(resources(), placements(), R"({"resources": [{"key": "x"}]})"),
               InvalidInput);
  EXPECT_THROW(load_resources(resources(), placements(),
                              R"({"resources": [{"key": "x", "kind": "lesson", "title": "T",
                              "language": "fr", "audience": "pupil", "licence": "CC-BY-4.0",
                              "origin_country": "SN", "placements": [{"country": "SN",
                              "level": "nowhere", "subject": "mathematiques"}]}]})"),
               InvalidInput);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), 0);
}

TEST_P(Library_, PlacementsFollowTheRules) {
  const Resource lesson = make("Les angles", "SN");
  const auto ci = curricula_->curriculum("CI");
  const std::string ci_maths = subject_node(*ci, "6e", "mathematiques")->id;
  const std::string sn_maths = subject_id("SN", "6e", "mathematiques");

  const auto placed = placements().place(
      {.country_code = "CI", .resource_id = lesson.id, .node_id = ci_maths, .placed_by = "u1"});
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_EQ(placed->level_id, ci->find_level("6e")->id);
  EXPECT_EQ(placed->subject_slug, "mathematiques");

  auto failure = [&](const PlacementRequest& request) {
    const auto result = placements().place(request);
    return result ? std::optional<EditFailure>() : result.error().failure;
  };
  EXPECT_EQ(failure({.country_code = "CI", .resource_id = lesson.id, .node_id = ci_maths}),
            EditFailure::conflict);
  EXPECT_EQ(failure({.country_code = "CI", .resource_id = lesson.id, .node_id = sn_maths}),
            EditFailure::invalid)
      << "only in one's own tree";
  EXPECT_EQ(
      failure({.country_code = "CI", .resource_id = lesson.id, .node_id = ci->cycles()[0]->id}),
      EditFailure::invalid);
  EXPECT_EQ(failure({.country_code = "CI",
                     .resource_id = "01900000-0000-7000-8000-000000000000",
                     .node_id = ci_maths}),
            EditFailure::not_found);
  Resource draft;
  draft.title = "Brouillon";
  draft.origin_country = "SN";
  draft.status = "draft";
  resources().create(draft);
  EXPECT_EQ(failure({.country_code = "CI", .resource_id = draft.id, .node_id = ci_maths}),
            EditFailure::invalid);
}

TEST_P(Library_, ACountryHidesItsOwnPlacementOnly) {
  load_resources(resources(), placements(), kFixture);
  const std::string id =
      resources().list({.country = "CI", .subject = "mathematiques"}).results.at(0).id;
  std::string ci_placement;
  for (const auto& placement : resources().placements_of(id)) {
    if (placement.country_code == "CI") {
      ci_placement = placement.id;
    }
  }
  EXPECT_EQ(placements().set_hidden("SN", ci_placement, true).error().failure,
            EditFailure::not_found)
      << "Senegal cannot hide what Côte d'Ivoire placed";
  ASSERT_TRUE(placements().set_hidden("CI", ci_placement, true));
  EXPECT_EQ(resources().list({.country = "CI", .subject = "mathematiques"}).total, 0);
  EXPECT_EQ(resources().list({.country = "SN", .subject = "mathematiques"}).total, 1);
  ASSERT_TRUE(placements().set_hidden("CI", ci_placement, false));
  EXPECT_EQ(resources().list({.country = "CI", .subject = "mathematiques"}).total, 1);
}

TEST_P(Library_, CountryAdminsEditTheirTreeAndRetiringKeepsResources) {
  const std::string maths = subject_id("SN", "cm2", "mathematiques");
  const auto fractions = editor().add("SN", {.parent_id = maths,
                                             .kind = NodeKind::unit,
                                             .slug = "fractions",
                                             .names = R"({"fr": "Les fractions"})"});
  ASSERT_TRUE(fractions) << fractions.error().message;
  const auto decimals = editor().add("SN", {.parent_id = maths,
                                            .kind = NodeKind::unit,
                                            .slug = "decimaux",
                                            .names = R"({"fr": "Les décimaux"})"});
  ASSERT_TRUE(decimals);
  const auto topic = editor().add("SN", {.parent_id = fractions->id,
                                         .kind = NodeKind::topic,
                                         .slug = "comparer",
                                         .names = R"({"fr": "Comparer"})"});
  ASSERT_TRUE(topic);
  EXPECT_EQ(editor()
                .add("SN", {.parent_id = maths,
                            .kind = NodeKind::unit,
                            .slug = "fractions",
                            .names = R"({"fr": "Encore"})"})
                .error()
                .failure,
            EditFailure::conflict);
  EXPECT_EQ(
      editor()
          .add(
              "SN",
              {.parent_id = maths, .kind = NodeKind::topic, .slug = "x", .names = R"({"fr": "X"})"})
          .error()
          .failure,
      EditFailure::invalid)
      << "a topic goes under a unit";
  EXPECT_EQ(editor()
                .add("SN", {.parent_id = maths,
                            .kind = NodeKind::unit,
                            .slug = "Bad Slug",
                            .names = R"({"fr": "X"})"})
                .error()
                .failure,
            EditFailure::invalid);
  EXPECT_EQ(
      editor()
          .add("SN", {.parent_id = maths, .kind = NodeKind::unit, .slug = "x", .names = "[1]"})
          .error()
          .failure,
      EditFailure::invalid);
  EXPECT_EQ(
      editor()
          .add("CI",
               {.parent_id = maths, .kind = NodeKind::unit, .slug = "x", .names = R"({"fr": "X"})"})
          .error()
          .failure,
      EditFailure::not_found)
      << "Côte d'Ivoire cannot add under a Senegalese node";

  // Rename and reorder.
  ASSERT_TRUE(editor().change("SN", fractions->id, {.names = R"({"fr": "Fractions"})"}));
  const auto moved = editor().change("SN", decimals->id, {.position = 0});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->position, 0);
  auto tree = curricula_->curriculum("SN");
  auto units = tree->children_of(maths);
  ASSERT_EQ(units.size(), 2U);
  EXPECT_EQ(units[0]->slug, "decimaux");
  EXPECT_EQ(units[1]->slug, "fractions");
  EXPECT_EQ(units[1]->names, R"({"fr":"Fractions"})");

  // A resource placed in the unit's topic; the unit is then retired.
  const Resource lesson = make("Comparer des fractions", "SN");
  const auto placed =
      placements().place({.country_code = "SN", .resource_id = lesson.id, .node_id = topic->id});
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->unit_id, fractions->id);
  EXPECT_EQ(resources().list({.country = "SN", .unit_id = fractions->id}).total, 1);
  ASSERT_TRUE(editor().change("SN", fractions->id, {.retired = true}));
  tree = curricula_->curriculum("SN");
  EXPECT_EQ(tree->children_of(maths).size(), 1U);
  EXPECT_TRUE(resources().find_published(lesson.id)) << "retiring never deletes resources";
  EXPECT_EQ(resources().placements_of(lesson.id).size(), 1U);
  EXPECT_EQ(resources().list({.country = "SN", .level = "cm2", .subject = "mathematiques"}).total,
            1)
      << "still listed under its subject";
  EXPECT_EQ(placements()
                .place({.country_code = "SN", .resource_id = lesson.id, .node_id = fractions->id})
                .error()
                .failure,
            EditFailure::invalid)
      << "nothing new goes into a retired node";
  EXPECT_EQ(editor().change("CI", decimals->id, {.retired = true}).error().failure,
            EditFailure::not_found);
  EXPECT_GE(count("SELECT COUNT(*) FROM change_log WHERE entity = 'curriculum_nodes'"), 4);
}

TEST_P(Library_, ViewsAreCountedInMemoryAndWrittenInBatches) {
  load_resources(resources(), placements(), kFixture);
  const auto list = resources().list({.country = "CI"});
  ASSERT_EQ(list.total, 2);
  UsageCounter& usage = library_->usage();
  for (int i = 0; i < 5; ++i) {
    usage.record_view(list.results[1].id);
  }
  usage.record_view(list.results[0].id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resource_usage"), 0) << "no write per view";
  EXPECT_TRUE(resources().most_used("CI", 5).empty());
  const auto generation = usage.generation();
  EXPECT_EQ(usage.flush(), 2U);
  EXPECT_EQ(usage.generation(), generation + 1);
  EXPECT_EQ(usage.flush(), 0U);
  usage.record_view(list.results[1].id);
  usage.flush();
  EXPECT_EQ(count("SELECT SUM(views) FROM resource_usage"), 7);
  const auto most = resources().most_used("CI", 5);
  ASSERT_EQ(most.size(), 2U);
  EXPECT_EQ(most[0].id, list.results[1].id);
}

TEST_P(Library_, BackgroundFlushAndShutdownFlush) {
  load_resources(resources(), placements(), kFixture);
  const std::string id = resources().list({.country = "CI"}).results.at(0).id;
  {
    UsageCounter usage(db(), std::chrono::milliseconds(50));
    usage.record_view(id);
    for (int i = 0; i < 100 && count("SELECT COUNT(*) FROM resource_usage") == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(count("SELECT SUM(views) FROM resource_usage"), 1);
    usage.record_view(id);
    usage.record_view(id);
  }
  EXPECT_EQ(count("SELECT SUM(views) FROM resource_usage"), 3) << "flushed at shutdown";
}

TEST_P(Library_, GeneratesALargeCatalogue) {
  const auto report =
      generate_resources(resources(), placements(), {.count = 500, .seed = 7, .batch = 200});
  EXPECT_EQ(report.resources, 500);
  EXPECT_GT(report.placements, 550);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), 500);
  std::int64_t placed = 0;
  for (const auto& country : curricula_->countries()) {
    placed += resources().list({.country = country.code}).total;
  }
  EXPECT_EQ(placed, report.placements);
}

TEST_P(Library_, GeneratesACatalogueForOneCountryAndLevel) {
  const auto report =
      generate_resources(resources(), placements(),
                         {.count = 300, .seed = 11, .batch = 100, .country = "SN", .level = "cm2"});
  EXPECT_EQ(report.resources, 300);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources WHERE origin_country = 'SN'"), 300);
  // Each resource's own placement is at SN's CM2; only reuses go elsewhere.
  EXPECT_EQ(count("SELECT COUNT(DISTINCT p.resource_id) FROM placements p JOIN curriculum_nodes n "
                  "ON n.id = p.level_id WHERE p.country_code = 'SN' AND n.slug = 'cm2'"),
            300);
  EXPECT_EQ(count("SELECT COUNT(*) FROM placements p JOIN curriculum_nodes n ON n.id = "
                  "p.level_id WHERE p.country_code = 'SN' AND n.slug <> 'cm2'"),
            0);
  EXPECT_THROW(generate_resources(resources(), placements(), {.count = 1, .country = "XX"}),
               InvalidInput);
  EXPECT_THROW(
      generate_resources(resources(), placements(), {.count = 1, .country = "SN", .level = "zz"}),
      InvalidInput);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), 300) << "a refused generation adds nothing";
}

IMAGINECOLE_ON_BOTH_BACKENDS(Library_);

TEST(Markdown, RendersTablesAndEscapesHtmlAndDangerousLinks) {
  const std::string html = markdown_to_html(
      "# Titre\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n"
      "[ok](https://example.org) [bad](javascript:alert(1)) [rel](/r/x) $x < 2$");
  EXPECT_NE(html.find("<h1>Titre</h1>"), std::string::npos);
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://example.org\""), std::string::npos);
  EXPECT_EQ(html.find("javascript"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/r/x\""), std::string::npos);
  // Maths becomes MathML on the server (catalog/math_mathml.hpp), still escaped.
  EXPECT_NE(html.find("<mi>x</mi><mo>&lt;</mo><mn>2</mn>"), std::string::npos) << html;
}

TEST(Slugs, FoldAccentsAndPunctuation) {
  EXPECT_EQ(slugify("Équations du premier degré"), "equations-du-premier-degre");
  EXPECT_EQ(slugify("  L'eau : état, cycle !"), "l-eau-etat-cycle");
  EXPECT_EQ(slugify("!!!"), "ressource");
}

}  // namespace
}  // namespace imaginecole::catalog
