// SPDX-License-Identifier: AGPL-3.0-or-later
// The grading engine, question type by question type, and the JSON form.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "exercises/question.hpp"

namespace imaginecole::exercises {
// Readable failures: a question prints as its JSON.
inline void PrintTo(const Question& question, std::ostream* out) {
  *out << question_to_json(question);
}
namespace {

Question single() {
  Question q;
  q.type = QuestionType::single_choice;
  q.prompt = "Capitale du Sénégal ?";
  q.choices = {{"Dakar", 1, "Oui."},
               {"Thiès", 0, "Non, c'est une autre ville."},
               {"Saint-Louis", 0.5, "Ancienne capitale."}};
  q.general_feedback = "Dakar est la capitale depuis 1960.";
  return q;
}

TEST(Grading, SingleChoiceScoresTheChosenChoiceAndShowsItsFeedback) {
  const Question q = single();
  Grade g = grade(q, Answer{.selected = {0}});
  EXPECT_DOUBLE_EQ(g.score, 1.0);
  EXPECT_TRUE(g.correct);
  ASSERT_EQ(g.feedback.size(), 2U);
  EXPECT_EQ(g.feedback[0], "Oui.");
  EXPECT_EQ(g.feedback[1], "Dakar est la capitale depuis 1960.");
  g = grade(q, Answer{.selected = {1}});
  EXPECT_DOUBLE_EQ(g.score, 0.0);
  EXPECT_FALSE(g.correct);
  EXPECT_EQ(g.feedback[0], "Non, c'est une autre ville.");
  g = grade(q, Answer{.selected = {2}});
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  EXPECT_FALSE(g.correct);
}

TEST(Grading, SingleChoiceRefusesNoneSeveralOrOutOfRangeSelections) {
  const Question q = single();
  EXPECT_DOUBLE_EQ(grade(q, Answer{}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 2}}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {7}}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {-1}}).score, 0.0);
}

Question multiple() {
  Question q;
  q.type = QuestionType::multiple_choice;
  q.prompt = "Nombres premiers ?";
  q.choices = {{"2", 1, ""}, {"3", 1, ""}, {"4", 0, "4 = 2 × 2"}, {"9", -1, "9 = 3 × 3"}};
  return q;
}

TEST(Grading, MultipleChoiceGivesPartialCreditAndPenalisesWrongChoices) {
  const Question q = multiple();
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 1}}).score, 1.0);
  EXPECT_TRUE(grade(q, Answer{.selected = {1, 0}}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0}}).score, 0.5);
  // A wrong choice without its own penalty costs one right choice's share.
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 1, 2}}).score, 0.5);
  EXPECT_FALSE(grade(q, Answer{.selected = {0, 1, 2}}).correct);
  // Ticking everything earns nothing; the score never goes below 0.
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 1, 2, 3}}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {3}}).score, 0.0);
  const Grade g = grade(q, Answer{.selected = {0, 2}});
  EXPECT_DOUBLE_EQ(g.score, 0.0);
  ASSERT_EQ(g.feedback.size(), 1U);
  EXPECT_EQ(g.feedback[0], "4 = 2 × 2");
}

TEST(Grading, MultipleChoiceWithWeightedChoicesSharesTheCredit) {
  Question q;
  q.type = QuestionType::multiple_choice;
  q.prompt = "?";
  q.choices = {{"a", 0.5, ""}, {"b", 0.25, ""}, {"c", 0.25, ""}, {"d", -0.5, ""}};
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0}}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {1, 2}}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 1, 3}}).score, 0.25);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.selected = {0, 1, 2}}).score, 1.0);
}

TEST(Grading, TrueFalseShowsTheFeedbackOfTheAnswerGiven) {
  Question q;
  q.type = QuestionType::true_false;
  q.prompt = "Le Niger est un fleuve.";
  q.truth = true;
  q.feedback_true = "Oui, il traverse le Mali et le Niger.";
  q.feedback_false = "Si : c'est aussi un pays.";
  Grade g = grade(q, Answer{.truth = true});
  EXPECT_TRUE(g.correct);
  EXPECT_EQ(g.feedback.at(0), q.feedback_true);
  g = grade(q, Answer{.truth = false});
  EXPECT_FALSE(g.correct);
  EXPECT_DOUBLE_EQ(g.score, 0.0);
  EXPECT_EQ(g.feedback.at(0), q.feedback_false);
  EXPECT_FALSE(grade(q, Answer{}).correct);
  q.truth = false;
  EXPECT_TRUE(grade(q, Answer{.truth = false}).correct);
}

