// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow through AuthoringService on both backends, with the demo curricula
// and accounts: Togo writes, reviews and publishes a lesson, Niger adapts it, and every
// refusal (other country, editor publishing, four eyes, licence, class resources) holds.
#include <gtest/gtest.h>

#include <sodium.h>

#include "accounts/accounts.hpp"
#include "accounts/demo_accounts.hpp"
#include "authoring/authoring.hpp"
#include "catalog/demo_loader.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "catalog/resource_loader.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"

namespace imaginecole::authoring {
namespace {

using accounts::ScopeKind;

constexpr std::string_view kLessonV1 =
    "## Partager une galette\n\nUne moitié s'écrit $\\frac{1}{2}$.\n\n"
    "![Une galette coupée en deux parts égales](/media/"
    "0000000000000000000000000000000000000000000000000000000000000000)\n";

class Workflow_ : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    node_ = storage::node_id(db());
    curricula_ = std::make_unique<catalog::CurriculumStore>(db(), node_);
    catalog::load_curricula(*curricula_, catalog::embedded_countries_json());
    library_ = std::make_unique<catalog::Library>(
        db(), node_, catalog::LibraryOptions{.usage_flush_every = std::chrono::milliseconds(0)});
    accounts::AccountsOptions options;
    options.hasher.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
    options.hasher.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    accounts_ = std::make_unique<accounts::Accounts>(db(), node_, options);
    accounts::load_demo_accounts(*accounts_);
    authoring_ = std::make_unique<Authoring>(
        db(), node_, *library_, *curricula_, *accounts_,
        AuthoringOptions{.questions_of = [this](std::string_view) { return questions_; }});
  }

  AuthoringService& service() { return authoring_->service(); }

  Actor staff(const std::string& username) {
    const auto user = accounts_->users().staff_by_username(username);
    EXPECT_TRUE(user) << username;
    return Actor{
        .principal = {.user_id = user->id, .grants = accounts_->users().grants_of(user->id)},
        .remote_address = "192.0.2.7"};
  }
  Actor pupil(const std::string& school_code, const std::string& username) {
    const auto school = accounts_->schools().school_by_code(school_code);
    const auto user = accounts_->users().pupil_by_username(school->id, username);
    EXPECT_TRUE(user) << username;
    return Actor{
        .principal = {.user_id = user->id, .grants = accounts_->users().grants_of(user->id)},
        .remote_address = "192.0.2.8"};
  }
  static std::string class_of(const Actor& actor) {
    for (const auto& grant : actor.principal.grants) {
      if (grant.scope.kind == ScopeKind::class_) {
        return grant.scope.id;
      }
    }
    return {};
  }

  // A subject node of a level of `country`'s tree.
  std::string some_subject(const std::string& country) {
    const auto tree = curricula_->curriculum(country);
    for (const auto* cycle : tree->cycles()) {
      for (const auto* level : tree->children_of(cycle->id)) {
        for (const auto* subject : tree->children_of(level->id)) {
          return subject->id;
        }
      }
    }
    return {};
  }

  // Every pointer at a version holds the UUID of the version its number names (migration 0016),
  // and a pointer without a number has no UUID either.
  void expect_versions_by_uuid() {
    const auto version_of = [](const std::string& resource, const std::string& number) {
      return "COALESCE((SELECT v.id FROM resource_versions v WHERE v.resource_id = " + resource +
             " AND v.number = " + number + "), '')";
    };
    std::string mismatch = "SELECT COUNT(*) FROM resource_workflow w WHERE 1 = 0";
    for (const std::string column :
         {"current_version", "submitted_version", "published_version", "class_version"}) {
      mismatch += " OR COALESCE(w." + column + "_id, '') <> " + version_of("w.id", "w." + column);
    }
    mismatch += " OR COALESCE(w.origin_version_id, '') <> " +
                version_of("w.origin_resource_id", "w.origin_version");
    EXPECT_EQ(count(mismatch), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM resource_reviews t WHERE COALESCE(t.version_id, '') <> " +
                    version_of("t.resource_id", "t.version_number")),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM resources r JOIN resource_workflow w ON w.id = r.id "
                    "WHERE r.published_version IS NOT NULL AND COALESCE(r.published_version_id, "
                    "'') <> " +
                    version_of("r.id", "r.published_version")),
              0);
    EXPECT_GT(count("SELECT COUNT(*) FROM resource_reviews WHERE version_id IS NOT NULL"), 0);
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }

  static Content lesson(std::string title, std::string body) {
    Content c;
    c.title = std::move(title);
    c.summary = "Les fractions au CM2.";
    c.body = std::move(body);
    c.authors = {"Kossi Agbeko"};
    c.subject_slugs = {"mathematiques"};
    return c;
  }

  std::string node_;
  std::unique_ptr<catalog::CurriculumStore> curricula_;
  std::unique_ptr<catalog::Library> library_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<Authoring> authoring_;
  std::optional<std::string> questions_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(Workflow_);

