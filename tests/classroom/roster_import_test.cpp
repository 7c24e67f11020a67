// SPDX-License-Identifier: AGPL-3.0-or-later
// Roster imports on both backends: a teacher's class list and our OneRoster fixture folder,
// dry runs, second imports, --remove-absent, and broken files that must change nothing.
#include "classroom/roster_import.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../accounts/accounts_fixture.hpp"
#include "support/fixtures.hpp"

namespace imaginecole::classroom {
namespace {

using accounts::AccountsTest;

// Row counts of every table an import may write.
std::vector<std::int64_t> counts(storage::Database& database) {
  auto connection = database.read();
  std::vector<std::int64_t> out;
  for (const char* table : {"users", "role_grants", "schools", "classes", "roster_links",
                            "picture_cards", "audit_log", "change_log"}) {
    out.push_back(connection->query_one("SELECT COUNT(*) FROM " + std::string(table))->integer(0));
  }
  return out;
}

// A class of `count` pupils as a French spreadsheet saves it: ';', UTF-8, accents, CRLF.
std::string french_class_list(int count) {
  const char* first_names[] = {"Aïssatou", "Mamadou",  "Fatoumata", "Ousmane", "Ndèye",
                               "Chérif",   "Mariétou", "Ibrahima",  "Khady",   "Sérigne"};
  const char* last_names[] = {"Ndiaye", "Diop", "Fall", "Sow", "Guèye", "Bâ", "Cissé", "Faye"};
  std::string csv = "\xEF\xBB\xBFNom;Prénom;Date de naissance\r\n";
  for (int i = 0; i < count; ++i) {
    csv += std::string(last_names[i % 8]) + ";" + first_names[i % 10] + " " +
           std::to_string(i / 10 + 1) + ";" + std::to_string(i % 28 + 1) + "/03/2014\r\n";
  }
  return csv;
}

class RosterImport : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    importer_ = std::make_unique<RosterImporter>(accounts(), node_id_);
    school_ = *accounts().schools().school_by_code("DKR001");
    class_id_ = accounts().schools().classes_of(school_.id).at(0).id;
  }
  RosterPlan class_list(std::string csv, bool apply, bool remove_absent = false) {
    return importer_->import_class_list(ClassListImport{.csv = std::move(csv),
                                                        .file_name = "cm2a.csv",
                                                        .class_id = class_id_,
                                                        .remove_absent = remove_absent,
                                                        .actor_id = std::nullopt,
                                                        .remote_address = "test"},
                                        apply);
  }
  static std::map<std::string, std::string> sample() {
    return read_oneroster_folder(testing::fixture_path("oneroster/ecoles-thies").string());
  }
  RosterPlan oneroster(std::map<std::string, std::string> files, bool apply,
                       bool remove_absent = false) {
    return importer_->import_oneroster(OneRosterImport{.files = std::move(files),
                                                       .country_code = "SN",
                                                       .remove_absent = remove_absent,
                                                       .actor_id = std::nullopt,
                                                       .remote_address = "test"},
                                       apply);
  }
  std::int64_t scalar(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
    auto connection = db().read();
    return connection->query_one(sql, params)->integer(0);
  }
  std::int64_t pupils_in_class() {
    return scalar(
        "SELECT COUNT(*) FROM role_grants WHERE role = 'pupil' AND scope_kind = 'class' AND "
        "scope_id = ?",
        {class_id_});
  }
  void expect_refused_unchanged(const RosterPlan& plan, const std::vector<std::int64_t>& before,
                                std::string_view code) {
    EXPECT_FALSE(plan.ok());
    EXPECT_FALSE(plan.applied);
    bool found = false;
    for (const auto& issue : plan.errors) {
      found = found || issue.code == code;
    }
    EXPECT_TRUE(found) << "no error " << code << " in " << boost::json::serialize(plan_json(plan));
    EXPECT_EQ(counts(db()), before);
  }

