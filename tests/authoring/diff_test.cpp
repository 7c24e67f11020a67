// SPDX-License-Identifier: AGPL-3.0-or-later
// The workflow's values without a database: line diffs, field diffs, snapshots, validation
// and the licence rules of adaptation.
#include <gtest/gtest.h>

#include "authoring/diff.hpp"
#include "authoring/workflow.hpp"
#include "core/errors.hpp"

namespace imaginecole::authoring {
namespace {

std::string ops(const std::vector<DiffLine>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += line.op == DiffLine::Op::same ? ' ' : line.op == DiffLine::Op::added ? '+' : '-';
    out += line.text + "|";
  }
  return out;
}

TEST(LineDiff, KeepsCommonLinesAndMarksChanges) {
  EXPECT_EQ(ops(diff_lines("a\nb\nc", "a\nx\nc")), " a|-b|+x| c|");
  EXPECT_EQ(ops(diff_lines("", "a\nb")), "+a|+b|");
  EXPECT_EQ(ops(diff_lines("a\nb", "")), "-a|-b|");
  EXPECT_EQ(ops(diff_lines("same\n", "same\n")), " same|");
  EXPECT_EQ(ops(diff_lines("a\r\nb", "a\nb\nc")), " a| b|+c|");
  // An inserted line in the middle of a longer text keeps everything else.
  EXPECT_EQ(ops(diff_lines("1\n2\n3\n4", "1\n2\nnew\n3\n4")), " 1| 2|+new| 3| 4|");
  EXPECT_EQ(ops(diff_lines("x\na\ny", "a\nz")), "-x| a|-y|+z|");
}

TEST(LineDiff, HugeTextsCountAsReplacedWithoutExhaustingMemory) {
  std::string before;
  std::string after;
  for (int i = 0; i < 3000; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += "other " + std::to_string(i) + "\n";
  }
  const auto lines = diff_lines(before, after);
  ASSERT_EQ(lines.size(), 6000U);
  EXPECT_EQ(lines.front().op, DiffLine::Op::removed);
  EXPECT_EQ(lines.back().op, DiffLine::Op::added);
}

TEST(LineDiff, HtmlEscapesAndMarksInsertionsAndDeletions) {
  const std::string html = diff_html(diff_lines("<b>old</b>", "<script>new</script>"));
  EXPECT_NE(html.find("<del>&lt;b&gt;old&lt;/b&gt;</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<ins>&lt;script&gt;new&lt;/script&gt;</ins>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos);
}

TEST(ContentDiff, ListsOnlyChangedFields) {
  Content a;
  a.title = "Les fractions";
  a.body = "Une moitié.\nUn quart.";
  Content b = a;
  EXPECT_TRUE(diff_contents(a, b).empty());
  b.title = "Les fractions (CM2)";
  b.body = "Une moitié : $\\frac{1}{2}$.\nUn quart.";
  b.licence = "CC-BY-4.0";
  const auto changes = diff_contents(a, b);
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].field, "title");
  EXPECT_EQ(changes[1].field, "body");
  EXPECT_EQ(ops(changes[1].lines), "-Une moitié.|+Une moitié : $\\frac{1}{2}$.| Un quart.|");
  EXPECT_EQ(changes[2].field, "licence");
  EXPECT_EQ(changes[2].before, "CC-BY-SA-4.0");
}

TEST(Snapshot, RoundTripsEveryField) {
  Content c;
  c.kind = "exercise_set";
  c.title = "Fractions « 10 questions »";
  c.summary = "Résumé";
  c.body = "$\\frac{1}{2}$\n![Une galette](/media/abc)";
  c.language = "fr";
  c.audience = "teacher";
  c.licence = "CC-BY-4.0";
  c.authors = {"Kossi", "Ama"};
  c.subject_slugs = {"mathematiques"};
  c.exam_codes = {"CEPD"};
  c.duration_minutes = 30;
  c.node_id = "0190a0a0-0000-7000-8000-000000000000";
  c.questions = R"([{"id":"q1"}])";
  const Content back = content_from_json(content_to_json(c));
  EXPECT_EQ(content_to_json(back), content_to_json(c));
  EXPECT_EQ(back.authors, c.authors);
  EXPECT_EQ(back.questions, c.questions);
  EXPECT_EQ(back.duration_minutes, 30);
}

TEST(Snapshot, BrokenJsonIsRefused) {
  EXPECT_THROW(content_from_json("not json"), InvalidInput);
  EXPECT_THROW(content_from_json("[1, 2]"), InvalidInput);
  EXPECT_THROW(content_from_json(""), InvalidInput);
  // Wrong types fall back to defaults rather than crash.
  const Content odd = content_from_json(R"({"title": 3, "authors": "x", "questions": {}})");
  EXPECT_EQ(odd.title, "");
  EXPECT_TRUE(odd.authors.empty());
  EXPECT_FALSE(odd.questions.has_value());
}

std::vector<std::string> fields_of(const Content& c) {
  std::vector<std::string> out;
  for (const auto& problem : validate(c)) {
    out.push_back(problem.field);
  }
  return out;
}

TEST(Validation, NamesEachBadField) {
  Content c;
  c.title = "Titre";
  EXPECT_TRUE(validate(c).empty());
  c.title = "   ";
  EXPECT_EQ(fields_of(c), std::vector<std::string>{"title"});
  c.title = std::string(201, 'a');
  EXPECT_EQ(fields_of(c), std::vector<std::string>{"title"});
  c.title = "Titre";
  c.body = std::string(kMaxBodyBytes + 1, 'x');
  c.licence = "CC-BY-ND-4.0";
  c.kind = "poem";
  c.language = "f r";
  c.duration_minutes = -1;
  EXPECT_EQ(fields_of(c),
            (std::vector<std::string>{"body", "kind", "licence", "language", "duration_minutes"}));
  EXPECT_EQ(validate(c).front().message_key, "authoring_error_body_long");
}

TEST(Licences, DecideWhatAnAdapterMayDo) {
  EXPECT_EQ(adapt_rule("CC-BY-4.0"), AdaptRule::free);
  EXPECT_EQ(adapt_rule("public-domain"), AdaptRule::free);
  EXPECT_EQ(adapt_rule("CC-BY-SA-4.0"), AdaptRule::same_licence);
  EXPECT_EQ(adapt_rule("CC-BY-NC-4.0"), AdaptRule::same_licence);
  EXPECT_EQ(adapt_rule("CC-BY-NC-SA-4.0"), AdaptRule::same_licence);
  EXPECT_EQ(adapt_rule("all-rights-reserved"), AdaptRule::refused);
  EXPECT_EQ(adapt_rule("CC-BY-ND-4.0"), AdaptRule::refused);
}

TEST(States, RoundTripTheirNames) {
  for (const State s : {State::draft, State::in_review, State::published, State::unpublished}) {
    EXPECT_EQ(parse_state(state_name(s)), s);
  }
  EXPECT_FALSE(parse_state("archived"));
}

}  // namespace
}  // namespace imaginecole::authoring