TEST_P(Workflow_, TogoWritesReviewerSendsBackThenPublishesNigerAdapts) {
  const Actor editor = staff("tg.editor");
  const Actor reviewer = staff("tg.reviewer");
  Content content = lesson("Les fractions", std::string(kLessonV1));
  content.node_id = some_subject("TG");
  const auto created =
      service().create(editor, NewDraft{.content = content, .comment = "premier jet"});
  ASSERT_TRUE(created) << created.problem().message_key;
  const std::string id = created->resource_id;
  EXPECT_EQ(created->country_code, "TG");
  EXPECT_EQ(created->current_version, 1);
  // A draft is not public.
  EXPECT_FALSE(library_->resources().find_published(id));

  content.body += "\nUn quart s'écrit $\\frac{1}{4}$.\n";
  auto saved = service().save(editor, id, content, "un quart", 1);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->current_version, 2);
  // Saving from a stale version is a conflict, and writes nothing.
  EXPECT_EQ(service().save(editor, id, content, "", 1).problem().failure, Failure::conflict);

  ASSERT_TRUE(service().submit(editor, id, "prêt"));
  EXPECT_EQ(service().store().workflow(id)->state, State::in_review);
  // The editor cannot publish; a reviewer must say why when sending back.
  EXPECT_EQ(service().publish(editor, id, "").problem().failure, Failure::refused);
  EXPECT_EQ(service().send_back(reviewer, id, "  ").problem().failure, Failure::invalid);
  const auto back = service().send_back(reviewer, id, "Ajoutez un exemple avec une pizza.");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->state, State::draft);
  const auto opened = service().open(editor, id);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->workflow.last_comment, "Ajoutez un exemple avec une pizza.");

  content.body += "\nExemple : une pizza coupée en deux.\n";
  ASSERT_TRUE(service().save(editor, id, content, "exemple", 2));
  ASSERT_TRUE(service().submit(editor, id, ""));
  const auto published = service().publish(reviewer, id, "Très bien.");
  ASSERT_TRUE(published) << published.problem().message_key;
  EXPECT_EQ(published->published_version, 3);
  EXPECT_EQ(published->state, State::published);
  auto visible = library_->resources().find_published(id);
  ASSERT_TRUE(visible);
  EXPECT_NE(visible->body.find("pizza"), std::string::npos);
  EXPECT_EQ(visible->origin_country, "TG");
  // Placed in Togo's tree at the chosen node.
  const auto placements = library_->resources().placements_of(id);
  ASSERT_EQ(placements.size(), 1U);
  EXPECT_EQ(placements.front().node_id, content.node_id);

  // A newer draft (v4) leaves what pupils see untouched.
  Content v4 = content;
  v4.title = "Les fractions — brouillon";
  v4.body += "\nBROUILLON NON RELU\n";
  ASSERT_TRUE(service().save(editor, id, v4, "suite", 3));
  visible = library_->resources().find_published(id);
  EXPECT_EQ(visible->title, "Les fractions");
  EXPECT_EQ(visible->body.find("BROUILLON"), std::string::npos);
  EXPECT_EQ(service().store().workflow(id)->state, State::draft);
  EXPECT_EQ(service().store().workflow(id)->published_version, 3);

  // Versions are immutable: v1 still holds the first text.
  const auto history = service().history(editor, id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 4U);
  EXPECT_EQ(history->front().number, 4);
  EXPECT_EQ(service().store().version(id, 1)->content.body, kLessonV1);
  const auto pair = service().compare(editor, id, 1, 3);
  ASSERT_TRUE(pair);
  EXPECT_NE(pair->second.content.body.find("pizza"), std::string::npos);

  // Niger adapts the published version (3), keeping CC BY-SA.
  const Actor niger = staff("ne.editor");
  const auto adapted = service().adapt(niger, id, "");
  ASSERT_TRUE(adapted) << adapted.problem().message_key;
  const std::string copy = adapted->resource_id;
  EXPECT_EQ(adapted->country_code, "NE");
  EXPECT_EQ(adapted->origin_resource_id, id);
  EXPECT_EQ(adapted->origin_version, 3);
  EXPECT_EQ(adapted->origin_country, "TG");
  EXPECT_EQ(adapted->origin_licence, "CC-BY-SA-4.0");
  const auto copied = service().store().version(copy, 1);
  EXPECT_EQ(copied->content.title, "Les fractions");
  EXPECT_EQ(copied->content.body.find("BROUILLON"), std::string::npos) << "the published version";
  Content niger_text = copied->content;
  niger_text.licence = "CC-BY-4.0";
  const auto relicensed = service().save(niger, copy, niger_text, "", std::nullopt);
  ASSERT_FALSE(relicensed);
  EXPECT_EQ(relicensed.problem().fields.front().message_key, "authoring_error_licence_locked");
  niger_text.licence = "CC-BY-SA-4.0";
  niger_text.body += "\nAu Niger, on partage la galette de mil.\n";
  ASSERT_TRUE(service().save(niger, copy, niger_text, "contexte nigérien", 1));
  ASSERT_TRUE(service().submit(niger, copy, ""));
  ASSERT_TRUE(service().publish(staff("ne.reviewer"), copy, ""));
  const auto attribution = library_->resources().attribution_of(copy);
  ASSERT_TRUE(attribution);
  EXPECT_NE(attribution->find(id), std::string::npos);
  EXPECT_NE(attribution->find("\"version\":3"), std::string::npos) << *attribution;
  EXPECT_NE(attribution->find("\"country\":\"TG\""), std::string::npos) << *attribution;
  EXPECT_FALSE(service().open(niger, copy)->origin_newer_version);

  // Togo publishes v5: the adapter is told, and may compare the published versions.
  ASSERT_TRUE(service().save(editor, id, content, "v5", 4));
  ASSERT_TRUE(service().submit(editor, id, ""));
  ASSERT_TRUE(service().publish(reviewer, id, ""));
  EXPECT_EQ(service().open(niger, copy)->origin_newer_version, 5);
  const auto board = service().dashboard(niger);
  ASSERT_EQ(board.origin_updates.size(), 1U);
  EXPECT_EQ(board.origin_updates.front(), copy);
  EXPECT_TRUE(service().compare(niger, id, 3, 5));
  EXPECT_FALSE(service().compare(niger, id, 3, 4)) << "v4 was never published";
  EXPECT_FALSE(service().history(niger, id)) << "another country's drafts stay hidden";

  // Every transition is in the audit log and the change log.
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'resource.%'"), 15);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resource_versions WHERE resource_id IN (SELECT id FROM "
                  "resource_workflow WHERE country_code = 'TG')"),
            5);
  EXPECT_GE(count("SELECT COUNT(*) FROM change_log WHERE entity = 'resource_versions'"), 7);

  // Unpublishing hides it again.
  ASSERT_TRUE(service().unpublish(reviewer, id, "erreur"));
  EXPECT_FALSE(library_->resources().find_published(id));
  expect_versions_by_uuid();
}

