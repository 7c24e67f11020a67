// SPDX-License-Identifier: AGPL-3.0-or-later
// The open-answer question type ("essay", issue 13 item 4): its JSON, its grading (never by the
// machine), its imports from Moodle XML, GIFT and QTI, its exports, the question form and what
// pupils receive (never the marking guide).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "exercises/bank_format.hpp"
#include "exercises/pupil_view.hpp"
#include "exercises/question_form.hpp"

namespace imaginecole::exercises {
namespace {

Question essay() {
  Question q;
  q.id = "0190a000-0000-7000-8000-000000000001";
  q.type = QuestionType::essay;
  q.name = "Ma saison préférée";
  q.category = "CM2/Français";
  q.prompt = "Décris ta saison préférée en quelques phrases.";
  q.response_template = "Ma saison préférée est…";
  q.expected_words = 80;
  q.marking_guide = "Accepter toute saison justifiée ; 2 points pour l'orthographe.";
  q.hints = {"Pense aux couleurs et aux odeurs."};
  return q;
}

// A Moodle XML export with two essays between other questions, as the French MOOC bank has
// them: they were skipped ("type not supported: essay") before.
constexpr std::string_view kMoodleEssays = R"(<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/MOOC/Séquence 1</text></category></question>
  <question type="essay">
    <name><text>Réflexion</text></name>
    <questiontext format="html"><text><![CDATA[<p>Expliquez en quoi l'évaluation formative aide l'élève.</p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>10</defaultgrade>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <minwordlimit>50</minwordlimit>
    <maxwordlimit>200</maxwordlimit>
    <attachments>0</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <graderinfo format="html"><text><![CDATA[<p>Attendus : <strong>rétroaction</strong>, régulation.</p>]]></text></graderinfo>
    <responsetemplate format="html"><text><![CDATA[<p>Selon moi, </p>]]></text></responsetemplate>
  </question>
  <question type="truefalse">
    <name><text>Vrai ou faux</text></name>
    <questiontext format="html"><text>L'évaluation formative est notée.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="essay">
    <name><text>Projet</text></name>
    <questiontext format="html"><text>Décrivez un projet de classe.</text></questiontext>
    <responseformat>editorfilepicker</responseformat>
    <attachments>1</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <graderinfo format="html"><text></text></graderinfo>
  </question>
  <question type="essay">
    <name><text>Fichier seulement</text></name>
    <questiontext format="html"><text>Déposez votre fiche.</text></questiontext>
    <responseformat>noinline</responseformat>
    <attachments>1</attachments>
    <attachmentsrequired>1</attachmentsrequired>
  </question>
</quiz>
)";

TEST(Essay, JsonRoundTripKeepsEveryField) {
  const Question q = essay();
  const std::string json = question_to_json(q);
  EXPECT_NE(json.find("\"type\":\"essay\""), std::string::npos) << json;
  EXPECT_EQ(question_from_json(json), q);
  EXPECT_EQ(questions_from_json(questions_to_json({q, q})).size(), 2U);
  // An essay without its optional fields reads back with them empty.
  const Question bare = question_from_json(R"({"type":"essay","prompt":"Raconte ta journée."})");
  EXPECT_EQ(bare.type, QuestionType::essay);
  EXPECT_EQ(bare.expected_words, 0);
  EXPECT_TRUE(bare.marking_guide.empty());
  EXPECT_EQ(validate(bare), "");
}

TEST(Essay, NeverGradedByTheMachine) {
  Answer answer;
  answer.text = "L'hiver, parce qu'il fait frais.";
  const Grade result = grade(essay(), answer);
  EXPECT_TRUE(result.needs_marking);
  EXPECT_FALSE(result.graded);
  EXPECT_FALSE(result.correct);
  EXPECT_DOUBLE_EQ(result.score, 0);
  // Other types never wait for a teacher.
  Question tf;
  tf.type = QuestionType::true_false;
  tf.prompt = "?";
  Answer truth;
  truth.truth = true;
  EXPECT_FALSE(grade(tf, truth).needs_marking);
}

TEST(Essay, MoodleEssaysAreImportedNotSkipped) {
  const ParsedBank bank = read_moodle_xml(kMoodleEssays);
  ASSERT_EQ(bank.entries.size(), 4U);
  EXPECT_EQ(bank.imported(), 3);

  const BankEntry& first = bank.entries[0];
  ASSERT_TRUE(first.question) << first.reason;
  const Question& q = *first.question;
  EXPECT_EQ(q.type, QuestionType::essay);
  EXPECT_EQ(q.category, "MOOC/Séquence 1");
  EXPECT_EQ(q.prompt, "Expliquez en quoi l'évaluation formative aide l'élève.");
  EXPECT_EQ(q.marking_guide, "Attendus : rétroaction, régulation.");
  EXPECT_EQ(q.response_template, "Selon moi,");
  EXPECT_EQ(q.expected_words, 200);

  ASSERT_TRUE(bank.entries[2].question) << bank.entries[2].reason;
  EXPECT_FALSE(bank.entries[2].notes.empty());  // attachments are not offered

  EXPECT_FALSE(bank.entries[3].question);
  EXPECT_NE(bank.entries[3].reason.find("attached files"), std::string::npos);
}

TEST(Essay, GiftEmptyBracesAreAnEssay) {
  const ParsedBank bank = read_gift(
      "::Récit::Raconte ton dernier jour de marché. {}\n\n::Avec retour::Pourquoi "
      "l'eau bout-elle ? {\n####Pense à la pression.\n}\n");
  ASSERT_EQ(bank.entries.size(), 2U);
  ASSERT_TRUE(bank.entries[0].question) << bank.entries[0].reason;
  EXPECT_EQ(bank.entries[0].question->type, QuestionType::essay);
  EXPECT_EQ(bank.entries[0].question->prompt, "Raconte ton dernier jour de marché.");
  ASSERT_TRUE(bank.entries[1].question) << bank.entries[1].reason;
  EXPECT_EQ(bank.entries[1].question->type, QuestionType::essay);
  EXPECT_EQ(bank.entries[1].question->general_feedback, "Pense à la pression.");
}

TEST(Essay, QtiExtendedTextInteractionIsAnEssay) {
  const ParsedBank bank = read_qti(R"(<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="essay1"
    title="Le fleuve" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"/>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Pourquoi le fleuve Niger est-il important ?</p>
    <extendedTextInteraction responseIdentifier="RESPONSE" expectedLength="600">
      <prompt>Écris un paragraphe.</prompt>
    </extendedTextInteraction>
  </itemBody>
</assessmentItem>
)");
  ASSERT_EQ(bank.entries.size(), 1U);
  ASSERT_TRUE(bank.entries[0].question) << bank.entries[0].reason;
  const Question& q = *bank.entries[0].question;
  EXPECT_EQ(q.type, QuestionType::essay);
  EXPECT_NE(q.prompt.find("Pourquoi le fleuve Niger"), std::string::npos) << q.prompt;
  EXPECT_NE(q.prompt.find("Écris un paragraphe."), std::string::npos) << q.prompt;
  EXPECT_EQ(q.expected_words, 101);
}

TEST(Essay, ExportedToMoodleXmlAndReadBack) {
  const Question q = essay();
  const WrittenBank written = write_moodle_xml({q});
  EXPECT_EQ(written.written, 1);
  EXPECT_NE(written.text.find("type=\"essay\""), std::string::npos);
  const ParsedBank back = read_moodle_xml(written.text);
  ASSERT_EQ(back.entries.size(), 1U);
  ASSERT_TRUE(back.entries[0].question) << back.entries[0].reason;
  const Question& read = *back.entries[0].question;
  EXPECT_EQ(read.type, QuestionType::essay);
  EXPECT_EQ(read.prompt, q.prompt);
  EXPECT_EQ(read.marking_guide, q.marking_guide);
  EXPECT_EQ(read.response_template, q.response_template);
  EXPECT_EQ(read.expected_words, q.expected_words);
}

TEST(Essay, ExportedToGiftAsEmptyBraces) {
  const WrittenBank written = write_gift({essay()});
  EXPECT_EQ(written.written, 1);
  EXPECT_NE(written.text.find("{}"), std::string::npos) << written.text;
  // GIFT has no marking guide: said, not silently lost.
  ASSERT_EQ(written.left_out.size(), 1U);
  EXPECT_NE(written.left_out[0].find("marking guide"), std::string::npos);
  const ParsedBank back = read_gift(written.text);
  ASSERT_EQ(back.entries.size(), 1U);
  ASSERT_TRUE(back.entries[0].question) << back.entries[0].reason;
  EXPECT_EQ(back.entries[0].question->type, QuestionType::essay);
  EXPECT_EQ(back.entries[0].question->prompt, essay().prompt);
}

TEST(Essay, PupilsNeverReceiveTheMarkingGuide) {
  const boost::json::object view = question_for_pupils(essay());
  EXPECT_EQ(view.at("type").as_string(), "essay");
  EXPECT_EQ(view.at("response_template").as_string(), "Ma saison préférée est…");
  EXPECT_EQ(view.at("expected_words").as_int64(), 80);
  EXPECT_FALSE(view.contains("marking_guide"));
  EXPECT_EQ(boost::json::serialize(view).find("orthographe"), std::string::npos);
}

TEST(Essay, QuestionFormCreatesAndEditsAnEssay) {
  Question q = essay();
  q.id.clear();  // not a form field
  const FormValues values = form_values(q);
  const ParsedQuestionForm parsed = parse_question_form(values);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.question, q);

  FormValues typed{{"type", "essay"},
                   {"prompt", "Raconte."},
                   {"expected_words", "beaucoup"},
                   {"marking_guide", "Sur 10."}};
  const ParsedQuestionForm bad = parse_question_form(typed);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problems[0].field, "expected_words");
  typed["expected_words"] = "";
  const ParsedQuestionForm good = parse_question_form(typed);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.question.marking_guide, "Sur 10.");
}

}  // namespace
}  // namespace imaginecole::exercises
