// SPDX-License-Identifier: AGPL-3.0-or-later
// CSV cells are neutralised before a spreadsheet sees them (OWASP CSV injection), then quoted
// as RFC 4180 says; the rows read back with the platform's own CSV reader.
#include "core/csv_writer.hpp"

#include <gtest/gtest.h>

#include "classroom/roster_csv.hpp"

namespace imaginecole::core {
namespace {

TEST(CsvWriter, FormulaCellsAreNeutralisedWithAQuote) {
  EXPECT_EQ(neutralise_csv_cell("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "'=HYPERLINK(\"http://evil.example\",\"x\")");
  EXPECT_EQ(neutralise_csv_cell("+33 6 12"), "'+33 6 12");
  EXPECT_EQ(neutralise_csv_cell("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(neutralise_csv_cell("@SUM(1+1)"), "'@SUM(1+1)");
  EXPECT_EQ(neutralise_csv_cell("\t=1+1"), "'\t=1+1");
  EXPECT_EQ(neutralise_csv_cell("\r=1+1"), "'\r=1+1");
  // Only the first character counts; ordinary names and empty cells are left alone.
  EXPECT_EQ(neutralise_csv_cell("Aïssatou"), "Aïssatou");
  EXPECT_EQ(neutralise_csv_cell("Ndiaye-Diop"), "Ndiaye-Diop");
  EXPECT_EQ(neutralise_csv_cell("a=b"), "a=b");
  EXPECT_EQ(neutralise_csv_cell(""), "");
}

TEST(CsvWriter, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(csv_field("Diop"), "Diop");
  EXPECT_EQ(csv_field("Diop; Awa"), "\"Diop; Awa\"");
  EXPECT_EQ(csv_field("Diop, Awa", ','), "\"Diop, Awa\"");
  EXPECT_EQ(csv_field("Diop, Awa"), "Diop, Awa");
  EXPECT_EQ(csv_field("dit \"Awa\""), "\"dit \"\"Awa\"\"\"");
  EXPECT_EQ(csv_field("deux\nlignes"), "\"deux\nlignes\"");
  // Neutralised first, then quoted: the quote mark stays inside the quotes.
  EXPECT_EQ(csv_field("=1;2"), "\"'=1;2\"");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
}

TEST(CsvWriter, RowsReadBackWithTheRosterReader) {
  const std::string file = csv_row({"nom", "prénom", "note"}) +
                           csv_row({"Ndiaye", "=cmd|' /C calc'!A0", "dit \"Awa\"; CM2"}) +
                           csv_row({"@Diop", "", "-5"});
  EXPECT_TRUE(file.starts_with("nom;prénom;note\r\nNdiaye;"));
  const classroom::CsvReadResult read = classroom::read_csv(file, "export.csv");
  ASSERT_TRUE(read.table.has_value()) << (read.failure ? read.failure->message : "");
  ASSERT_EQ(read.table->records.size(), 2U);
  EXPECT_EQ(read.table->records[0].fields,
            (std::vector<std::string>{"Ndiaye", "'=cmd|' /C calc'!A0", "dit \"Awa\"; CM2"}));
  EXPECT_EQ(read.table->records[1].fields, (std::vector<std::string>{"'@Diop", "", "'-5"}));
}

}  // namespace
}  // namespace imaginecole::core