TEST_P(Workflow_, RefusalsStayWithinEachCountry) {
  const Actor editor = staff("tg.editor");
  const auto created = service().create(editor, NewDraft{.content = lesson("Leçon", "Texte")});
  ASSERT_TRUE(created);
  const std::string id = created->resource_id;
  const Actor ci_editor = staff("ci.editor");
  const Actor ci_reviewer = staff("ci.reviewer");
  // Another country's editor cannot see, save or submit it: the same 404 as an absent id.
  EXPECT_EQ(service().save(ci_editor, id, lesson("X", "Y"), "", std::nullopt).problem().failure,
            Failure::not_found);
  EXPECT_EQ(service().submit(ci_editor, id, "").problem().failure, Failure::not_found);
  EXPECT_EQ(service().open(ci_editor, id).problem().failure, Failure::not_found);
  EXPECT_EQ(service().open(ci_editor, "0190a0a0-0000-7000-8000-000000000000").problem().failure,
            Failure::not_found);
  // Nor create in Togo.
  EXPECT_EQ(service()
                .create(ci_editor, NewDraft{.country = "TG", .content = lesson("A", "B")})
                .problem()
                .failure,
            Failure::refused);
  ASSERT_TRUE(service().submit(editor, id, ""));
  EXPECT_EQ(service().publish(ci_reviewer, id, "").problem().failure, Failure::not_found);
  EXPECT_EQ(service().send_back(ci_reviewer, id, "non").problem().failure, Failure::not_found);
  EXPECT_EQ(service().publish(editor, id, "").problem().failure, Failure::refused);
  EXPECT_EQ(service().store().workflow(id)->state, State::in_review);

  // Four eyes: the platform admin (editor and reviewer) cannot publish a version they wrote.
  const Actor admin = staff("platform.admin");
  const auto own = service().create(admin, NewDraft{.country = "TG", .content = lesson("A", "B")});
  ASSERT_TRUE(own);
  ASSERT_TRUE(service().submit(admin, own->resource_id, ""));
  const auto refused = service().publish(admin, own->resource_id, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().message_key, "authoring_error_own_version");
  EXPECT_TRUE(service().publish(staff("tg.reviewer"), own->resource_id, ""));
}

