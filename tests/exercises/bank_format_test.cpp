// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading GIFT, Moodle XML and QTI 2.1 (our fixtures, broken files, and the real files of other
// systems when ../shared/samples is there), writing GIFT and Moodle XML, and the round trips.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "support/fixtures.hpp"

namespace imaginecole::exercises {
// Readable failures: a question prints as its JSON.
inline void PrintTo(const Question& question, std::ostream* out) {
  *out << question_to_json(question);
}
namespace {

using testing::kNoSamples;
using testing::read_fixture;

// Another system's file from ../shared/samples; the caller has checked it is there.
std::string read_sample(const std::string& relative) {
  std::ifstream in(testing::samples_dir() / relative, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

#define REQUIRE_SAMPLES()              \
  if (!testing::sample_path("gift")) { \
    GTEST_SKIP() << kNoSamples;        \
  }

std::string error_of(std::string_view text, BankFormat format) {
  try {
    read_bank(text, format);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "no error";
}

const Question& question_at(const ParsedBank& bank, std::size_t index) {
  EXPECT_TRUE(bank.entries.at(index).question.has_value()) << bank.entries.at(index).reason;
  return *bank.entries.at(index).question;
}

// --- GIFT ---------------------------------------------------------------------------------

TEST(Gift, EveryFixtureFileImportsWithAReport) {
  const std::vector<std::pair<std::string, int>> expected = {
      {"category_only.gift", 0}, {"control_characters.gift", 1},  {"html_answers.gift", 1},
      {"cm2_numbers.gift", 10},  {"cm2_question_types.gift", 10}, {"feedback_formats.gift", 1}};
  for (const auto& [file, count] : expected) {
    const ParsedBank bank = read_gift(read_fixture("gift/" + file));
    EXPECT_EQ(bank.imported(), count) << file;
    EXPECT_EQ(static_cast<int>(bank.entries.size()), count) << file;
  }
}

TEST(Gift, ReadsTheTenFormsOfQuestion) {
  const ParsedBank bank = read_gift(read_fixture("gift/cm2_question_types.gift"));
  ASSERT_EQ(bank.entries.size(), 10U);
  const std::vector<QuestionType> types = {QuestionType::single_choice, QuestionType::single_choice,
                                           QuestionType::true_false,    QuestionType::short_text,
                                           QuestionType::numeric,       QuestionType::matching,
                                           QuestionType::single_choice, QuestionType::single_choice,
                                           QuestionType::short_text,    QuestionType::numeric};
  for (std::size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(question_at(bank, i).type, types[i]) << i;
    EXPECT_EQ(bank.entries[i].index, static_cast<int>(i) + 1);
  }
  // Missing word: the braces become a gap in the text.
  EXPECT_EQ(question_at(bank, 1).prompt,
            "Une galette coupée en 8 : 4 parts font _____ de la galette.");
  EXPECT_FALSE(question_at(bank, 2).truth);
  EXPECT_EQ(question_at(bank, 5).pairs.at(2), (MatchPair{"3/4", "0,75"}));
  const Question& quarter = question_at(bank, 6);
  EXPECT_EQ(quarter.name, "Le quart");
  EXPECT_EQ(quarter.choices.at(1), (Choice{"1/4", 1, "Bravo !"}));
  EXPECT_DOUBLE_EQ(question_at(bank, 7).choices.at(1).fraction, 0.5);
  const Question& million = question_at(bank, 8);
  EXPECT_EQ(million.prompt, "Le nombre 1 000 000 s'appelle un _____.");
  EXPECT_DOUBLE_EQ(million.texts.at(1).fraction, 0.75);
  const Question& year = question_at(bank, 9);
  ASSERT_EQ(year.numbers.size(), 2U);
  EXPECT_DOUBLE_EQ(year.numbers[1].tolerance, 2);
  EXPECT_DOUBLE_EQ(year.numbers[1].fraction, 0.5);
  EXPECT_EQ(year.numbers[1].feedback,
            "C'était en 1960.\nLa moitié du crédit pour une réponse proche.");
  EXPECT_DOUBLE_EQ(grade(year, Answer{.text = "1961"}).score, 0.5);
}

TEST(Gift, ReadsNumericRangesAndTolerances) {
  const ParsedBank bank = read_gift(read_fixture("gift/cm2_numbers.gift"));
  ASSERT_EQ(bank.entries.size(), 10U);
  EXPECT_DOUBLE_EQ(question_at(bank, 2).numbers.at(0).tolerance, 0.0005);
  EXPECT_EQ(question_at(bank, 2).prompt,
            "Écris 1/3 en nombre décimal (3 chiffres après la virgule). _____.");
  const Question& range = question_at(bank, 6);  // {#1..5}
  EXPECT_TRUE(grade(range, Answer{.text = "1"}).correct);
  EXPECT_TRUE(grade(range, Answer{.text = "5"}).correct);
  EXPECT_FALSE(grade(range, Answer{.text = "5,1"}).correct);
  EXPECT_TRUE(grade(question_at(bank, 5), Answer{.text = "-0,3335"}).correct);  // -0.334..-0.333
  const Question& hexagon = question_at(bank, 9);
  EXPECT_EQ(hexagon.name, "Combien de côtés a un hexagone ?");
  EXPECT_EQ(bank.entries[9].notes, std::vector<std::string>{"HTML converted to plain text"});
  EXPECT_TRUE(grade(hexagon, Answer{.text = "6"}).correct);
  const Grade wrong = grade(hexagon, Answer{.text = "8"});
  EXPECT_FALSE(wrong.correct);
  EXPECT_NE(wrong.feedback.at(0).find("l'octogone en a 8"), std::string::npos);
  EXPECT_EQ(wrong.feedback.at(0).find('<'), std::string::npos);
}

// Decision 0014: a question is never imported without its pictures (GIFT carries none).
TEST(Gift, APictureInHtmlIsNotDroppedSilently) {
  const ParsedBank bank = read_gift(
      "::Carte::[html]<p>Voici la carte <IMG src=\"@@PLUGINFILE@@/carte.png\"> du Mali.</p> "
      "Bamako en est la capitale.{T}\n\n::Sans image::[html]<p>Niamey est au <b>Niger</b>.</p>{T}");
  ASSERT_EQ(bank.entries.size(), 2U);
  ASSERT_FALSE(bank.entries[0].question.has_value());
  EXPECT_NE(bank.entries[0].reason.find("picture"), std::string::npos);
  EXPECT_TRUE(bank.entries[1].warnings.empty());
  EXPECT_EQ(bank.entries[1].notes, std::vector<std::string>{"HTML converted to plain text"});
}

TEST(Gift, ReadsEscapesCommentsFormatsAndCategories) {
  const ParsedBank escapes = read_gift(read_fixture("gift/control_characters.gift"));
  const Question& q = question_at(escapes, 0);
  EXPECT_EQ(q.name, "Caractères de contrôle GIFT");
  ASSERT_EQ(q.choices.size(), 7U);
  const std::vector<std::string> texts = {"~", "=", "#", "{", "}", ":", "\\"};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(q.choices[i].text, texts[i]);
  }
  EXPECT_DOUBLE_EQ(q.choices[6].fraction, 1.0);
  const ParsedBank html = read_gift(read_fixture("gift/html_answers.gift"));
  EXPECT_EQ(question_at(html, 0).prompt, "Quelle fraction est égale à 2/4 ?");
  EXPECT_EQ(question_at(html, 0).choices.at(0), (Choice{"1/2", 1, "Bravo !"}));
  const ParsedBank markers = read_gift(read_fixture("gift/feedback_formats.gift"));
  EXPECT_EQ(question_at(markers, 0).choices.at(2).text, "1");
  EXPECT_EQ(question_at(markers, 0).choices.at(1).feedback, "non, c'est 1/2");
  EXPECT_TRUE(read_gift(read_fixture("gift/category_only.gift")).entries.empty());
  const ParsedBank categorized = read_gift(
      "$CATEGORY: $course$/top/Fractions\n\n::A:: 1/2 = {=0,5 =0.5}\n\n"
      "$CATEGORY: Géométrie\n::B:: Un carré a {#4} côtés.\n");
  EXPECT_EQ(question_at(categorized, 0).category, "top/Fractions");
  EXPECT_EQ(question_at(categorized, 1).category, "Géométrie");
}

TEST(Gift, SkipsWhatItCannotRepresentWithTheReason) {
  const ParsedBank bank = read_gift(
      "::Essai:: Racontez vos vacances. {}\n\n"
      "::Ouvert:: 2 + 2 = {=4 ~3\n\n"
      "::Bon:: 2 + 2 = {=4 ~3 ~5}\n\n"
      "::Nombre:: Combien ? {#douze}\n\n"
      "::Rien:: Question {~a ~b}\n\n"
      "Lisez attentivement la suite.\n");
  ASSERT_EQ(bank.entries.size(), 6U);
  EXPECT_EQ(question_at(bank, 0).type, QuestionType::essay);  // "{}" (issue 13)
  EXPECT_EQ(bank.entries[1].reason, "unbalanced braces: each question needs one { and its }");
  EXPECT_TRUE(bank.entries[2].question.has_value());
  EXPECT_EQ(bank.entries[3].reason, "the number \"douze\" cannot be read");
  EXPECT_EQ(bank.entries[4].reason, "No choice is marked right.");
  EXPECT_EQ(question_at(bank, 5).type, QuestionType::description);
  EXPECT_EQ(bank.imported(), 3);
  for (const auto& entry : bank.entries) {
    EXPECT_FALSE(entry.name.empty());
  }
}

TEST(Gift, RefusesUnusableFiles) {
  EXPECT_EQ(error_of("", BankFormat::gift), "the GIFT file is empty");
  EXPECT_EQ(error_of("  \n\n\t\n", BankFormat::gift), "the GIFT file is empty");
  EXPECT_EQ(error_of("// only a comment\n", BankFormat::gift),
            "no GIFT question was found in the file");
  EXPECT_EQ(error_of(std::string("PK\x03\x04\0\0binary", 12), BankFormat::gift),
            "the file is not a GIFT text file (binary data or not UTF-8)");
  EXPECT_EQ(error_of("caf\xE9 {=a ~b}", BankFormat::gift),
            "the file is not a GIFT text file (binary data or not UTF-8)");
}

// --- Moodle XML ---------------------------------------------------------------------------

// Every Moodle XML type, supported or not, in one file of ours.
const std::string& moodle_bank() {
  static const std::string text = read_fixture("moodle/every_type.xml");
  return text;
}

TEST(MoodleXml, ReadsEverySupportedTypeAndSkipsTheRestWithTheReason) {
  const ParsedBank bank = read_moodle_xml(moodle_bank());
  ASSERT_EQ(bank.entries.size(), 13U);
  EXPECT_EQ(bank.imported(), 11);
  const Question& capital = question_at(bank, 0);
  EXPECT_EQ(capital.type, QuestionType::single_choice);
  EXPECT_EQ(capital.prompt, "Quelle est la capitale du Sénégal ?");
  EXPECT_EQ(capital.category, "top/Géographie");
  EXPECT_EQ(capital.hints, std::vector<std::string>{"Sur la côte."});
  EXPECT_EQ(capital.choices.at(0), (Choice{"Dakar", 1, "Oui"}));
  EXPECT_EQ(bank.entries[0].notes, std::vector<std::string>{"HTML converted to plain text"});
  const Question& primes = question_at(bank, 1);
  EXPECT_EQ(primes.type, QuestionType::multiple_choice);
  EXPECT_DOUBLE_EQ(grade(primes, Answer{.selected = {0, 1}}).score, 1.0);
  EXPECT_DOUBLE_EQ(grade(primes, Answer{.selected = {0, 2}}).score, 0.0);
  EXPECT_TRUE(question_at(bank, 2).truth);
  EXPECT_EQ(question_at(bank, 2).feedback_false, "Si.");
  const Question& river = question_at(bank, 3);
  EXPECT_TRUE(river.rules.case_sensitive);
  // The catch-all "*" is kept: its feedback answers every other answer (issue 13).
  EXPECT_EQ(river.texts.size(), 2U);
  EXPECT_EQ(grade(river, Answer{.text = "Congo"}).feedback.at(0), "Non.");
  EXPECT_TRUE(bank.entries[3].notes.empty());
  const Question& segment = question_at(bank, 4);
  EXPECT_TRUE(grade(segment, Answer{.text = "0,12 m"}).correct);
  EXPECT_TRUE(grade(segment, Answer{.text = "12,4 cm"}).correct);
  const Question& capitals = question_at(bank, 5);
  EXPECT_EQ(capitals.pairs.size(), 2U);
  EXPECT_EQ(capitals.distractors, std::vector<std::string>{"Abidjan"});
  const Question& ocean = question_at(bank, 6);
  EXPECT_EQ(ocean.prompt, "Dakar est au bord de l'océan {{1}}.");
  EXPECT_EQ(ocean.blanks.at(0).options, (std::vector<std::string>{"Atlantique", "Indien"}));
  EXPECT_TRUE(grade(ocean, Answer{.blanks = {"Atlantique"}}).correct);
  const Question& cloze = question_at(bank, 7);
  EXPECT_EQ(cloze.prompt, "Le {{1}} coule à {{2}}.");
  EXPECT_DOUBLE_EQ(grade(cloze, Answer{.blanks = {"Sénégal", "Niamey"}}).score, 0.75);
  EXPECT_EQ(question_at(bank, 8).items, (std::vector<std::string>{"un", "deux"}));
  EXPECT_EQ(question_at(bank, 9).type, QuestionType::description);
  EXPECT_EQ(question_at(bank, 10).type, QuestionType::essay);
  EXPECT_EQ(bank.entries[10].name, "Rédaction");
  EXPECT_EQ(bank.entries[11].reason, "type not supported: calculated");
  EXPECT_EQ(bank.entries[12].reason, "embedded files (images) are not imported yet");
}

TEST(MoodleXml, RefusesUnusableFiles) {
  EXPECT_EQ(error_of("", BankFormat::moodle_xml), "the Moodle XML file is empty");
  const std::string truncated(moodle_bank().substr(0, moodle_bank().size() / 2));
  EXPECT_NE(error_of(truncated, BankFormat::moodle_xml).find("not well-formed XML"),
            std::string::npos);
  EXPECT_EQ(error_of("<html><body/></html>", BankFormat::moodle_xml),
            "not a Moodle XML question bank: the root element is <html>, not <quiz>");
  EXPECT_EQ(error_of(std::string("\x89PNG\r\n\x1a\n\0\0", 10), BankFormat::moodle_xml),
            "the file is not a Moodle XML text file (binary data or not UTF-8)");
  EXPECT_NE(error_of("just text", BankFormat::moodle_xml).find("not well-formed XML"),
            std::string::npos);
}

// --- QTI 2.1 ------------------------------------------------------------------------------

TEST(Qti, ReadsTheFixtureItems) {
  const ParsedBank inline_choice = read_qti(read_fixture("qti21/inline_choice.xml"));
  const Question& quarter = question_at(inline_choice, 0);
  EXPECT_EQ(quarter.name, "Le quart d'une tablette");
  EXPECT_EQ(quarter.type, QuestionType::fill_blanks);
  EXPECT_NE(quarter.prompt.find("elle a mangé le {{1}} de la tablette."), std::string::npos)
      << quarter.prompt;
  EXPECT_EQ(quarter.blanks.at(0).options, (std::vector<std::string>{"demi", "tiers", "quart"}));
  EXPECT_TRUE(grade(quarter, Answer{.blanks = {"quart"}}).correct);
  EXPECT_FALSE(grade(quarter, Answer{.blanks = {"tiers"}}).correct);

  const ParsedBank text_entry = read_qti(read_fixture("qti21/text_entry.xml"));
  const Question& entry = question_at(text_entry, 0);
  EXPECT_TRUE(grade(entry, Answer{.blanks = {"dénominateur"}}).correct);
  EXPECT_DOUBLE_EQ(grade(entry, Answer{.blanks = {"denominateur"}}).score, 0.5);  // the mapping
  EXPECT_DOUBLE_EQ(grade(entry, Answer{.blanks = {"numérateur"}}).score, 0.0);

  const ParsedBank ordered = read_qti(read_fixture("qti21/order.xml"));
  const Question& order = question_at(ordered, 0);
  EXPECT_EQ(order.items, (std::vector<std::string>{"un huitième", "un quart", "un demi"}));
  // The item shows a picture its lone file does not carry: skipped, with why.
  const ParsedBank choice = read_qti(read_fixture("qti21/choice.xml"));
  ASSERT_EQ(choice.entries.size(), 1U);
  EXPECT_EQ(choice.imported(), 0);
  EXPECT_EQ(choice.entries[0].name, "La part coloriée");
  EXPECT_NE(choice.entries[0].reason.find("images/disque-trois-quarts.png"), std::string::npos);
  EXPECT_EQ(error_of(read_fixture("qti21/test.xml"), BankFormat::qti),
            "this is a QTI test (assessmentTest), which only refers to item files: import the "
            "items");
}

TEST(Qti, ReadsChoiceAndMatchInteractions) {
  const ParsedBank choice = read_qti(
      R"(<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="c" title="Primes">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
    <correctResponse><value>A</value><value>B</value></correctResponse>
  </responseDeclaration>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="0">
    <prompt>Which are prime?</prompt>
    <simpleChoice identifier="A">2</simpleChoice><simpleChoice identifier="B">3</simpleChoice>
    <simpleChoice identifier="C">4</simpleChoice></choiceInteraction></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>)");
  const Question& primes = question_at(choice, 0);
  EXPECT_EQ(primes.type, QuestionType::multiple_choice);
  EXPECT_EQ(primes.prompt, "Which are prime?");
  EXPECT_TRUE(grade(primes, Answer{.selected = {0, 1}}).correct);
  const ParsedBank match = read_qti(R"(<assessmentItem identifier="m" title="Capitals">
  <responseDeclaration identifier="R" cardinality="multiple" baseType="directedPair">
    <correctResponse><value>ML BKO</value><value>NE NIM</value></correctResponse>
  </responseDeclaration>
  <itemBody><matchInteraction responseIdentifier="R" maxAssociations="2">
    <prompt>Match each country with its capital.</prompt>
    <simpleMatchSet><simpleAssociableChoice identifier="ML">Mali</simpleAssociableChoice>
      <simpleAssociableChoice identifier="NE">Niger</simpleAssociableChoice></simpleMatchSet>
    <simpleMatchSet><simpleAssociableChoice identifier="BKO">Bamako</simpleAssociableChoice>
      <simpleAssociableChoice identifier="NIM">Niamey</simpleAssociableChoice>
      <simpleAssociableChoice identifier="ABJ">Abidjan</simpleAssociableChoice></simpleMatchSet>
  </matchInteraction></itemBody>
</assessmentItem>)");
  const Question& capitals = question_at(match, 0);
  EXPECT_EQ(capitals.pairs.at(1), (MatchPair{"Niger", "Niamey"}));
  EXPECT_EQ(capitals.distractors, std::vector<std::string>{"Abidjan"});
}

TEST(Qti, SkipsUnsupportedInteractionsAndRefusesUnusableFiles) {
  const ParsedBank hotspot = read_qti(R"(<assessmentItem identifier="h" title="Zone">
  <itemBody><hotspotInteraction responseIdentifier="R"/></itemBody></assessmentItem>)");
  EXPECT_EQ(hotspot.entries.at(0).reason, "interaction not supported: hotspotInteraction");
  const ParsedBank custom = read_qti(R"(<assessmentItem identifier="x" title="Custom">
  <responseDeclaration identifier="R" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse></responseDeclaration>
  <itemBody><choiceInteraction responseIdentifier="R" maxChoices="1"><prompt>?</prompt>
    <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>
  </choiceInteraction></itemBody>
  <responseProcessing><setOutcomeValue identifier="SCORE"/></responseProcessing>
</assessmentItem>)");
  EXPECT_EQ(custom.entries.at(0).reason, "custom response processing is not supported");
  EXPECT_EQ(error_of("", BankFormat::qti), "the QTI file is empty");
  EXPECT_EQ(error_of("<quiz/>", BankFormat::qti),
            "not a QTI 2.1 item: the root element is <quiz>, not <assessmentItem>");
  EXPECT_NE(error_of("<assessmentItem><itemBody>", BankFormat::qti).find("not well-formed XML"),
            std::string::npos);
  EXPECT_EQ(error_of(std::string("\0\1\2\3", 4), BankFormat::qti),
            "the file is not a QTI text file (binary data or not UTF-8)");
}

// --- writing and round trips --------------------------------------------------------------

std::vector<Question> sample_bank() {
  std::vector<Question> out;
  Question q;
  q.name = "Capitale";
  q.category = "Géographie";
  q.type = QuestionType::single_choice;
  q.prompt = "Quelle est la capitale du **Sénégal** ? (indice : {ville} = côte)";
  q.choices = {
      {"Dakar", 1, "Oui : bravo."}, {"Thiès", 0, "Non ~ essayez."}, {"Saint-Louis", 0.5, ""}};
  q.general_feedback = "Dakar depuis 1960.";
  out.push_back(q);
  q = Question{};
  q.name = "Premiers";
  q.category = "Géographie";
  q.type = QuestionType::multiple_choice;
  q.prompt = "Nombres premiers ?";
  q.choices = {{"2", 0.5, ""}, {"3", 0.5, ""}, {"4", -1, "4 = 2 × 2"}};
  out.push_back(q);
  q = Question{};
  q.name = "Fleuve";
  q.category = "Sciences";
  q.type = QuestionType::true_false;
  q.prompt = "Le Niger est un fleuve.\nIl traverse le Mali.";
  q.truth = true;
  q.feedback_true = "Oui.";
  q.feedback_false = "Si.";
  out.push_back(q);
  q = Question{};
  q.name = "Année";
  q.category = "Sciences";
  q.type = QuestionType::numeric;
  q.prompt = "En quelle année ?";
  q.numbers = {{1960, 0, 1, "Oui."}, {1960, 2, 0.5, "Presque."}};
  out.push_back(q);
  q = Question{};
  q.name = "Long fleuve";
  q.category = "Sciences";
  q.type = QuestionType::short_text;
  q.prompt = "Le plus long fleuve ?";
  q.texts = {{"Niger", 1, ""}, {"le Niger", 1, "Oui."}, {"Sénégal", 0.25, ""}};
  out.push_back(q);
  q = Question{};
  q.name = "Capitales";
  q.category = "Sciences";
  q.type = QuestionType::matching;
  q.prompt = "Associez.";
  q.pairs = {{"Mali", "Bamako"}, {"Niger", "Niamey"}};
  q.distractors = {"Abidjan"};
  out.push_back(q);
  q = Question{};
  q.name = "Lecture";
  q.category = "Sciences";
  q.type = QuestionType::description;
  q.prompt = "Lisez le texte.";
  out.push_back(q);
  return out;
}

TEST(RoundTrip, GiftWriteThenReadGivesTheSameQuestions) {
  const std::vector<Question> bank = sample_bank();
  const WrittenBank written = write_gift(bank);
  EXPECT_TRUE(written.left_out.empty());
  const ParsedBank back = read_gift(written.text);
  ASSERT_EQ(back.entries.size(), bank.size()) << written.text;
  for (std::size_t i = 0; i < bank.size(); ++i) {
    ASSERT_TRUE(back.entries[i].question) << back.entries[i].reason << "\n" << written.text;
    EXPECT_EQ(*back.entries[i].question, bank[i]) << written.text;
  }
}

TEST(RoundTrip, MoodleXmlWriteThenReadGivesTheSameQuestions) {
  std::vector<Question> bank = sample_bank();
  Question q;
  q.name = "Trous";
  q.category = "Sciences";
  q.type = QuestionType::fill_blanks;
  q.prompt = "Le {{1}} coule à {{2}}.";
  q.blanks = {Blank{.answers = {{"Niger", 1, "Oui"}, {"Sénégal", 0.5, ""}}},
              Blank{.answers = {{"Niamey", 1, ""}}, .options = {"Dakar", "Niamey"}}};
  bank.push_back(q);
  q = Question{};
  q.name = "Ordre";
  q.category = "Sciences";
  q.type = QuestionType::ordering;
  q.prompt = "Rangez.";
  q.items = {"1/4", "1/2", "3/4"};
  q.hints = {"Comparez à 1/2."};
  bank.push_back(q);
  bank[3].units = {{"an", 1}};
  bank[4].rules.case_sensitive = true;
  const WrittenBank written = write_moodle_xml(bank);
  EXPECT_TRUE(written.left_out.empty());
  const ParsedBank back = read_moodle_xml(written.text);
  ASSERT_EQ(back.entries.size(), bank.size());
  for (std::size_t i = 0; i < bank.size(); ++i) {
    ASSERT_TRUE(back.entries[i].question) << back.entries[i].reason;
    EXPECT_EQ(*back.entries[i].question, bank[i]) << question_to_json(bank[i]);
  }
}

TEST(RoundTrip, GiftSaysWhatItCannotWrite) {
  Question q;
  q.name = "Ordre";
  q.type = QuestionType::ordering;
  q.prompt = "Rangez.";
  q.items = {"a", "b"};
  const WrittenBank written = write_gift({q});
  ASSERT_EQ(written.left_out.size(), 1U);
  EXPECT_NE(written.left_out[0].find("ordering questions have no GIFT form"), std::string::npos);
  EXPECT_EQ(written.text.find("Rangez"), std::string::npos);
}

// Every question read from `text` survives GIFT and Moodle XML export then import.
void expect_round_trips(const std::string& text, const std::string& file) {
  const ParsedBank first = read_gift(text);
  std::vector<Question> questions;
  for (const auto& entry : first.entries) {
    ASSERT_TRUE(entry.question) << file << ": " << entry.reason;
    questions.push_back(*entry.question);
  }
  const ParsedBank again = read_gift(write_gift(questions).text);
  ASSERT_EQ(again.entries.size(), questions.size()) << file;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    ASSERT_TRUE(again.entries[i].question) << again.entries[i].reason;
    EXPECT_EQ(*again.entries[i].question, questions[i]) << file << " #" << i;
  }
  const ParsedBank moodle = read_moodle_xml(write_moodle_xml(questions).text);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    ASSERT_TRUE(moodle.entries.at(i).question) << moodle.entries[i].reason;
    EXPECT_EQ(*moodle.entries[i].question, questions[i]) << file << " #" << i;
  }
}

TEST(RoundTrip, FixtureGiftFilesSurviveExportAndImport) {
  for (const char* file :
       {"cm2_question_types.gift", "cm2_numbers.gift", "control_characters.gift"}) {
    expect_round_trips(read_fixture(std::string("gift/") + file), file);
  }
}

// --- the real files of other systems (../shared/samples), when present ---------------------

TEST(SharedSamples, EveryGiftFileImportsWithAReport) {
  REQUIRE_SAMPLES();
  const std::vector<std::pair<std::string, int>> expected = {{"category1.gift", 0},
                                                             {"escapeAll.gift", 1},
                                                             {"formatExamples.gift", 1},
                                                             {"numerical1.gift", 10},
                                                             {"giftFormatPhpExamples.gift", 10},
                                                             {"totara_moodle_multichoice.gift", 1}};
  for (const auto& [file, count] : expected) {
    const ParsedBank bank = read_gift(read_sample("gift/" + file));
    EXPECT_EQ(bank.imported(), count) << file;
    EXPECT_EQ(static_cast<int>(bank.entries.size()), count) << file;
  }
}

TEST(SharedSamples, GiftFilesSurviveExportAndImport) {
  REQUIRE_SAMPLES();
  for (const char* file : {"giftFormatPhpExamples.gift", "numerical1.gift", "escapeAll.gift"}) {
    expect_round_trips(read_sample(std::string("gift/") + file), file);
  }
}

TEST(SharedSamples, QtiItemsImportOrSayWhy) {
  if (!testing::sample_path("qti21/items")) {
    GTEST_SKIP() << kNoSamples;
  }
  for (const char* file : {"inline_choice.xml", "text_entry.xml", "order.xml"}) {
    EXPECT_EQ(read_qti(read_sample(std::string("qti21/items/") + file)).imported(), 1) << file;
  }
  const ParsedBank choice = read_qti(read_sample("qti21/items/choice.xml"));
  ASSERT_EQ(choice.entries.size(), 1U);
  EXPECT_NE(choice.entries[0].reason.find("images/sign.png"), std::string::npos);
  EXPECT_NE(error_of(read_sample("qti21/items/test_branching.xml"), BankFormat::qti)
                .find("assessmentTest"),
            std::string::npos);
}

}  // namespace
}  // namespace imaginecole::exercises