Question numeric() {
  Question q;
  q.type = QuestionType::numeric;
  q.prompt = "Longueur du segment ?";
  q.numbers = {{12, 0, 1, "Exact."}, {12, 1, 0.5, "Presque."}};
  q.units = {{"cm", 1}};
  return q;
}

TEST(Grading, NumericAcceptsTheToleranceAndTheBestMatchingAnswer) {
  const Question q = numeric();
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "12"}).score, 1.0);
  EXPECT_EQ(grade(q, Answer{.text = "12"}).feedback.at(0), "Exact.");
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "12.8"}).score, 0.5);
  EXPECT_EQ(grade(q, Answer{.text = "11"}).feedback.at(0), "Presque.");
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "13.01"}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "douze"}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = ""}).score, 0.0);
}

TEST(Grading, NumericReadsTheFrenchDecimalComma) {
  Question q;
  q.type = QuestionType::numeric;
  q.prompt = "7 / 2 ?";
  q.numbers = {{3.5, 0, 1, ""}};
  EXPECT_TRUE(grade(q, Answer{.text = "3,5"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = " 3.5 "}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "3,50"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "3,5,0"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "1,234.5"}).correct);
  q.numbers = {{1000, 0, 1, ""}};
  EXPECT_TRUE(grade(q, Answer{.text = "1 000"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "1e3"}).correct);
  q.numbers = {{-3.142, 0.001, 1, ""}};
  EXPECT_TRUE(grade(q, Answer{.text = "-3,1415"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "3,142"}).correct);
}

TEST(Grading, NumericConvertsKnownUnitsAndRefusesOthers) {
  Question q = numeric();
  EXPECT_TRUE(grade(q, Answer{.text = "12 cm"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "12cm"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "0,12 m"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "120 mm"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "12 kg"}).correct);      // another kind of unit
  EXPECT_FALSE(grade(q, Answer{.text = "12 pouces"}).correct);  // unknown unit
  EXPECT_TRUE(grade(q, Answer{.text = "12"}).correct);          // the unit may be left out
  // Only the listed units when conversion is off.
  q.units_convertible = false;
  EXPECT_FALSE(grade(q, Answer{.text = "0.12 m"}).correct);
  q.units.push_back(Unit{.name = "m", .multiplier = 100});
  EXPECT_TRUE(grade(q, Answer{.text = "0.12 m"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "120 mm"}).correct);
}

TEST(Grading, NumericAcceptsUnitsWrittenOut) {
  Question q;
  q.type = QuestionType::numeric;
  q.prompt = "Surface du champ ?";
  q.numbers = {{9, 0, 1, ""}};
  q.units = {{"ha", 1}};
  EXPECT_TRUE(grade(q, Answer{.text = "9 hectares"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "9 Hectares"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "9 hectare"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "9 ha"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "9"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "900 a"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "9 kg"}).correct);
  EXPECT_FALSE(grade(q, Answer{.text = "8 hectares"}).correct);
  // The question's unit written out, the pupil's as a symbol.
  q.units = {{"hectares", 1}};
  EXPECT_TRUE(grade(q, Answer{.text = "9 ha"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "90000 m"}).correct == false);  // m is a length
  q.units = {{"cm", 1}};
  q.numbers = {{12, 0, 1, ""}};
  EXPECT_TRUE(grade(q, Answer{.text = "12 centimètres"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "0,12 mètre"}).correct);
  EXPECT_EQ(unit_symbol("Kilogrammes"), "kg");
  EXPECT_EQ(unit_symbol(" mL "), "mL");
}