TEST_P(Workflow_, AllRightsReservedCannotBeAdapted) {
  Content content = lesson("Manuel officiel", "Texte protégé.");
  content.licence = "all-rights-reserved";
  const auto created = service().create(staff("tg.editor"), NewDraft{.content = content});
  ASSERT_TRUE(created);
  ASSERT_TRUE(service().submit(staff("tg.editor"), created->resource_id, ""));
  ASSERT_TRUE(service().publish(staff("tg.reviewer"), created->resource_id, ""));
  const auto before = count("SELECT COUNT(*) FROM resources");
  const auto adapted = service().adapt(staff("ne.editor"), created->resource_id, "");
  ASSERT_FALSE(adapted);
  EXPECT_EQ(adapted.problem().failure, Failure::refused);
  EXPECT_EQ(adapted.problem().message_key, "authoring_error_adapt_forbidden");
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), before);
  // Nor can a draft be adapted (it is not public), nor one's own country's resource.
  const auto draft = service().create(staff("tg.editor"), NewDraft{.content = lesson("B", "C")});
  EXPECT_EQ(service().adapt(staff("ne.editor"), draft->resource_id, "").problem().failure,
            Failure::not_found);
  EXPECT_EQ(service().adapt(staff("tg.editor"), created->resource_id, "").problem().failure,
            Failure::invalid);
}

