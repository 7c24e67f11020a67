// SPDX-License-Identifier: AGPL-3.0-or-later
// QTI 2.1 gapMatchInteraction read as fill-in-the-blanks (every gap offers every word), and
// the broken shapes: a gap no pair fills, pairs naming unknown words or gaps, picture words.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "exercises/bank_format.hpp"

namespace imaginecole::exercises {
namespace {

const std::filesystem::path kPackage =
    std::filesystem::path(IMAGINECOLE_SOURCE_DIR) / "tests/exercises/data/qti_package";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string gap_item(const std::string& pairs, const std::string& words, const std::string& text) {
  return R"(<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="g" title="Trous">
  <responseDeclaration identifier="R" cardinality="multiple" baseType="directedPair">
    <correctResponse>)" +
         pairs + R"(</correctResponse></responseDeclaration>
  <itemBody><gapMatchInteraction responseIdentifier="R">)" +
         words + text + R"(</gapMatchInteraction></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>)";
}

TEST(QtiGapMatch, BecomesBlanksThatOfferEveryWordWithTheMappingsCredit) {
  const ParsedBank bank = read_qti(read_text(kPackage / "items/saisons.xml"));
  ASSERT_EQ(bank.entries.size(), 1U);
  ASSERT_TRUE(bank.entries[0].question) << bank.entries[0].reason;
  const Question& q = *bank.entries[0].question;
  EXPECT_EQ(q.name, "Les saisons au Sahel");
  EXPECT_EQ(q.type, QuestionType::fill_blanks);
  EXPECT_EQ(q.prompt,
            "Placez les mots dans le texte.\n\nD'octobre à mai, c'est la saison {{1}}. De juin à "
            "septembre, c'est la saison {{2}}.");
  ASSERT_EQ(q.blanks.size(), 2U);
  const std::vector<std::string> words = {"sèche", "des pluies", "froide"};
  EXPECT_EQ(q.blanks[0].options, words);
  EXPECT_EQ(q.blanks[1].options, words);
  EXPECT_TRUE(grade(q, Answer{.blanks = {"sèche", "des pluies"}}).correct);
  // The mapping gives "froide" half the credit of gap 1.
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"froide", "des pluies"}}).score, 0.75);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"des pluies", "sèche"}}).score, 0.0);
  EXPECT_EQ(
      bank.entries[0].notes,
      std::vector<std::string>{"a word may be chosen for several gaps (matchMax is not enforced)"});
  // The JSON form keeps it whole.
  EXPECT_EQ(question_from_json(question_to_json(q)), q);
}

TEST(QtiGapMatch, UsesTheCorrectResponseWithoutAMapping) {
  const ParsedBank bank = read_qti(gap_item(
      "<value>W G1</value><value>S G2</value>",
      R"(<gapText identifier="W" matchMax="0">winter</gapText>
                  <gapText identifier="S" matchMax="0">summer</gapText>)",
      R"(<p>Now is the <gap identifier="G1"/> of our discontent, made glorious <gap identifier="G2"/>.</p>)"));
  ASSERT_TRUE(bank.entries.at(0).question) << bank.entries[0].reason;
  const Question& q = *bank.entries[0].question;
  EXPECT_TRUE(grade(q, Answer{.blanks = {"winter", "summer"}}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"winter", "winter"}}).score, 0.5);
  EXPECT_TRUE(bank.entries[0].notes.empty());
}

TEST(QtiGapMatch, BrokenItemsAreSkippedWithTheReason) {
  const std::string words = R"(<gapText identifier="W">winter</gapText>
                               <gapText identifier="S">summer</gapText>)";
  const std::string text = R"(<p><gap identifier="G1"/> and <gap identifier="G2"/></p>)";
  const auto reason = [](const ParsedBank& bank) {
    EXPECT_FALSE(bank.entries.at(0).question.has_value());
    return bank.entries.at(0).reason;
  };
  // A gap that no pair fills (the file in the test package too).
  EXPECT_EQ(reason(read_qti(gap_item("<value>W G1</value>", words, text))),
            "the gap G2 has no right word");
  EXPECT_EQ(reason(read_qti(read_text(kPackage / "items/trou.xml"))),
            "the gap G2 has no right word");
  EXPECT_EQ(reason(read_qti(gap_item("<value>X G1</value><value>S G2</value>", words, text))),
            "a correct pair names an unknown word: X G1");
  EXPECT_EQ(reason(read_qti(gap_item("<value>W G1</value><value>S G9</value>", words, text))),
            "a correct pair names an unknown gap: S G9");
  EXPECT_EQ(reason(read_qti(gap_item("<value>W G1</value>", "", text))),
            "the gap match has no words (gapText)");
  EXPECT_EQ(reason(read_qti(gap_item("<value>W G1</value>", words, "<p>no gap</p>"))),
            "the gap match has no gaps");
  EXPECT_EQ(
      reason(read_qti(gap_item(
          "<value>W G1</value>",
          words +
              R"(<gapImg identifier="I" matchMax="1"><object data="a.png" type="image/png"/></gapImg>)",
          text))),
      "interaction not supported: gapMatchInteraction with picture words (gapImg)");
  // A picture inside a word cannot be shown in a list of words.
  EXPECT_NE(reason(read_qti(gap_item(
                       "<value>W G1</value><value>S G2</value>",
                       R"(<gapText identifier="W">winter <img src="w.png" alt="w"/></gapText>
                                        <gapText identifier="S">summer</gapText>)",
                       text)))
                .find("a picture inside an answer cannot be shown (w.png)"),
            std::string::npos);
  // Not declared at all.
  const ParsedBank undeclared = read_qti(
      R"(<assessmentItem identifier="u" title="U"><itemBody><gapMatchInteraction responseIdentifier="R">
      <gapText identifier="W">w</gapText><p><gap identifier="G1"/></p></gapMatchInteraction></itemBody></assessmentItem>)");
  EXPECT_EQ(reason(undeclared), "no response declaration for the interaction");
}

TEST(QtiGapMatch, AssociateInteractionStaysSkippedWithItsReason) {
  const ParsedBank bank = read_qti(R"(<assessmentItem identifier="a" title="Paires">
  <itemBody><associateInteraction responseIdentifier="R" maxAssociations="2">
    <simpleAssociableChoice identifier="A" matchMax="1">a</simpleAssociableChoice>
  </associateInteraction></itemBody></assessmentItem>)");
  EXPECT_EQ(bank.entries.at(0).reason, "interaction not supported: associateInteraction");
}

}  // namespace
}  // namespace imaginecole::exercises