  std::unique_ptr<RosterImporter> importer_;
  accounts::School school_;
  std::string class_id_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(RosterImport);

TEST_P(RosterImport, SixtyPupilsDryRunThenApplyThenAllUnchanged) {
  const std::string csv = french_class_list(60);
  const auto before = counts(db());
  const std::int64_t enrolled_before = pupils_in_class();

  const RosterPlan dry = class_list(csv, false);
  ASSERT_TRUE(dry.ok()) << boost::json::serialize(plan_json(dry));
  EXPECT_FALSE(dry.applied);
  EXPECT_EQ(dry.count(RowAction::create), 60u);
  EXPECT_EQ(dry.rows.front().row, 2u);
  EXPECT_EQ(dry.rows.front().name, "Aïssatou 1 Ndiaye");
  EXPECT_EQ(dry.rows.front().key, "aissatou-1.ndiaye");
  EXPECT_EQ(counts(db()), before);  // a dry run writes nothing

  const RosterPlan applied = class_list(csv, true);
  ASSERT_TRUE(applied.ok()) << boost::json::serialize(plan_json(applied));
  EXPECT_TRUE(applied.applied);
  EXPECT_EQ(applied.count(RowAction::create), 60u);
  EXPECT_EQ(pupils_in_class(), enrolled_before + 60);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users WHERE kind = 'pupil' AND school_id = ? AND "
                   "username = 'ndeye-1.gueye'",
                   {school_.id}),
            1);
  // Every new pupil got a picture code, shown once in the result and kept for the cards.
  for (const auto& row : applied.rows) {
    ASSERT_TRUE(accounts::normalize_picture_code(row.picture_code)) << row.key;
  }
  const auto pupil = accounts().users().pupil_by_username(school_.id, applied.rows[5].key);
  ASSERT_TRUE(pupil);
  EXPECT_EQ(pupil->display_name, "Chérif 1 Bâ");
  EXPECT_TRUE(accounts().hasher().verify(*pupil->picture_code_hash, applied.rows[5].picture_code));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM picture_cards WHERE id = ? AND picture_code = ?",
                   {pupil->id, applied.rows[5].picture_code}),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.import'"), 1);

  const auto after = counts(db());
  const RosterPlan again = class_list(csv, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.count(RowAction::unchanged), 60u);
  EXPECT_EQ(again.count(RowAction::create), 0u);
  EXPECT_EQ(pupils_in_class(), enrolled_before + 60);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), after[0]);
}

TEST_P(RosterImport, EnglishHeadersUsernamesPasswordsAndHomonyms) {
  const std::string csv =
      "First Name,LAST_NAME,Username,Password,Picture code\n"
      "Awa,Diop,,,\n"
      "Awa,Diop,,,\n"
      "Paul,Mendy,paul.m,secret-1,\n"
      "Rose,Sarr,,,2-4-6\n";
  const RosterPlan plan = class_list(csv, true);
  ASSERT_TRUE(plan.ok()) << boost::json::serialize(plan_json(plan));
  ASSERT_EQ(plan.rows.size(), 4u);
  EXPECT_EQ(plan.rows[0].key, "awa.diop");
  EXPECT_EQ(plan.rows[1].key, "awa.diop2");
  EXPECT_EQ(plan.rows[2].key, "paul.m");
  EXPECT_TRUE(plan.rows[2].picture_code.empty());  // a password was given: nothing generated
  EXPECT_TRUE(plan.rows[3].picture_code.empty());  // the file's own code is not echoed
  const auto paul = accounts().users().pupil_by_username(school_.id, "paul.m");
  ASSERT_TRUE(paul);
  EXPECT_TRUE(accounts().hasher().verify(*paul->password_hash, "secret-1"));
  const auto rose = accounts().users().pupil_by_username(school_.id, "rose.sarr");
  ASSERT_TRUE(rose);
  EXPECT_TRUE(accounts().hasher().verify(*rose->picture_code_hash, "2-4-6"));

  const RosterPlan again = class_list(csv, false);
  EXPECT_EQ(again.count(RowAction::unchanged), 4u) << boost::json::serialize(plan_json(again));
}