TEST_P(Workflow_, TeacherResourceStaysInTheClassUntilTheCountryPublishesIt) {
  const Actor teacher = staff("sn.teacher");
  const Actor awa = pupil("DKR001", "awa");
  const std::string class_id = class_of(teacher);
  ASSERT_FALSE(class_id.empty());
  const auto created = service().create(
      teacher, NewDraft{.class_id = class_id, .content = lesson("Ma fiche", "Pour ma classe.")});
  ASSERT_TRUE(created) << created.problem().message_key;
  const std::string id = created->resource_id;
  EXPECT_EQ(created->country_code, "SN");
  // Its teacher reads the draft; its pupils wait until the teacher shares it.
  EXPECT_TRUE(service().class_view(teacher, id));
  EXPECT_FALSE(service().class_view(awa, id));
  EXPECT_TRUE(service().class_resources(awa).empty());
  EXPECT_EQ(service().class_resources(teacher).size(), 1U);
  // Only the class's teacher shares it: not the country's editor, not a pupil.
  EXPECT_EQ(service().share_with_class(staff("sn.editor"), id, "").problem().failure,
            Failure::not_found);
  EXPECT_EQ(service().share_with_class(awa, id, "").problem().failure, Failure::not_found);
  const auto shared = service().share_with_class(teacher, id, "pour demain");
  ASSERT_TRUE(shared) << shared.problem().message_key;
  EXPECT_EQ(shared->class_version, 1);
  EXPECT_EQ(service().share_with_class(teacher, id, "").problem().failure, Failure::conflict);
  // The class sees version 1 even once the teacher writes version 2; another class, another
  // country's teacher, the country's editors do not see it; nor does any public page.
  ASSERT_TRUE(service().save(teacher, id, lesson("Ma fiche", "VERSION 2 EN COURS"), "", 1));
  const auto seen = service().class_view(awa, id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->number, 1);
  EXPECT_EQ(service().class_view(teacher, id)->number, 2);
  EXPECT_FALSE(service().class_view(pupil("ABJ001", "aya"), id));
  EXPECT_FALSE(service().class_view(staff("ci.teacher"), id));
  EXPECT_FALSE(service().open(staff("sn.editor"), id));
  EXPECT_FALSE(library_->resources().find_published(id));
  EXPECT_EQ(service().class_resources(awa).size(), 1U);
  EXPECT_TRUE(service().class_resources(pupil("ABJ001", "aya")).empty());
  // An image without a description is not shared: what pupils read must be accessible.
  ASSERT_TRUE(service().save(teacher, id, lesson("Ma fiche", "![](carte.png)"), "", 2));
  const auto unfit = service().share_with_class(teacher, id, "");
  ASSERT_FALSE(unfit);
  EXPECT_EQ(unfit.problem().failure, Failure::invalid);
  ASSERT_EQ(unfit.problem().content.size(), 1U);
  EXPECT_EQ(unfit.problem().content[0].kind, catalog::MarkdownProblem::Kind::missing_alt);
  EXPECT_EQ(service().store().workflow(id)->class_version, 1) << "nothing changed";
  ASSERT_TRUE(service().save(teacher, id, lesson("Ma fiche", "![Une carte](carte.png)"), "", 3));
  // Another class's teacher cannot write for this class.
  EXPECT_EQ(
      service()
          .create(staff("ci.teacher"), NewDraft{.class_id = class_id, .content = lesson("X", "Y")})
          .problem()
          .failure,
      Failure::refused);
  // Submitted to the country's review: the queue shows it, the reviewer publishes it.
  ASSERT_TRUE(service().submit(teacher, id, "à partager"));
  const auto queue = service().dashboard(staff("sn.reviewer")).queue;
  ASSERT_EQ(queue.size(), 1U);
  EXPECT_EQ(queue.front().resource_id, id);
  EXPECT_TRUE(service().dashboard(staff("ci.reviewer")).queue.empty());
  const auto published = service().publish(staff("sn.reviewer"), id, "");
  ASSERT_TRUE(published);
  EXPECT_TRUE(library_->resources().find_published(id));
  // Everyone's now, and still in its class's list, at the published version.
  EXPECT_EQ(published->class_id, class_id);
  EXPECT_EQ(published->class_version, 4);
  EXPECT_EQ(service().class_view(awa, id)->number, 4);
  EXPECT_TRUE(service().open(staff("sn.editor"), id));
  expect_versions_by_uuid();
}

