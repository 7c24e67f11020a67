// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole import roster` through the real binary on both backends: exit codes, the JSON
// report, dry runs and broken files that write nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/fixtures.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

// Our own OneRoster 1.1 folder: 2 schools, 3 classes, 2 pupils, 3 enrolments.
std::string oneroster_folder() {
  return fixture_path("oneroster/ecoles-thies").string();
}

std::string class_list(int count) {
  const char* first_names[] = {"Aïssatou", "Mamadou",  "Fatoumata", "Ousmane", "Ndèye",
                               "Chérif",   "Mariétou", "Ibrahima",  "Khady",   "Sérigne"};
  const char* last_names[] = {"Ndiaye", "Diop", "Fall", "Sow", "Guèye", "Bâ", "Cissé", "Faye"};
  std::string csv = "nom;prénom;date_naissance\n";
  for (int i = 0; i < count; ++i) {
    csv += std::string(last_names[i % 8]) + ";" + first_names[i % 10] + " " +
           std::to_string(i / 10 + 1) + ";2014-03-" + std::to_string(10 + i % 18) + "\n";
  }
  return csv;
}

class RosterCli : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
  }
  std::string write(const std::string& name, const std::string& bytes) {
    const auto path = test_db().data_dir.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }
  CommandResult import(std::vector<std::string> args) {
    std::vector<std::string> all = {"import", "roster"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), location_.begin(), location_.end());
    return run_imaginecole(all);
  }
  std::int64_t users() {
    auto connection = db().read();
    return connection->query_one("SELECT COUNT(*) FROM users")->integer(0);
  }
  std::vector<std::string> location_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(RosterCli);

TEST_P(RosterCli, SixtyPupilsIntoTheDemoClassThenUnchanged) {
  const std::string path = write("cm2a.csv", class_list(60));
  const std::int64_t before = users();
  const auto dry = import(
      {path, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("60 created"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("cm2a.csv:2  create  pupil  aissatou-1.ndiaye"), std::string::npos)
      << dry.out;
  EXPECT_EQ(users(), before);

  // The real Argon2id parameters: the figure the report gives for 60 pupils.
  const auto started = std::chrono::steady_clock::now();
  const auto applied =
      import({path, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A", "--json"});
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << "[ roster ] 60 pupils imported by the CLI in " << elapsed.count() << " ms ("
            << storage::backend_name(GetParam()) << ")\n";
  RecordProperty("import_60_pupils_ms", static_cast<int>(elapsed.count()));
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const json::object report = json::parse(applied.out).as_object();
  EXPECT_EQ(report.at("created").as_int64(), 60);
  EXPECT_EQ(report.at("updated").as_int64(), 0);
  EXPECT_EQ(report.at("unchanged").as_int64(), 0);
  EXPECT_EQ(report.at("removed").as_int64(), 0);
  EXPECT_TRUE(report.at("applied").as_bool());
  EXPECT_TRUE(report.at("errors").as_array().empty());
  const auto& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 60u);
  EXPECT_EQ(rows[0].at("file").as_string(), "cm2a.csv");
  EXPECT_EQ(rows[0].at("row").as_int64(), 2);
  EXPECT_EQ(rows[0].at("action").as_string(), "create");
  EXPECT_EQ(rows[0].at("picture_code").as_string().size(), 5u);
  EXPECT_EQ(users(), before + 60);

  const auto again =
      import({path, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out).at("unchanged").as_int64(), 60);
  EXPECT_EQ(users(), before + 60);
}

TEST_P(RosterCli, BrokenFilesExitTwoAndWriteNothing) {
  const std::int64_t before = users();
  // 0x81 is neither UTF-8 nor Windows-1252 (Excel's own encoding is read).
  const std::string latin1 = write("excel.csv", "nom;prenom\nDiop;Awa\nNdiaye;A\x81ssatou\n");
  const auto refused =
      import({latin1, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A", "--json"});
  EXPECT_EQ(refused.exit_code, 2);
  const json::object report = json::parse(refused.out).as_object();
  const auto& error = report.at("errors").as_array().at(0).as_object();
  EXPECT_EQ(error.at("file").as_string(), "excel.csv");
  EXPECT_EQ(error.at("row").as_int64(), 3);
  EXPECT_EQ(error.at("code").as_string(), "not_windows_1252");
  EXPECT_FALSE(report.at("applied").as_bool());
  EXPECT_NE(refused.err.find("nothing was written"), std::string::npos) << refused.err;

  const std::string ragged = write("ragged.csv", "nom;prenom\nDiop;Awa\nFall\n");
  const auto table =
      import({ragged, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A"});
  EXPECT_EQ(table.exit_code, 2);
  EXPECT_NE(table.out.find("ragged.csv:3  error"), std::string::npos) << table.out;

  EXPECT_EQ(
      import({latin1, "--format", "class-csv", "--school", "DKR001", "--class", "CM9"}).exit_code,
      2);
  EXPECT_EQ(import({oneroster_folder(), "--format", "oneroster"}).exit_code,
            2);  // no --country
  EXPECT_EQ(import({"/nonexistent/folder", "--format", "oneroster", "--country", "SN"}).exit_code,
            2);
  EXPECT_EQ(users(), before);
}

TEST_P(RosterCli, OneRosterFolder) {
  const std::int64_t before = users();
  const auto applied =
      import({oneroster_folder(), "--format", "oneroster", "--country", "SN", "--json"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out;
  EXPECT_EQ(json::parse(applied.out).at("created").as_int64(), 10);
  EXPECT_EQ(users(), before + 2);
  const auto again = import({oneroster_folder(), "--format", "oneroster", "--country", "SN"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 created, 0 updated, 10 unchanged"), std::string::npos) << again.out;
  EXPECT_EQ(users(), before + 2);
}

// A class list as a French spreadsheet saves it (BOM, ';', CRLF, accents, dd/mm/yyyy).
TEST_P(RosterCli, SpreadsheetClassListFixture) {
  const std::int64_t before = users();
  const std::string path = fixture_path("classes/cm2a_escale.csv").string();
  const auto applied =
      import({path, "--format", "class-csv", "--school", "DKR001", "--class", "CM2 A", "--json"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out;
  const json::object report = json::parse(applied.out).as_object();
  EXPECT_EQ(report.at("created").as_int64(), 6);
  EXPECT_TRUE(report.at("errors").as_array().empty());
  EXPECT_EQ(report.at("rows").as_array().at(3).at("name").as_string(), "Chérif Ndiaye");
  EXPECT_EQ(users(), before + 6);
}

// The real OneRoster folder of another system, when ../shared/samples is there.
TEST_P(RosterCli, SharedSamplesOneRosterFolder) {
  const auto folder = sample_path("oneroster/v1p1-oat-sa");
  if (!folder) {
    GTEST_SKIP() << kNoSamples;
  }
  const std::int64_t before = users();
  const auto applied =
      import({folder->string(), "--format", "oneroster", "--country", "SN", "--json"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out;
  EXPECT_EQ(json::parse(applied.out).at("created").as_int64(), 10);
  EXPECT_EQ(users(), before + 2);
}

}  // namespace
}  // namespace imaginecole::testing