TEST_P(RosterImport, ExistingPupilsAreMatchedByUsernameAndUpdated) {
  // awa, moussa and fatou are the demo pupils of CM2 A.
  const RosterPlan plan =
      class_list("identifiant;nom;prenom\nawa;Ndiaye;Awa\nmoussa;;Moussa\n", true);
  ASSERT_TRUE(plan.ok()) << boost::json::serialize(plan_json(plan));
  EXPECT_EQ(plan.rows[0].action, RowAction::update);
  EXPECT_EQ(plan.rows[0].changes, (std::vector<std::string>{"display_name"}));
  EXPECT_EQ(plan.rows[1].action, RowAction::unchanged);
  EXPECT_EQ(accounts().users().pupil_by_username(school_.id, "awa")->display_name, "Awa Ndiaye");
}

TEST_P(RosterImport, RemoveAbsentDisablesOnlyWhenAsked) {
  const std::string csv = "nom;prenom\nDiallo;Binta\n";
  const RosterPlan kept = class_list(csv, true);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept.count(RowAction::remove), 0u);
  EXPECT_FALSE(accounts().users().pupil_by_username(school_.id, "fatou")->disabled);

  const RosterPlan dry = class_list(csv, false, true);
  EXPECT_EQ(dry.count(RowAction::remove), 3u);  // awa, moussa, fatou
  EXPECT_FALSE(accounts().users().pupil_by_username(school_.id, "fatou")->disabled);

  const RosterPlan removed = class_list(csv, true, true);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed.count(RowAction::remove), 3u);
  const auto fatou = accounts().users().pupil_by_username(school_.id, "fatou");
  ASSERT_TRUE(fatou);  // disabled, never deleted
  EXPECT_TRUE(fatou->disabled);
  EXPECT_FALSE(accounts().users().pupil_by_username(school_.id, "binta.diallo")->disabled);

  // In the file again: enabled again.
  const RosterPlan back = class_list("identifiant;nom;prenom\nfatou;;Fatou\n", true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.rows[0].changes, (std::vector<std::string>{"enabled"}));
  EXPECT_FALSE(accounts().users().pupil_by_username(school_.id, "fatou")->disabled);
}

TEST_P(RosterImport, BrokenClassListsChangeNothing) {
  const auto before = counts(db());
  // A byte that is neither UTF-8 nor Windows-1252 after two good rows.
  expect_refused_unchanged(class_list("nom;prenom\nDiop;Awa\nFall;Ami\nNdiaye;A\x81ssatou\n", true),
                           before, "not_windows_1252");
  expect_refused_unchanged(class_list("classe;age\nCM2;10\n", true), before, "missing_column");
  expect_refused_unchanged(class_list("nom;prenom\nDiop;Awa\nFall;Ami;extra\n", true), before,
                           "ragged_row");
  expect_refused_unchanged(
      class_list("nom;prenom;identifiant\nDiop;Awa;awa2\nFall;Ami;AWA2\n", true), before,
      "duplicate_id");
  expect_refused_unchanged(class_list("nom;prenom\n", true), before, "no_rows");
  expect_refused_unchanged(class_list("", true), before, "empty_file");
  expect_refused_unchanged(class_list("nom;prenom;code_images\nDiop;Awa;1-1-1\n", true), before,
                           "invalid_value");
  expect_refused_unchanged(class_list("nom;prenom\n\"Diop;Awa\n", true), before,
                           "unterminated_quote");
  // A good row beside a bad one: nothing of the good one is written either.
  const RosterPlan mixed =
      class_list("nom;prenom;date_naissance\nDiop;Awa;2014-03-01\nFall;Ami;hier\n", true);
  expect_refused_unchanged(mixed, before, "invalid_value");
  EXPECT_EQ(mixed.rows[0].action, RowAction::create);
  EXPECT_EQ(mixed.rows[1].action, RowAction::error);
  EXPECT_EQ(mixed.rows[1].row, 3u);
}