TEST(Grading, UnitFactorsAndNumberParsing) {
  EXPECT_DOUBLE_EQ(*unit_factor("m", "cm"), 100.0);
  EXPECT_DOUBLE_EQ(*unit_factor("kg", "g"), 1000.0);
  EXPECT_DOUBLE_EQ(*unit_factor("h", "min"), 60.0);
  EXPECT_FALSE(unit_factor("m", "g"));
  EXPECT_FALSE(unit_factor("furlong", "m"));
  const auto parsed = parse_number_with_unit("0,5 kg");
  ASSERT_TRUE(parsed);
  EXPECT_DOUBLE_EQ(parsed->value, 0.5);
  EXPECT_EQ(parsed->unit, "kg");
  EXPECT_FALSE(parse_number("abc"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("1..2"));
  EXPECT_DOUBLE_EQ(*parse_number("+4"), 4.0);
  EXPECT_DOUBLE_EQ(*parse_number("\xE2\x88\x92"
                                 "2"),
                   -2.0);  // U+2212 minus sign
}

Question short_text() {
  Question q;
  q.type = QuestionType::short_text;
  q.prompt = "Le plus long fleuve d'Afrique de l'Ouest ?";
  q.texts = {
      {"le Niger", 1, "Bravo."}, {"Niger", 1, "Bravo."}, {"Sénégal", 0.25, "Non, plus court."}};
  return q;
}

TEST(Grading, ShortTextIgnoresCaseAccentsAndSpacesByDefault) {
  const Question q = short_text();
  EXPECT_TRUE(grade(q, Answer{.text = "niger"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "  LE   NIGER "}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "senegal"}).score, 0.25);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "SÉNÉGAL"}).score, 0.25);
  EXPECT_EQ(grade(q, Answer{.text = "Senegal"}).feedback.at(0), "Non, plus court.");
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "Nil"}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "   "}).score, 0.0);
}

TEST(Grading, ShortTextRulesAreSetPerQuestion) {
  Question q = short_text();
  q.rules.case_sensitive = true;
  EXPECT_FALSE(grade(q, Answer{.text = "niger"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "Niger"}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "Senegal"}).score, 0.25);  // accents still free
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "senegal"}).score, 0.0);
  // Decomposed accents (e + combining acute) are dropped like composed ones.
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "Se\xCC\x81ne\xCC\x81gal"}).score, 0.25);
  q.rules.accent_sensitive = true;
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "Senegal"}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.text = "Sénégal"}).score, 0.25);
  q.rules.collapse_spaces = false;
  EXPECT_FALSE(grade(q, Answer{.text = "le  Niger"}).correct);
  EXPECT_TRUE(grade(q, Answer{.text = "le Niger"}).correct);
}

TEST(Grading, NormalizeTextFoldsLatinLettersAndApostrophes) {
  const TextRules loose;
  EXPECT_EQ(normalize_text("ÉCOLE Œuvre Ça", loose), "ecole oeuvre ca");
  EXPECT_EQ(normalize_text("l\xE2\x80\x99"
                           "eau",
                           loose),
            "l'eau");
  EXPECT_EQ(normalize_text("\tA  b\n", loose), "a b");
  EXPECT_EQ(normalize_text("Ça", TextRules{.case_sensitive = true}), "Ca");
  EXPECT_EQ(normalize_text("Ça", TextRules{.accent_sensitive = true}), "ça");
}

Question blanks() {
  Question q;
  q.type = QuestionType::fill_blanks;
  q.prompt = "Le {{1}} se jette dans l'océan {{2}}.";
  q.blanks = {
      Blank{.answers = {{"Sénégal", 1, "Oui."}, {"fleuve Sénégal", 1, ""}}},
      Blank{.answers = {{"Atlantique", 1, ""}}, .options = {"Indien", "Atlantique", "Pacifique"}}};
  return q;
}

TEST(Grading, FillBlanksScoresEachBlank) {
  const Question q = blanks();
  EXPECT_TRUE(grade(q, Answer{.blanks = {"senegal", "Atlantique"}}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"Niger", "Atlantique"}}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"Sénégal", "Indien"}}).score, 0.5);
  EXPECT_EQ(grade(q, Answer{.blanks = {"Sénégal", "Indien"}}).feedback.at(0), "Oui.");
  EXPECT_DOUBLE_EQ(grade(q, Answer{.blanks = {"Sénégal"}}).score, 0.5);  // missing blank
  EXPECT_DOUBLE_EQ(grade(q, Answer{}).score, 0.0);
  Question strict = q;
  strict.rules.accent_sensitive = true;
  EXPECT_DOUBLE_EQ(grade(strict, Answer{.blanks = {"Senegal", "Atlantique"}}).score, 0.5);
}