TEST_P(Workflow_, ContentProblemsKeepAVersionFromReviewAndPublication) {
  const Actor editor = staff("tg.editor");
  const Actor reviewer = staff("tg.reviewer");
  const auto created = service().create(
      editor, NewDraft{.content = lesson("Carte", "![](/media/carte)\n\n$\\frac{1}{$")});
  ASSERT_TRUE(created) << "saving is never refused for these";
  const std::string id = created->resource_id;
  const auto refused = service().submit(editor, id, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().failure, Failure::invalid);
  EXPECT_EQ(refused.problem().message_key, "authoring_error_content_problems");
  ASSERT_EQ(refused.problem().content.size(), 2U);
  EXPECT_EQ(refused.problem().content[0].kind, catalog::MarkdownProblem::Kind::missing_alt);
  EXPECT_EQ(refused.problem().content[1].kind, catalog::MarkdownProblem::Kind::formula);
  EXPECT_EQ(service().store().workflow(id)->state, State::draft);
  EXPECT_EQ(service().store().transitions(id).size(), 1U) << "only the creation";
  ASSERT_TRUE(service().save(editor, id, lesson("Carte", "![Carte du Togo](/media/carte)"), "", 1));
  ASSERT_TRUE(service().submit(editor, id, ""));
  ASSERT_TRUE(service().publish(reviewer, id, ""));
}

// Issue 13: the questions of an exercise set are read like its body (prompts, choices, hints,
// solutions, feedback): a picture without a description or a broken formula keeps it back.
TEST_P(Workflow_, ContentProblemsInAnExerciseSetsQuestionsKeepItFromReview) {
  const Actor editor = staff("tg.editor");
  questions_ =
      R"j([{"id":"q1","type":"single_choice","name":"![](/media/nom)","prompt":"Combien ?",)j"
      R"j("choices":[{"text":"$\\frac{1}{$","fraction":1},{"text":"2","fraction":0}]},)j"
      R"j({"id":"q2","type":"short_text","prompt":"Lis.","hints":["![](/media/indice)"],)j"
      R"j("solution":"Voir ![](/media/solution)","texts":[{"text":"a","fraction":1}]}])j";
  Content set = lesson("Questions à images", "Réponds aux questions.");
  set.kind = "exercise_set";
  const auto created = service().create(editor, NewDraft{.content = set});
  ASSERT_TRUE(created);
  const auto refused = service().submit(editor, created->resource_id, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().message_key, "authoring_error_content_problems");
  const auto& problems = refused.problem().content;
  ASSERT_EQ(problems.size(), 3U);  // not the question's name: only editors see it
  EXPECT_EQ(problems[0].kind, catalog::MarkdownProblem::Kind::formula);
  EXPECT_NE(problems[0].detail.find("(question 1)"), std::string::npos) << problems[0].detail;
  EXPECT_EQ(problems[1].kind, catalog::MarkdownProblem::Kind::missing_alt);
  EXPECT_NE(problems[1].detail.find("(question 2)"), std::string::npos) << problems[1].detail;
  EXPECT_EQ(problems[2].kind, catalog::MarkdownProblem::Kind::missing_alt);

  questions_ = R"j([{"id":"q1","type":"short_text","prompt":"Combien font $\\frac{1}{2}$ ?",)j"
               R"j("texts":[{"text":"0,5","fraction":1}]}])j";
  ASSERT_TRUE(service().save(editor, created->resource_id, set, "", 1));
  ASSERT_TRUE(service().submit(editor, created->resource_id, ""));
}

TEST_P(Workflow_, PublishedResourcesWithoutWorkflowAreAdoptedOnce) {
  const auto loaded = catalog::load_resources(library_->resources(), library_->placements(),
                                              catalog::embedded_resources_json());
  ASSERT_GT(loaded.resources, 0);
  const int adopted = service().adopt_published("demo data");
  EXPECT_EQ(adopted, loaded.resources);
  EXPECT_EQ(service().adopt_published("demo data"), 0) << "idempotent";
  // A Togolese demo lesson is now an ordinary published resource: its editor changes it,
  // pupils keep the published version until a reviewer publishes the next.
  const auto row = db().read()->query_one(
      "SELECT id, body FROM resources WHERE origin_country = 'TG' AND kind = 'lesson' "
      "ORDER BY id LIMIT 1");
  ASSERT_TRUE(row);
  const std::string id = row->text(0);
  const Actor editor = staff("tg.editor");
  const auto opened = service().open(editor, id);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->workflow.state, State::published);
  EXPECT_EQ(opened->workflow.published_version, 1);
  EXPECT_EQ(opened->current.author_id, kImportAuthor);
  EXPECT_EQ(opened->current.content.body, row->text(1));
  EXPECT_FALSE(service().open(staff("ne.editor"), id)) << "another country adapts instead";
  Content changed = opened->current.content;
  changed.body += "\n\nUN AJOUT NON RELU";
  ASSERT_TRUE(service().save(editor, id, changed, "", 1));
  EXPECT_EQ(library_->resources().find_published(id)->body, row->text(1));
  ASSERT_TRUE(service().submit(editor, id, ""));
  ASSERT_TRUE(service().publish(staff("tg.reviewer"), id, ""));
  EXPECT_NE(library_->resources().find_published(id)->body.find("UN AJOUT"), std::string::npos);
  expect_versions_by_uuid();
}