TEST_P(RosterImport, OneRosterFolderCreatesThenUpdatesNothing) {
  const auto before = counts(db());
  const RosterPlan dry = oneroster(sample(), false);
  ASSERT_TRUE(dry.ok()) << boost::json::serialize(plan_json(dry));
  EXPECT_EQ(counts(db()), before);

  const RosterPlan plan = oneroster(sample(), true);
  ASSERT_TRUE(plan.ok()) << boost::json::serialize(plan_json(plan));
  EXPECT_TRUE(plan.applied);
  // 2 schools, 3 classes, 2 pupils, 3 enrolments.
  EXPECT_EQ(plan.count(RowAction::create), 10u) << plan_text(plan);
  const auto school = accounts().schools().school_by_code("THIES-ESCALE");
  ASSERT_TRUE(school);
  EXPECT_EQ(school->country_code, "SN");
  EXPECT_EQ(school->name, "École de l'Escale");
  const auto pupil = accounts().users().pupil_by_username(school->id, "awa.sarr");
  ASSERT_TRUE(pupil);
  EXPECT_EQ(pupil->display_name, "Awa Sarr");
  EXPECT_EQ(accounts().users().grants_of(pupil->id).size(), 2u);  // CM2 A and CM2 fractions
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM roster_links WHERE source = 'oneroster:SN'"), 7);

  const auto after = counts(db());
  const RosterPlan again = oneroster(sample(), true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.count(RowAction::create), 0u);
  EXPECT_EQ(again.count(RowAction::unchanged), 10u);
  auto after_again = counts(db());
  EXPECT_EQ(std::vector(after_again.begin(), after_again.begin() + 6),
            std::vector(after.begin(), after.begin() + 6));

  // A renamed class is an update, keyed by its sourcedId.
  auto files = sample();
  const auto at = files["classes.csv"].find("CM1 unique");
  files["classes.csv"].replace(at, 10, "CM1 A");
  const RosterPlan renamed = oneroster(files, true);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed.count(RowAction::update), 1u);
}

TEST_P(RosterImport, OneRosterTeachersAndRemoveAbsent) {
  auto files = sample();
  files["users.csv"] +=
      "ens-diouf,active,,true,org-escale,teacher,m.diouf,,Mariama,Diouf,,,,,,,,\n";
  files["enrollments.csv"] += "ins-4,cl-cm2a,org-escale,ens-diouf,teacher,active,,false,,\n";
  const RosterPlan plan = oneroster(files, true);
  ASSERT_TRUE(plan.ok()) << boost::json::serialize(plan_json(plan));
  const auto teacher = accounts().users().staff_by_username("m.diouf");
  ASSERT_TRUE(teacher);
  const auto grants = accounts().users().grants_of(teacher->id);
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].role, accounts::Role::teacher);
  EXPECT_EQ(grants[0].scope.kind, accounts::ScopeKind::class_);

  // The teacher leaves the file: kept without the flag, disabled with it.
  const RosterPlan kept = oneroster(sample(), true);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept.count(RowAction::remove), 0u);
  EXPECT_FALSE(accounts().users().staff_by_username("m.diouf")->disabled);
  const RosterPlan removed = oneroster(sample(), true, true);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed.count(RowAction::remove), 1u);
  EXPECT_TRUE(accounts().users().staff_by_username("m.diouf")->disabled);
}

TEST_P(RosterImport, BrokenOneRosterFoldersChangeNothing) {
  const auto before = counts(db());
  auto duplicate = sample();
  duplicate["users.csv"] += "el-awa,active,,true,org-escale,student,autre,,A,B,,,,,,,,\n";
  expect_refused_unchanged(oneroster(duplicate, true), before, "duplicate_id");

  auto unknown = sample();
  unknown["enrollments.csv"] += "ins-9,cl-cm9,org-escale,el-awa,student,active,,,,\n";
  expect_refused_unchanged(oneroster(unknown, true), before, "unknown_reference");

  auto missing = sample();
  const auto header_end = missing["classes.csv"].find('\n');
  missing["classes.csv"].replace(0, header_end,
                                 "sourcedId,status,dateLastModified,title,grades,courseSourcedId");
  expect_refused_unchanged(oneroster(missing, true), before, "missing_column");

  auto ragged = sample();
  ragged["orgs.csv"] += "999,active\n";
  expect_refused_unchanged(oneroster(ragged, true), before, "ragged_row");

  auto latin1 = sample();
  latin1["users.csv"] += "el-rene,active,,true,org-escale,student,m,,Ren\xE9,Diop,,,,,,,,\n";
  expect_refused_unchanged(oneroster(latin1, true), before, "not_utf8");

  auto no_file = sample();
  no_file.erase("enrollments.csv");
  expect_refused_unchanged(oneroster(no_file, true), before, "missing_file");
}

}  // namespace
}  // namespace imaginecole::classroom
