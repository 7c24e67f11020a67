// SPDX-License-Identifier: AGPL-3.0-or-later
// Question fidelity (issue 13, item 9): what imported banks lost or changed on the way in, and
// what the GIFT export said it wrote. Each case is a small bank written here.
#include <gtest/gtest.h>

#include <string>

#include "exercises/bank_format.hpp"

namespace imaginecole::exercises {
namespace {

std::string moodle_quiz(const std::string& questions) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n" + questions + "</quiz>\n";
}

const Question& only_question(const ParsedBank& bank) {
  EXPECT_EQ(bank.entries.size(), 1U);
  EXPECT_TRUE(bank.entries.at(0).question.has_value()) << bank.entries.at(0).reason;
  return *bank.entries.at(0).question;
}

Answer typed(std::string text) {
  Answer answer;
  answer.text = std::move(text);
  return answer;
}

// --- escaped star and catch-all of Moodle short answers ------------------------------------

TEST(QuestionFidelity, EscapedStarInAMoodleShortAnswerIsAStar) {
  const ParsedBank bank = read_moodle_xml(moodle_quiz(R"(
  <question type="shortanswer">
    <name><text>Produit</text></name>
    <questiontext format="html"><text>Quel signe note le produit en informatique ?</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>\*</text></answer>
    <answer fraction="50" format="moodle_auto_format"><text>a\*b</text></answer>
  </question>
)"));
  const Question& question = only_question(bank);
  ASSERT_EQ(question.texts.size(), 2U);
  EXPECT_EQ(question.texts[1].text, "a*b");
  EXPECT_DOUBLE_EQ(grade(question, typed("a*b")).score, 0.5);
}

TEST(QuestionFidelity, CatchAllAnswerShowsItsFeedbackForAnyOtherAnswer) {
  const ParsedBank bank = read_moodle_xml(moodle_quiz(R"(
  <question type="shortanswer">
    <name><text>Capitale</text></name>
    <questiontext format="html"><text>Quelle est la capitale du Niger ?</text></questiontext>
    <answer fraction="100"><text>Niamey</text><feedback><text>Bravo.</text></feedback></answer>
    <answer fraction="0"><text>*</text><feedback><text>Pense au fleuve Niger.</text></feedback></answer>
  </question>
)"));
  const Question& question = only_question(bank);
  ASSERT_EQ(question.texts.size(), 2U);
  EXPECT_EQ(question.texts[1].text, "*");

  const Grade wrong = grade(question, typed("Zinder"));
  EXPECT_FALSE(wrong.correct);
  ASSERT_FALSE(wrong.feedback.empty());
  EXPECT_EQ(wrong.feedback.front(), "Pense au fleuve Niger.");

  const Grade right = grade(question, typed("niamey"));
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(right.feedback.front(), "Bravo.");

  // An empty answer is no answer: the catch-all does not speak for it.
  EXPECT_TRUE(grade(question, typed("  ")).feedback.empty());
}

TEST(QuestionFidelity, CatchAllGivesItsCredit) {
  Question question;
  question.type = QuestionType::short_text;
  question.prompt = "Un mot qui rime avec « chat »";
  question.texts = {TextAnswer{.text = "rat", .fraction = 1, .feedback = ""},
                    TextAnswer{.text = "*", .fraction = 0.25, .feedback = "Presque."}};
  ASSERT_EQ(validate(question), "");
  EXPECT_DOUBLE_EQ(grade(question, typed("plat")).score, 0.25);
  EXPECT_DOUBLE_EQ(grade(question, typed("rat")).score, 1.0);
}

// --- HTML to Markdown cleaning --------------------------------------------------------------

TEST(QuestionFidelity, BareLessThanKeepsWhatFollows) {
  EXPECT_EQ(html_to_text("<p>Résous $$0<x<1$$ puis conclus.</p>"),
            "Résous $$0<x<1$$ puis conclus.");
  EXPECT_EQ(html_to_text("<p>for (i = 0; i<n; i++) vector<int> v;</p>"),
            "for (i = 0; i<n; i++) vector<int> v;");
  EXPECT_EQ(html_to_text("Si a < b et b > c"), "Si a < b et b > c");
  EXPECT_EQ(html_to_text("x <b>gras</b> y"), "x gras y");
}

TEST(QuestionFidelity, SuperscriptsAndSubscriptsAreKept) {
  EXPECT_EQ(html_to_text("<p>Complexité O(n<sup>2</sup>), eau H<SUB>2</SUB>O</p>"),
            "Complexité O(n<sup>2</sup>), eau H<sub>2</sub>O");
}

TEST(QuestionFidelity, WordStyleSheetIsRemoved) {
  // As Word's conditional comments and <style> reach an HTML text.
  const std::string html =
      "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
      "<![endif]--><style><!-- /* Style Definitions */ table.MsoNormalTable {mso-style-name:x;}"
      " --></style><p class=\"MsoNormal\">Calcule l'aire du carré.<o:p></o:p></p>";
  EXPECT_EQ(html_to_text(html), "Calcule l'aire du carré.");
  // And as the flattened text another tool made of it.
  const std::string flat =
      "Normal 0 21 false false false FR X-NONE X-NONE MicrosoftInternetExplorer4 /* Style "
      "Definitions */ table.MsoNormalTable {mso-style-name:\"Tableau Normal\"; "
      "mso-tstyle-rowband-size:0; font-family:\"Calibri\",\"sans-serif\";} Calcule l'aire.";
  EXPECT_EQ(html_to_text("<p>" + flat + "</p>"), "Calcule l'aire.");
}

TEST(QuestionFidelity, NamedEntitiesAreDecoded) {
  EXPECT_EQ(html_to_text("&radic;2 &asymp; 1,41 &le; &pi; &times; r&sup2;"),
            "\u221a2 \u2248 1,41 \u2264 \u03c0 \u00d7 r\u00b2");
  EXPECT_EQ(html_to_text("&Eacute;l&egrave;ve, c&oelig;ur, &laquo;&nbsp;oui&nbsp;&raquo; &hellip;"),
            "\u00c9l\u00e8ve, c\u0153ur, \u00ab\u00a0oui\u00a0\u00bb \u2026");
  EXPECT_EQ(html_to_text("&alpha;&beta;&Delta;&infin;&ne;&isin;&forall;"),
            "\u03b1\u03b2\u0394\u221e\u2260\u2208\u2200");
  EXPECT_EQ(html_to_text("&leq; &setminus; &naturals;"), "\u2264 \u2216 \u2115");
  // Unknown names stay as written.
  EXPECT_EQ(html_to_text("A &unknownthing; B"), "A &unknownthing; B");
}

TEST(QuestionFidelity, TexDelimitersStayMaths) {
  EXPECT_EQ(html_to_text("<p>Soit \\(x^2\\) et \\[ \\frac{1}{2} \\]</p>"),
            "Soit $x^2$ et $$\\frac{1}{2}$$");
  // In Moodle XML and in GIFT, whether the text is HTML or not.
  const ParsedBank moodle = read_moodle_xml(moodle_quiz(R"(
  <question type="description">
    <name><text>Formule</text></name>
    <questiontext format="moodle_auto_format"><text>Développe \(x(x+1)\).</text></questiontext>
  </question>
)"));
  EXPECT_EQ(only_question(moodle).prompt, "Développe $x(x+1)$.");
  const ParsedBank gift = read_gift("Combien vaut \\(2^3\\) ? {#8}\n");
  EXPECT_EQ(only_question(gift).prompt, "Combien vaut $2^3$ ?");
}

TEST(QuestionFidelity, LinksBecomeMarkdownLinks) {
  EXPECT_EQ(html_to_text("<p>Lis <a href=\"https://fr.wikipedia.org/wiki/Niger_(fleuve)\">"
                         "l'article</a> d'abord.</p>"),
            "Lis [l'article](https://fr.wikipedia.org/wiki/Niger_%28fleuve%29) d'abord.");
  EXPECT_EQ(html_to_text("<a href='https://example.org/?a=1&amp;b=2'>lien</a>"),
            "[lien](https://example.org/?a=1&b=2)");
  EXPECT_EQ(html_to_text("<a name=\"top\">Haut</a>"), "Haut");
}

TEST(QuestionFidelity, GiftQuestionWithAPictureIsSkippedWithTheReason) {
  const ParsedBank bank = read_gift(
      "::Carte::[html]<p>Quel pays est en rouge ?</p><img src=\"carte.png\" alt=\"carte\"> "
      "{=Niger ~Mali}\n\n::Sans image::Quelle est la capitale du Mali ? {=Bamako ~Gao}\n");
  ASSERT_EQ(bank.entries.size(), 2U);
  EXPECT_FALSE(bank.entries[0].question.has_value());
  EXPECT_NE(bank.entries[0].reason.find("picture"), std::string::npos) << bank.entries[0].reason;
  EXPECT_TRUE(bank.entries[1].question.has_value()) << bank.entries[1].reason;
}

TEST(QuestionFidelity, GiftNumericWithToleranceAndWrongAnswerFeedback) {
  const ParsedBank bank = read_gift("::Trois::Combien font 1 + 2 ? {#3:2~#Completely wrong}\n");
  const Question& question = only_question(bank);
  EXPECT_EQ(question.type, QuestionType::numeric);
  ASSERT_EQ(question.numbers.size(), 1U);
  EXPECT_DOUBLE_EQ(question.numbers[0].value, 3);
  EXPECT_DOUBLE_EQ(question.numbers[0].tolerance, 2);
  EXPECT_TRUE(grade(question, typed("4")).correct);
}

// --- GIFT export counts what it wrote -------------------------------------------------------

TEST(QuestionFidelity, GiftExportCountsOnlyWhatItWrote) {
  Question blanks;
  blanks.type = QuestionType::fill_blanks;
  blanks.name = "Trous";
  blanks.prompt = "La capitale du Niger est {{1}}.";
  blanks.blanks = {Blank{.answers = {TextAnswer{.text = "Niamey"}}, .options = {}}};
  Question order;
  order.type = QuestionType::ordering;
  order.name = "Ordre";
  order.prompt = "Range du plus petit au plus grand.";
  order.items = {"1", "2", "3"};

  const WrittenBank none = write_gift({blanks, order});
  EXPECT_EQ(none.written, 0);
  EXPECT_EQ(none.left_out.size(), 2U);
  EXPECT_NE(none.left_out[0].find("Trous"), std::string::npos);
  EXPECT_EQ(none.text.find("Trous"), std::string::npos);

  Question tf;
  tf.type = QuestionType::true_false;
  tf.name = "Vrai";
  tf.prompt = "Le Niger est un fleuve.";
  EXPECT_EQ(write_gift({blanks, tf, order}).written, 1);
  EXPECT_EQ(write_moodle_xml({blanks, tf, order}).written, 3);
}

}  // namespace
}  // namespace imaginecole::exercises
