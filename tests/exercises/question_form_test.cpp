// SPDX-License-Identifier: AGPL-3.0-or-later
// The question form's pure parser: every type round-trips through its form fields, empty rows
// are ignored, and broken input gives problems on the right fields, never an exception.
#include <gtest/gtest.h>

#include <string>

#include "exercises/question_form.hpp"

namespace imaginecole::exercises {
namespace {

bool has_problem(const ParsedQuestionForm& parsed, const std::string& field,
                 const std::string& key) {
  for (const auto& problem : parsed.problems) {
    if (problem.field == field && problem.message_key == key) {
      return true;
    }
  }
  return false;
}

std::string problems_of(const ParsedQuestionForm& parsed) {
  std::string out;
  for (const auto& problem : parsed.problems) {
    out += problem.field + ":" + problem.message_key + " " + problem.detail + "\n";
  }
  return out;
}

void expect_round_trip(const Question& question) {
  const FormValues values = form_values(question);
  const ParsedQuestionForm parsed = parse_question_form(values);
  ASSERT_TRUE(parsed.ok()) << type_name(question.type) << "\n" << problems_of(parsed);
  EXPECT_EQ(parsed.question, question) << type_name(question.type);
}

Question base(QuestionType type, std::string prompt = "Quelle est la réponse ?") {
  Question q;
  q.type = type;
  q.name = "Question " + std::string(type_name(type));
  q.category = "CM2/Maths";
  q.prompt = std::move(prompt);
  q.hints = {"Relisez l’énoncé.", "Faites un schéma."};
  q.solution = "On calcule **pas à pas**.";
  q.general_feedback = "Bien travaillé.";
  return q;
}

TEST(QuestionForm, EveryTypeRoundTripsThroughItsFields) {
  Question single = base(QuestionType::single_choice, "Capitale du Sénégal ?");
  single.choices = {{"Dakar", 1, "Oui."}, {"Thiès", 0, "Non."}, {"Saint-Louis", -0.25, ""}};
  expect_round_trip(single);

  Question multiple = base(QuestionType::multiple_choice);
  multiple.choices = {{"2", 0.5, ""}, {"4", 0.5, "Pair."}, {"5", -1, "Impair."}};
  expect_round_trip(multiple);

  Question truth = base(QuestionType::true_false, "Le Niger est un fleuve.");
  truth.truth = false;
  truth.feedback_true = "Non, c’est aussi un pays.";
  truth.feedback_false = "Oui.";
  expect_round_trip(truth);

  Question numeric = base(QuestionType::numeric, "Longueur du segment ?");
  numeric.numbers = {{12.5, 0.25, 1, "Exact."}, {12, 1, 0.5, "Presque."}};
  numeric.units = {{"cm", 1}, {"m", 100}};
  numeric.units_convertible = false;
  expect_round_trip(numeric);

  Question text = base(QuestionType::short_text, "Le fleuve de Saint-Louis ?");
  text.texts = {{"Sénégal", 1, ""}, {"fleuve Sénégal", 1, "Oui."}, {"Senegal", 0.5, "Accent !"}};
  text.rules =
      TextRules{.case_sensitive = true, .accent_sensitive = true, .collapse_spaces = false};
  expect_round_trip(text);

  Question blanks = base(QuestionType::fill_blanks, "Le {{1}} passe à {{2}}.");
  blanks.blanks = {Blank{.answers = {{"Niger", 1, ""}, {"fleuve Niger", 1, ""}}, .options = {}},
                   Blank{.answers = {{"Niamey", 1, ""}}, .options = {"Niamey", "Dakar"}}};
  expect_round_trip(blanks);

  Question matching = base(QuestionType::matching, "Associez.");
  matching.pairs = {{"Sénégal", "Dakar"}, {"Mali", "Bamako"}};
  matching.distractors = {"Lomé", "Accra"};
  expect_round_trip(matching);

  Question ordering = base(QuestionType::ordering, "Du plus petit au plus grand.");
  ordering.items = {"1/4", "1/2", "3/4"};
  expect_round_trip(ordering);
}

TEST(QuestionForm, EmptyRowsAreIgnoredAndDefaultsApply) {
  const FormValues form = {{"type", "numeric"},
                           {"prompt", " 7 ÷ 2 ? "},
                           {"number0_value", ""},
                           {"number0_tolerance", ""},
                           {"number0_credit", ""},
                           {"number1_value", "3,5"},
                           {"number1_tolerance", "0,05"},
                           {"number2_value", " "},
                           {"number2_credit", "100"},  // a credit alone does not make a row
                           {"unit0_name", ""},
                           {"unit0_multiplier", "1"},
                           {"unit1_name", "cm"},
                           {"unit3_name", "m"},
                           {"unit3_multiplier", "100"},
                           {"units_convertible", "1"},
                           {"hints", "\n  Partagez 7 en deux.  \n\n"}};
  const auto parsed = parse_question_form(form);
  ASSERT_TRUE(parsed.ok()) << problems_of(parsed);
  const Question& q = parsed.question;
  EXPECT_EQ(q.prompt, "7 ÷ 2 ?");
  ASSERT_EQ(q.numbers.size(), 1U);
  EXPECT_EQ(q.numbers[0], (NumericAnswer{3.5, 0.05, 1, ""}));
  EXPECT_EQ(q.units, (std::vector<Unit>{{"cm", 1}, {"m", 100}}));
  EXPECT_TRUE(q.units_convertible);
  EXPECT_EQ(q.hints, std::vector<std::string>{"Partagez 7 en deux."});

  const auto choices = parse_question_form({{"type", "single_choice"},
                                            {"prompt", "?"},
                                            {"choice0_text", "Oui"},
                                            {"choice0_credit", "100 %"},
                                            {"choice2_text", "Non"},
                                            {"choice5_text", ""},
                                            {"choice5_feedback", ""}});
  ASSERT_TRUE(choices.ok()) << problems_of(choices);
  EXPECT_EQ(choices.question.choices, (std::vector<Choice>{{"Oui", 1, ""}, {"Non", 0, ""}}));
  const auto text = parse_question_form({{"type", "short_text"},
                                         {"prompt", "?"},
                                         {"text0_text", "Niger"},
                                         {"accent_sensitive", "1"}});
  ASSERT_TRUE(text.ok()) << problems_of(text);
  EXPECT_FALSE(text.question.rules.collapse_spaces) << "an unchecked box posts nothing";
  EXPECT_TRUE(text.question.rules.accent_sensitive);
}

TEST(QuestionForm, BrokenNumbersAreFieldProblems) {
  const auto parsed = parse_question_form({{"type", "numeric"},
                                           {"prompt", "Combien ?"},
                                           {"number0_value", "douze"},
                                           {"number0_tolerance", "abc"},
                                           {"number1_value", "12"},
                                           {"number1_tolerance", "-1"},
                                           {"number1_credit", "150"},
                                           {"number2_feedback", "Sans valeur"},
                                           {"unit0_name", "cm"},
                                           {"unit0_multiplier", "0"},
                                           {"unit1_name", "cm"}});
  EXPECT_FALSE(parsed.ok());
  EXPECT_TRUE(has_problem(parsed, "number0_value", "exercises_forms_error_not_a_number"));
  EXPECT_TRUE(has_problem(parsed, "number0_tolerance", "exercises_forms_error_not_a_number"));
  EXPECT_TRUE(has_problem(parsed, "number1_tolerance", "exercises_forms_error_negative_tolerance"));
  EXPECT_TRUE(has_problem(parsed, "number1_credit", "exercises_forms_error_credit_range"));
  EXPECT_TRUE(has_problem(parsed, "number2_value", "exercises_forms_error_value_missing"));
  EXPECT_TRUE(has_problem(parsed, "unit0_multiplier", "exercises_forms_error_multiplier"));
  EXPECT_TRUE(has_problem(parsed, "unit1_name", "exercises_forms_error_duplicate"));
}

TEST(QuestionForm, ChoiceProblems) {
  const auto none_right = parse_question_form({{"type", "single_choice"},
                                               {"prompt", "Capitale ?"},
                                               {"choice0_text", "Dakar"},
                                               {"choice0_credit", "0"},
                                               {"choice1_text", "Thiès"}});
  EXPECT_TRUE(has_problem(none_right, "choices", "exercises_forms_error_no_right_choice"))
      << problems_of(none_right);
  const auto one = parse_question_form({{"type", "multiple_choice"},
                                        {"prompt", "?"},
                                        {"choice0_text", "Dakar"},
                                        {"choice0_credit", "100"}});
  EXPECT_TRUE(has_problem(one, "choices", "exercises_forms_error_two_choices"));
  const auto broken = parse_question_form({{"type", "single_choice"},
                                           {"prompt", "?"},
                                           {"choice0_text", "Dakar"},
                                           {"choice0_credit", "cent"},
                                           {"choice1_text", "Dakar"},
                                           {"choice1_credit", "100"},
                                           {"choice2_feedback", "Sans texte"}});
  EXPECT_TRUE(has_problem(broken, "choice0_credit", "exercises_forms_error_not_a_number"));
  EXPECT_TRUE(has_problem(broken, "choice1_text", "exercises_forms_error_duplicate"));
  EXPECT_TRUE(has_problem(broken, "choice2_text", "exercises_forms_error_text_missing"));
}

TEST(QuestionForm, MatchingOrderingAndTextProblems) {
  const auto pairs = parse_question_form({{"type", "matching"},
                                          {"prompt", "Associez."},
                                          {"pair0_left", "Sénégal"},
                                          {"pair0_right", "Dakar"},
                                          {"pair1_left", "Sénégal"},
                                          {"pair1_right", "Thiès"},
                                          {"pair2_left", "Mali"}});
  EXPECT_TRUE(has_problem(pairs, "pair1_left", "exercises_forms_error_duplicate"))
      << problems_of(pairs);
  EXPECT_TRUE(has_problem(pairs, "pair2_right", "exercises_forms_error_text_missing"));
  const auto single_pair = parse_question_form(
      {{"type", "matching"}, {"prompt", "?"}, {"pair0_left", "a"}, {"pair0_right", "b"}});
  EXPECT_TRUE(has_problem(single_pair, "pairs", "exercises_forms_error_two_pairs"));

  const auto items = parse_question_form(
      {{"type", "ordering"}, {"prompt", "Rangez."}, {"item0", "1/2"}, {"item4", "1/2"}});
  EXPECT_TRUE(has_problem(items, "item4", "exercises_forms_error_duplicate"));
  const auto one_item =
      parse_question_form({{"type", "ordering"}, {"prompt", "Rangez."}, {"item0", "1/2"}});
  EXPECT_TRUE(has_problem(one_item, "items", "exercises_forms_error_two_items"));

  const auto texts = parse_question_form({{"type", "short_text"},
                                          {"prompt", "Fleuve ?"},
                                          {"text0_text", "Niger"},
                                          {"text0_credit", "0"},
                                          {"text1_feedback", "Sans réponse"},
                                          {"text1_credit", "0"}});
  EXPECT_TRUE(has_problem(texts, "texts", "exercises_forms_error_no_right_text"));
  EXPECT_TRUE(has_problem(texts, "text1_text", "exercises_forms_error_text_missing"));
}

TEST(QuestionForm, BlankProblems) {
  const auto parsed = parse_question_form({{"type", "fill_blanks"},
                                           {"prompt", "Le {{1}} passe à Niamey."},
                                           {"blank1_answers", "Niamey"},
                                           {"blank2_answers", "Niger"},
                                           {"blank2_options", "Sénégal\nGambie"}});
  EXPECT_TRUE(has_problem(parsed, "blank0_answers", "exercises_forms_error_blank_no_answer"))
      << problems_of(parsed);
  EXPECT_TRUE(has_problem(parsed, "blank1_answers", "exercises_forms_error_marker_missing"));
  EXPECT_TRUE(has_problem(parsed, "blank2_options", "exercises_forms_error_answer_not_option"));
  const auto none = parse_question_form({{"type", "fill_blanks"}, {"prompt", "Sans trou."}});
  EXPECT_TRUE(has_problem(none, "blanks", "exercises_forms_error_no_blank"));
}

TEST(QuestionForm, MissingAndOverlongFields) {
  const auto empty = parse_question_form({});
  EXPECT_TRUE(has_problem(empty, "type", "exercises_forms_error_type"));
  EXPECT_TRUE(has_problem(empty, "prompt", "exercises_forms_error_required"));
  const auto unknown = parse_question_form({{"type", "open"}, {"prompt", "Racontez."}});
  EXPECT_TRUE(has_problem(unknown, "type", "exercises_forms_error_type"));

  const auto long_texts = parse_question_form({{"type", "true_false"},
                                               {"name", std::string(300, 'n')},
                                               {"prompt", std::string(20001, 'p')},
                                               {"feedback_true", std::string(2001, 'f')},
                                               {"hints", std::string(2001, 'h') + "\nCourt"}});
  EXPECT_TRUE(has_problem(long_texts, "name", "exercises_forms_error_too_long"))
      << problems_of(long_texts);
  EXPECT_TRUE(has_problem(long_texts, "prompt", "exercises_forms_error_too_long"));
  EXPECT_TRUE(has_problem(long_texts, "feedback_true", "exercises_forms_error_too_long"));
  EXPECT_TRUE(has_problem(long_texts, "hints", "exercises_forms_error_too_long"));

  // Rows past the last one the form may have are not read.
  const auto far = parse_question_form({{"type", "ordering"},
                                        {"prompt", "Rangez."},
                                        {"item0", "a"},
                                        {"item1", "b"},
                                        {row_field("item", kMaxFormRows), "c"}});
  ASSERT_TRUE(far.ok()) << problems_of(far);
  EXPECT_EQ(far.question.items, (std::vector<std::string>{"a", "b"}));
}

TEST(QuestionForm, UsedRowsCountsUpToTheLastFilledRow) {
  const FormValues form = {{"choice0_text", "a"}, {"choice3_credit", "5"}, {"choice4_text", " "}};
  EXPECT_EQ(used_rows(form, "choice", row_parts("choice")), 4U);
  EXPECT_EQ(used_rows(form, "pair", row_parts("pair")), 0U);
  EXPECT_EQ(row_field("item", 2), "item2");
  EXPECT_EQ(row_field("choice", 2, "text"), "choice2_text");
}

}  // namespace
}  // namespace imaginecole::exercises
