// SPDX-License-Identifier: AGPL-3.0-or-later
// Booklets beyond one subject or unit: a term (several units, in the curriculum's order) and a
// mock exam paper (the same questions as the web paper of that seed, then their answer key), on
// the print page and as a PDF made by `imaginecole export booklet --exam`.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "storage/open_database.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size())) {
    ++count;
  }
  return count;
}

class PrintedBooklets : public ::testing::Test {
 protected:
  void SetUp() override { copy_demo_data_folder(data_.path()); }

  std::string maths_node() {
    const auto database = storage::open_database({.data_dir = data_.path()});
    auto connection = database->read();
    const auto row = connection->query_one(
        "SELECT s.id FROM curriculum_nodes s JOIN curriculum_nodes l ON s.parent_id = l.id "
        "WHERE s.country_code = 'SN' AND s.kind = 'subject' AND s.slug = 'mathematiques' AND "
        "l.slug = 'cm2'");
    return row ? row->text(0) : std::string();
  }

  TempDir data_;
  TempDir out_;
};

TEST_F(PrintedBooklets, ATermIsSeveralUnitsInTheCurriculumsOrder) {
  const std::string maths = maths_node();
  ASSERT_FALSE(maths.empty());
  auto server = ServerProcess::start({"--data", data_.path().string()});
  const Headers admin = sign_in(server.port(), {"sn.admin"});
  for (const auto& [slug, name] :
       {std::pair{"nombres", "Nombres entiers"}, std::pair{"mesures", "Mesures de longueur"},
        std::pair{"geometrie", "Géométrie plane"}}) {
    const auto created =
        http_request(server.port(), "POST", "/api/v1/countries/SN/curriculum/nodes", admin,
                     std::string(R"({"parent_id": ")") + maths + R"(", "kind": "unit", "slug": ")" +
                         slug + R"(", "names": {"fr": ")" + name + R"("}})");
    ASSERT_EQ(created.status, 201) << created.body;
  }
  // Asked in any order, printed in the tree's: the first and the third units, not the second.
  const auto term =
      http_get(server.port(), "/c/SN/cm2/mathematiques/booklet?unit=geometrie,nombres&format=a5");
  ASSERT_EQ(term.status, 200) << term.body;
  EXPECT_NE(term.body.find("Nombres entiers, Géométrie plane"), std::string::npos) << term.body;
  EXPECT_EQ(term.body.find("Mesures de longueur"), std::string::npos);
  EXPECT_NE(term.body.find("booklet?unit=nombres,geometrie&amp;format=a4"), std::string::npos)
      << "the A4 link keeps the term";
  const auto unknown =
      http_get(server.port(), "/c/SN/cm2/mathematiques/booklet?unit=nombres,alchimie");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("alchimie"), std::string::npos);
}

TEST_F(PrintedBooklets, AMockPaperPrintsTheWebPapersQuestionsThenItsAnswerKey) {
  auto server = ServerProcess::start({"--data", data_.path().string()});
  const auto paper = http_get(server.port(), "/examens/SN/CFEE/epreuve?n=10&seed=7");
  ASSERT_EQ(paper.status, 200) << paper.body;
  EXPECT_NE(paper.body.find("/examens/SN/CFEE/epreuve/booklet?n=10&amp;seed=7"), std::string::npos)
      << "the paper links to its booklet";
  const std::size_t questions = count_of(paper.body, "<fieldset>");
  ASSERT_GT(questions, 0U);

  const auto booklet =
      http_get(server.port(), "/examens/SN/CFEE/epreuve/booklet?n=10&seed=7&format=a5");
  ASSERT_EQ(booklet.status, 200) << booklet.body;
  EXPECT_NE(booklet.body.find("size:A5"), std::string::npos);
  EXPECT_NE(booklet.body.find("CFEE"), std::string::npos);
  EXPECT_NE(booklet.body.find("Sénégal"), std::string::npos) << "the country's name, not its code";
  const std::size_t key = booklet.body.find("class=\"answer-key\"");
  ASSERT_NE(key, std::string::npos);
  // As many numbered questions before the key as the web paper shows, and one answer each.
  EXPECT_EQ(count_of(booklet.body.substr(0, key), "<li value="), questions);
  EXPECT_EQ(count_of(booklet.body.substr(key), "<li value="), questions);
  // The same seed prints the same paper; another seed another one.
  EXPECT_EQ(http_get(server.port(), "/examens/SN/CFEE/epreuve/booklet?n=10&seed=7&format=a5").body,
            booklet.body);
  EXPECT_EQ(http_get(server.port(), "/examens/SN/CFEE/epreuve/booklet?n=10").status, 400)
      << "a paper needs its seed";
  EXPECT_EQ(http_get(server.port(), "/examens/SN/NOPE/epreuve/booklet?n=10&seed=7").status, 404);
}

TEST_F(PrintedBooklets, ExportBookletPrintsAMockPaperToPdf) {
  if (!fs::exists("/usr/bin/chromium") || !fs::exists("/usr/bin/pdftotext")) {
    GTEST_SKIP() << "chromium and poppler-utils are needed (scripts/install-deps.sh)";
  }
  const fs::path pdf = out_.path() / "cfee.pdf";
  const auto made = run_imaginecole({"export", "booklet", "--country", "sn", "--exam", "CFEE",
                                     "--questions", "10", "--seed", "7", "--out", pdf.string(),
                                     "--data", data_.path().string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const fs::path text_file = out_.path() / "cfee.txt";
  ASSERT_EQ(std::system(
                ("pdftotext -layout '" + pdf.string() + "' '" + text_file.string() + "'").c_str()),
            0);
  std::string text;
  {
    std::FILE* file = std::fopen(text_file.c_str(), "rb");
    ASSERT_NE(file, nullptr);
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
      text.append(buffer, got);
    }
    std::fclose(file);
  }
  const auto title = text.find("CFEE");
  const auto key = text.find("Corrigé");
  ASSERT_NE(title, std::string::npos) << text;
  ASSERT_NE(key, std::string::npos) << text;
  EXPECT_LT(title, key);

  // A paper of nothing, or of an exam that does not exist: exit 2, a reason, no file.
  for (const auto& [args, reason] :
       {std::pair{std::vector<std::string>{"--exam", "NOPE"}, std::string("no exam 'NOPE'")},
        std::pair{std::vector<std::string>{"--exam", "CFEE", "--questions", "0"},
                  std::string("--questions must be")},
        std::pair{std::vector<std::string>{}, std::string("say which booklet")}}) {
    std::vector<std::string> command = {"export",    "booklet",
                                        "--country", "SN",
                                        "--out",     (out_.path() / "refused.pdf").string(),
                                        "--data",    data_.path().string()};
    command.insert(command.end(), args.begin(), args.end());
    const auto refused = run_imaginecole(command);
    EXPECT_EQ(refused.exit_code, 2) << reason;
    EXPECT_NE(refused.err.find(reason), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(out_.path() / "refused.pdf"));
  }
}

}  // namespace
}  // namespace imaginecole::testing