TEST(Grading, MatchingScoresEachPair) {
  Question q;
  q.type = QuestionType::matching;
  q.prompt = "Associez chaque pays à sa capitale.";
  q.pairs = {
      {"Sénégal", "Dakar"}, {"Mali", "Bamako"}, {"Niger", "Niamey"}, {"Bénin", "Porto-Novo"}};
  q.distractors = {"Abidjan"};
  EXPECT_TRUE(grade(q, Answer{.matches = {"Dakar", "Bamako", "Niamey", "Porto-Novo"}}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.matches = {"Dakar", "Niamey", "Bamako", "Porto-Novo"}}).score,
                   0.5);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.matches = {"Abidjan", "", "", ""}}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.matches = {"Dakar"}}).score, 0.25);
}

TEST(Grading, OrderingScoresItemsInTheirPlace) {
  Question q;
  q.type = QuestionType::ordering;
  q.prompt = "Rangez du plus petit au plus grand.";
  q.items = {"1/4", "1/3", "1/2", "3/4"};
  EXPECT_TRUE(grade(q, Answer{.order = {0, 1, 2, 3}}).correct);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.order = {1, 0, 2, 3}}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.order = {3, 2, 1, 0}}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, Answer{.order = {0, 0, 0, 0}}).score, 0.25);
  EXPECT_DOUBLE_EQ(grade(q, Answer{}).score, 0.0);
}

TEST(Grading, DescriptionsAreNotGraded) {
  Question q;
  q.type = QuestionType::description;
  q.prompt = "Lisez le texte.";
  const Grade g = grade(q, Answer{});
  EXPECT_FALSE(g.graded);
  EXPECT_FALSE(g.correct);
}

TEST(Validation, RefusesQuestionsThatCannotBeGraded) {
  EXPECT_EQ(validate(single()), "");
  Question q = single();
  q.choices = {{"Dakar", 0, ""}, {"Thiès", 0, ""}};
  EXPECT_EQ(validate(q), "No choice is marked right.");
  q = single();
  q.prompt = "  ";
  EXPECT_EQ(validate(q), "The question has no text.");
  q = blanks();
  q.prompt = "Le {{1}} se jette dans l'océan.";
  EXPECT_NE(validate(q).find("{{2}}"), std::string::npos);
  q = numeric();
  q.numbers[0].tolerance = -1;
  EXPECT_FALSE(validate(q).empty());
}

TEST(QuestionJson, RoundTripsEveryType) {
  std::vector<Question> all = {single(), multiple(), numeric(), short_text(), blanks()};
  Question tf;
  tf.type = QuestionType::true_false;
  tf.prompt = "Vrai ?";
  tf.truth = false;
  tf.feedback_true = "Non.";
  all.push_back(tf);
  Question ordering;
  ordering.type = QuestionType::ordering;
  ordering.prompt = "Ordre";
  ordering.items = {"a", "b"};
  ordering.hints = {"Commencez par le plus petit."};
  ordering.solution = "a < b";
  ordering.media = {"ab12"};
  all.push_back(ordering);
  for (Question& q : all) {
    q.id = "0190f0f0-0000-7000-8000-000000000001";
    q.name = "Nom « spécial »";
    q.category = "Géographie/Fleuves";
    const Question back = question_from_json(question_to_json(q));
    EXPECT_EQ(back, q) << question_to_json(q);
  }
  EXPECT_EQ(questions_from_json(questions_to_json(all)), all);
}

TEST(QuestionJson, RefusesBrokenInputWithAClearMessage) {
  const auto message = [](std::string_view json) {
    try {
      question_from_json(json);
    } catch (const InvalidInput& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(message("[]"), "a question must be a JSON object");
  EXPECT_EQ(message(R"({"prompt":"x"})"), "type is missing");
  EXPECT_EQ(message(R"({"type":"open"})"), "type \"open\" is not a question type");
  EXPECT_EQ(message(R"({"type":"essay","expected_words":-3})"),
            "expected_words must be a whole number from 0 to 100000");
  EXPECT_EQ(message(R"({"type":"single_choice","choices":[{"text":"a","fraction":"1"}]})"),
            "choices[0].fraction must be a number");
  EXPECT_EQ(message(R"({"type":"ordering","items":[1]})"), "items[0] must be a string");
  EXPECT_EQ(message(R"({"type":"short_text","rules":{"case_sensitive":1}})"),
            "rules.case_sensitive must be true or false");
  EXPECT_THROW(questions_from_json("{}"), InvalidInput);
}

}  // namespace
}  // namespace imaginecole::exercises
