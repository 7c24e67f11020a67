// SPDX-License-Identifier: AGPL-3.0-or-later
// The CSV reader of roster imports: what spreadsheets write, and every kind of broken file.
#include "classroom/roster_csv.hpp"

#include <gtest/gtest.h>

namespace imaginecole::classroom {
namespace {

CsvTable read_ok(std::string_view bytes) {
  CsvReadResult result = read_csv(bytes, "classe.csv");
  EXPECT_FALSE(result.failure) << (result.failure ? result.failure->message : "");
  return result.table ? *result.table : CsvTable{};
}

RosterIssue read_failure(std::string_view bytes) {
  CsvReadResult result = read_csv(bytes, "classe.csv");
  EXPECT_FALSE(result.table);
  return result.failure ? *result.failure : RosterIssue{};
}

TEST(RosterCsv, QuotesDoubledQuotesAndEmbeddedNewlines) {
  const CsvTable table = read_ok(
      "nom,prenom,note\r\n\"Diop, fils\",Awa,\"dit \"\"le grand\"\"\"\r\nFall,\"Ami\r\nna\",x\r\n");
  EXPECT_EQ(table.separator, ',');
  ASSERT_EQ(table.header, (std::vector<std::string>{"nom", "prenom", "note"}));
  ASSERT_EQ(table.records.size(), 2u);
  EXPECT_EQ(table.records[0].row, 2u);
  EXPECT_EQ(table.records[0].fields,
            (std::vector<std::string>{"Diop, fils", "Awa", "dit \"le grand\""}));
  EXPECT_EQ(table.records[1].row, 3u);
  EXPECT_EQ(table.records[1].fields[1], "Ami\r\nna");
}

TEST(RosterCsv, SemicolonSeparatorBomAndBlankLines) {
  const CsvTable table =
      read_ok("\xEF\xBB\xBFNom;Prénom;Date de naissance\n\nNdiaye;Aïssatou;01/02/2015\n;;\n");
  EXPECT_EQ(table.separator, ';');
  EXPECT_EQ(table.header[0], "Nom");  // the byte-order mark is gone
  EXPECT_EQ(table.column({"prenom"}), 1u);
  EXPECT_EQ(table.column({"date_de_naissance"}), 2u);
  ASSERT_EQ(table.records.size(), 1u);
  EXPECT_EQ(table.records[0].row, 3u);  // the blank line still counts, as in a spreadsheet
  EXPECT_EQ(table.records[0].fields[1], "Aïssatou");
}

TEST(RosterCsv, LastLineWithoutNewlineAndCommasInsideSemicolonFile) {
  const CsvTable table = read_ok("nom;prenom\nDiop;Jean, Paul");
  ASSERT_EQ(table.records.size(), 1u);
  EXPECT_EQ(table.records[0].fields, (std::vector<std::string>{"Diop", "Jean, Paul"}));
}

TEST(RosterCsv, HeaderOnlyGivesNoRecords) {
  const CsvTable table = read_ok("sourcedId,status,title");
  EXPECT_EQ(table.header.size(), 3u);
  EXPECT_TRUE(table.records.empty());
}

TEST(RosterCsv, RaggedRowsAreKeptForTheCallerToReport) {
  const CsvTable table = read_ok("a,b,c\n1,2\n1,2,3,4\n");
  ASSERT_EQ(table.records.size(), 2u);
  EXPECT_EQ(table.records[0].fields.size(), 2u);
  EXPECT_EQ(table.records[1].fields.size(), 4u);
}

TEST(RosterCsv, EmptyFileIsRefused) {
  EXPECT_EQ(read_failure("").code, "empty_file");
  EXPECT_EQ(read_failure("\xEF\xBB\xBF \r\n\n").code, "empty_file");
}

TEST(RosterCsv, UnterminatedQuoteNamesItsRow) {
  const RosterIssue issue = read_failure("nom,prenom\nDiop,Awa\nFall,\"Amina\nNdiaye,Moussa\n");
  EXPECT_EQ(issue.code, "unterminated_quote");
  EXPECT_EQ(issue.row, 3u);
  EXPECT_NE(issue.message.find("row 3"), std::string::npos);
}

TEST(RosterCsv, Latin1IsRefusedWithTheRowByteAndHowToSaveAsUtf8) {
  // "Prénom" and "Aïssatou" as Excel's plain CSV writes them (Windows-1252).
  const RosterIssue issue = read_failure("nom;prenom\nDiop;Awa\nNdiaye;A\xEFssatou\n");
  EXPECT_EQ(issue.code, "not_utf8");
  EXPECT_EQ(issue.row, 3u);
  EXPECT_EQ(issue.detail, "0xEF");
  EXPECT_NE(issue.message.find("CSV UTF-8"), std::string::npos);
  EXPECT_EQ(read_failure("Pr\xE9nom\n").row, 1u);
}

TEST(RosterCsv, BinaryGarbageIsRefused) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  EXPECT_EQ(read_failure(png).code, "not_text");
  EXPECT_EQ(read_failure(std::string_view("\xFD\x80\xFF", 3)).code, "not_utf8");
  // Excel's "Unicode text" (UTF-16 with its mark) and a workbook (.xlsx is a zip).
  EXPECT_EQ(read_failure(std::string_view("\xFF\xFEn\0o\0m\0", 8)).code, "utf16");
  const std::string xlsx("PK\x03\x04\x14\0\x06\0", 8);
  const CsvReadResult zip = read_csv(xlsx, "classe.csv", AcceptedEncodings::utf8_or_windows_1252);
  ASSERT_TRUE(zip.failure);
  EXPECT_EQ(zip.failure->code, "not_text");
}

// What Excel writes for "CSV (point-virgule)" on a French Windows: Windows-1252, ';', CRLF.
TEST(RosterCsv, Windows1252IsConvertedWhenTheCallerAcceptsIt) {
  const std::string bytes =
      "Nom;Pr\xE9nom;Remarque\r\nNdiaye;A\xEFssatou;\x80 \x92ok\x92\r\nSarr;Fran\xE7oise;\x9C\r\n";
  const CsvReadResult read = read_csv(bytes, "classe.csv", AcceptedEncodings::utf8_or_windows_1252);
  ASSERT_TRUE(read.table) << read.failure->message;
  EXPECT_EQ(read.table->encoding, TextEncoding::windows_1252);
  EXPECT_EQ(read.table->separator, ';');
  EXPECT_EQ(read.table->header[1], "Prénom");
  ASSERT_EQ(read.table->records.size(), 2u);
  EXPECT_EQ(read.table->records[0].fields[1], "Aïssatou");
  EXPECT_EQ(read.table->records[0].fields[2], "€ ’ok’");  // 0x80..0x9F by the code page's table
  EXPECT_EQ(read.table->records[1].fields[1], "Françoise");
  EXPECT_EQ(read.table->records[1].fields[2], "œ");
  // Only UTF-8 (OneRoster files): refused, as before.
  EXPECT_EQ(read_failure(bytes).code, "not_utf8");
}

TEST(RosterCsv, ByteUndefinedInWindows1252IsRefusedWithItsRow) {
  const CsvReadResult read = read_csv(
      "nom;prenom\nDiop;A\xEF"
      "da\nFall;\x81\n",
      "classe.csv", AcceptedEncodings::utf8_or_windows_1252);
  ASSERT_TRUE(read.failure);
  EXPECT_EQ(read.failure->code, "not_windows_1252");
  EXPECT_EQ(read.failure->row, 3u);
  EXPECT_EQ(read.failure->detail, "0x81");
}

TEST(RosterCsv, EncodingAndBlankRowsAreTold) {
  const auto bom = read_csv("\xEF\xBB\xBFnom\tprenom\n\t\nDiop\tAwa\n", "classe.csv",
                            AcceptedEncodings::utf8_or_windows_1252);
  ASSERT_TRUE(bom.table);
  EXPECT_EQ(bom.table->encoding, TextEncoding::utf8_bom);
  EXPECT_EQ(bom.table->separator, '\t');
  EXPECT_EQ(bom.table->blank_rows, (std::vector<std::size_t>{2}));
  EXPECT_EQ(read_ok("nom\nDiop\n").encoding, TextEncoding::utf8);
  // A byte-order mark promises UTF-8: breaking it is damage, not Windows-1252.
  const auto broken =
      read_csv("\xEF\xBB\xBFnom\nA\xEF\n", "classe.csv", AcceptedEncodings::utf8_or_windows_1252);
  ASSERT_TRUE(broken.failure);
  EXPECT_EQ(broken.failure->code, "not_utf8");
  EXPECT_EQ(broken.failure->row, 2u);
}

TEST(RosterCsv, DuplicateColumnIsRefused) {
  const RosterIssue issue = read_failure("nom;Nom;prenom\nA;B;C\n");
  EXPECT_EQ(issue.code, "duplicate_column");
  EXPECT_EQ(issue.row, 1u);
}

TEST(RosterCsv, Utf8Validation) {
  EXPECT_FALSE(first_invalid_utf8("Aïssatou Ndiaye — ملف"));
  EXPECT_EQ(first_invalid_utf8("ab\xC3"), 2u);            // cut in the middle
  EXPECT_EQ(first_invalid_utf8("a\xC0\xAF"), 1u);         // overlong
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
}

TEST(RosterCsv, FoldingOfHeadersAndNames) {
  EXPECT_EQ(fold_header(" Date de naissance "), "date_de_naissance");
  EXPECT_EQ(fold_header("PRÉNOM"), "prenom");
  EXPECT_EQ(fold_header("sourcedId"), "sourcedid");
  EXPECT_EQ(fold_header("Nom d'utilisateur"), "nom_d_utilisateur");
  EXPECT_EQ(fold_to_ascii("Aïssatou Ñdiaye Œuvre"), "aissatou ndiaye oeuvre");
}

}  // namespace
}  // namespace imaginecole::classroom