TEST_P(Workflow_, BrokenInputWritesNothing) {
  const Actor editor = staff("tg.editor");
  const auto before = count("SELECT COUNT(*) FROM resources");
  const auto missing = service().create(editor, NewDraft{.content = lesson("", "Texte")});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.problem().failure, Failure::invalid);
  EXPECT_EQ(missing.problem().fields.front().field, "title");
  Content huge = lesson("Énorme", std::string(2 * 1024 * 1024, 'a'));
  EXPECT_EQ(service().create(editor, NewDraft{.content = huge}).problem().fields.front().field,
            "body");
  Content licence = lesson("Licence", "x");
  licence.licence = "WTFPL";
  EXPECT_EQ(service().create(editor, NewDraft{.content = licence}).problem().fields.front().field,
            "licence");
  Content node = lesson("Ailleurs", "x");
  node.node_id = some_subject("SN");  // not in Togo's tree
  EXPECT_EQ(service().create(editor, NewDraft{.content = node}).problem().fields.front().field,
            "node_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM resources"), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM resource_versions"), 0);

  const auto created = service().create(editor, NewDraft{.content = lesson("Bon", "x")});
  ASSERT_TRUE(created);
  EXPECT_FALSE(service().save(editor, created->resource_id, huge, "", std::nullopt));
  EXPECT_EQ(count("SELECT COUNT(*) FROM resource_versions"), 1);
  EXPECT_EQ(
      service().save(editor, "not-an-id", lesson("a", "b"), "", std::nullopt).problem().failure,
      Failure::not_found);
}

TEST_P(Workflow_, ExerciseSetVersionsFreezeTheirQuestions) {
  const Actor editor = staff("tg.editor");
  std::string questions = "[";
  for (int i = 1; i <= 10; ++i) {
    questions += std::string(i > 1 ? "," : "") + R"({"id":"q)" + std::to_string(i) + R"("})";
  }
  questions += "]";
  questions_ = questions;
  Content set = lesson("Dix questions sur les fractions", "Répondez.");
  set.kind = "exercise_set";
  const auto created = service().create(editor, NewDraft{.content = set});
  ASSERT_TRUE(created);
  questions_ = R"([{"id":"q1"}])";
  ASSERT_TRUE(service().save(editor, created->resource_id, set, "", 1));
  EXPECT_EQ(service().store().version(created->resource_id, 1)->content.questions, questions);
  EXPECT_EQ(service().store().version(created->resource_id, 2)->content.questions,
            R"([{"id":"q1"}])");
  // Publication writes the published version's questions where the player reads them.
  ASSERT_TRUE(service().submit(editor, created->resource_id, ""));
  questions_ = R"([{"id":"changed-after-submit"}])";
  ASSERT_TRUE(service().publish(staff("tg.reviewer"), created->resource_id, ""));
  auto connection = db().read();
  EXPECT_EQ(
      connection->query_one("SELECT questions FROM resources WHERE id = ?", {created->resource_id})
          ->text(0),
      R"([{"id":"q1"}])");
}

}  // namespace
}  // namespace imaginecole::authoring
