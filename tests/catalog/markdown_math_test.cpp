// SPDX-License-Identifier: AGPL-3.0-or-later
// LaTeX to MathML: a table of school formulas with their exact MathML, then broken input
// (unbalanced braces, unknown commands, very deep nesting) that must be reported, never crash
// and never let markup through.
#include <gtest/gtest.h>

#include <string>

#include "catalog/math_mathml.hpp"

namespace imaginecole::catalog {
namespace {

// The formula's body: what sits between <semantics> and <annotation.
std::string body(std::string_view tex, bool display = false) {
  const MathResult result = latex_to_mathml(tex, display);
  EXPECT_TRUE(result.problems.empty()) << tex << ": " << result.problems.front();
  const auto start = result.mathml.find("<semantics>") + 11;
  const auto end = result.mathml.find("<annotation");
  return result.mathml.substr(start, end - start);
}

struct Case {
  const char* tex;
  const char* mathml;
};

class MathTable : public ::testing::TestWithParam<Case> {};

TEST_P(MathTable, ConvertsToExactMathMl) {
  EXPECT_EQ(body(GetParam().tex), GetParam().mathml) << GetParam().tex;
}

INSTANTIATE_TEST_SUITE_P(
    SchoolFormulas, MathTable,
    ::testing::Values(
        Case{"x", "<mi>x</mi>"}, Case{"42", "<mn>42</mn>"}, Case{"3,14", "<mn>3,14</mn>"},
        Case{"2.5", "<mn>2.5</mn>"},
        Case{"x+1=3", "<mrow><mi>x</mi><mo>+</mo><mn>1</mn><mo>=</mo><mn>3</mn></mrow>"},
        Case{"a-b", "<mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow>"},
        Case{"x^2", "<msup><mi>x</mi><mn>2</mn></msup>"},
        Case{"x^23", "<mrow><msup><mi>x</mi><mn>2</mn></msup><mn>3</mn></mrow>"},
        Case{"x^{23}", "<msup><mi>x</mi><mn>23</mn></msup>"},
        Case{"a_n", "<msub><mi>a</mi><mi>n</mi></msub>"},
        Case{"a_{n+1}", "<msub><mi>a</mi><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow></msub>"},
        Case{"x_i^2", "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"},
        Case{"x^2_i", "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"},
        Case{"\\frac{1}{2}", "<mfrac><mn>1</mn><mn>2</mn></mfrac>"},
        Case{"\\frac12", "<mfrac><mn>1</mn><mn>2</mn></mfrac>"},
        Case{"\\dfrac{a}{b}",
             "<mstyle displaystyle=\"true\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"},
        Case{"\\frac{x+1}{2}",
             "<mfrac><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mn>2</mn></mfrac>"},
        Case{"\\sqrt{2}", "<msqrt><mn>2</mn></msqrt>"},
        Case{"\\sqrt[3]{8}", "<mroot><mn>8</mn><mn>3</mn></mroot>"},
        Case{"3\\times 4", "<mrow><mn>3</mn><mo>×</mo><mn>4</mn></mrow>"},
        Case{"12\\div 4", "<mrow><mn>12</mn><mo>÷</mo><mn>4</mn></mrow>"},
        Case{"\\pm 1", "<mrow><mo>±</mo><mn>1</mn></mrow>"},
        Case{"x\\leq 2", "<mrow><mi>x</mi><mo>≤</mo><mn>2</mn></mrow>"},
        Case{"x\\geq 2", "<mrow><mi>x</mi><mo>≥</mo><mn>2</mn></mrow>"},
        Case{"x\\neq 0", "<mrow><mi>x</mi><mo>≠</mo><mn>0</mn></mrow>"},
        Case{"\\pi\\approx 3,14", "<mrow><mi>π</mi><mo>≈</mo><mn>3,14</mn></mrow>"},
        Case{"\\infty", "<mi>∞</mi>"},
        Case{"\\alpha+\\beta", "<mrow><mi>α</mi><mo>+</mo><mi>β</mi></mrow>"},
        Case{"\\Delta", "<mi mathvariant=\"normal\">Δ</mi>"},
        Case{"2\\cdot 3", "<mrow><mn>2</mn><mo>⋅</mo><mn>3</mn></mrow>"},
        Case{"1, 2, \\ldots", "<mrow><mn>1</mn><mo>,</mo><mn>2</mn><mo>,</mo><mo>…</mo></mrow>"},
        Case{"1,5", "<mn>1,5</mn>"},
        Case{"\\left(x+1\\right)",
             "<mrow><mo>(</mo><mi>x</mi><mo>+</mo><mn>1</mn><mo>)</mo></mrow>"},
        Case{"\\left\\{x\\right.", "<mrow><mo>{</mo><mi>x</mi></mrow>"},
        Case{"\\text{si } x>0", "<mrow><mtext>si </mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn></mrow>"},
        Case{"x\\in\\mathbb{R}", "<mrow><mi>x</mi><mo>∈</mo><mi>ℝ</mi></mrow>"},
        Case{"\\mathbb{N}", "<mi>ℕ</mi>"},
        Case{"\\overline{AB}",
             "<mover accent=\"true\"><mrow><mi>A</mi><mi>B</mi></mrow><mo>‾</mo></mover>"},
        Case{"\\vec{u}", "<mover accent=\"true\"><mi>u</mi><mo>→</mo></mover>"},
        Case{"\\sum_{i=1}^{n} i",
             "<mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
             "</munderover><mi>i</mi></mrow>"},
        Case{"\\int_0^1 f",
             "<mrow><msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup><mi>f</mi></mrow>"},
        Case{"\\lim_{x\\to 0}",
             "<munder><mi>lim</mi><mrow><mi>x</mi><mo>→</mo><mn>0</mn></mrow></munder>"},
        Case{"\\sin x", "<mrow><mi>sin</mi><mi>x</mi></mrow>"},
        Case{"f'(x)",
             "<mrow><msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo></mrow>"},
        Case{"a\\,b", "<mrow><mi>a</mi><mspace width=\"0.167em\"></mspace><mi>b</mi></mrow>"},
        Case{"50\\%", "<mrow><mn>50</mn><mo>%</mo></mrow>"}, Case{"\\$", "<mo>$</mo>"},
        Case{"\\{1;2\\}", "<mrow><mo>{</mo><mn>1</mn><mo>;</mo><mn>2</mn><mo>}</mo></mrow>"},
        Case{"\\begin{cases} x & x>0 \\\\ -x & x<0 \\end{cases}",
             "<mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mrow><mi>x</mi><mo>&gt;</mo>"
             "<mn>0</mn></mrow></mtd></mtr><mtr><mtd><mrow><mo>−</mo><mi>x</mi></mrow></mtd><mtd>"
             "<mrow><mi>x</mi><mo>&lt;</mo><mn>0</mn></mrow></mtd></mtr></mtable></mrow>"},
        Case{"\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
             "<mrow><mo>(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr>"
             "<mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr></mtable><mo>)</mo></mrow>"},
        Case{"é", "<mi>é</mi>"}, Case{"", "<mrow></mrow>"}, Case{"{}", "<mrow></mrow>"}));

TEST(Math, DisplayAndInlineAndAnnotation) {
  EXPECT_EQ(latex_to_mathml("x<1", false).mathml,
            "<math><semantics><mrow><mi>x</mi><mo>&lt;</mo><mn>1</mn></mrow>"
            "<annotation encoding=\"application/x-tex\">x&lt;1</annotation></semantics></math>");
  EXPECT_TRUE(
      latex_to_mathml("x", true).mathml.starts_with("<math display=\"block\" tabindex=\"0\">"));
}

TEST(Math, UnknownCommandIsVisibleAndReported) {
  const MathResult result = latex_to_mathml("\\foo{x}", false);
  EXPECT_NE(result.mathml.find("<merror><mtext>\\foo</mtext></merror>"), std::string::npos)
      << result.mathml;
  ASSERT_EQ(result.problems.size(), 1U);
  EXPECT_NE(result.problems.front().find("commande inconnue \\foo"), std::string::npos);
}

TEST(Math, BrokenInputIsReportedNotCrashing) {
  for (const char* tex :
       {"\\frac{1}{", "}", "x^", "\\left( x", "\\right)", "\\sqrt[3", "{{x}", "\\begin{cases} x",
        "\\end{cases}", "x^2^3", "\\text{abc", "\\", "a & b"}) {
    const MathResult result = latex_to_mathml(tex, false);
    EXPECT_FALSE(result.problems.empty()) << tex;
    EXPECT_TRUE(result.mathml.starts_with("<math>")) << tex;
    EXPECT_TRUE(result.mathml.ends_with("</math>")) << tex;
  }
}

TEST(Math, TenThousandNestedBracesAreRefusedWithoutCrashing) {
  const std::string deep = std::string(10000, '{') + "x" + std::string(10000, '}');
  const MathResult result = latex_to_mathml(deep, true);
  ASSERT_EQ(result.problems.size(), 1U);
  EXPECT_NE(result.problems.front().find("imbrications"), std::string::npos);
  EXPECT_NE(result.mathml.find("<merror>"), std::string::npos);
  const std::string unclosed(10000, '{');
  EXPECT_FALSE(latex_to_mathml(unclosed, false).problems.empty());
  std::string fractions;
  for (int i = 0; i < 5000; ++i) {
    fractions += "\\frac{1}{";
  }
  EXPECT_FALSE(latex_to_mathml(fractions, false).problems.empty());
  const std::string sqrts(30000, '\\');
  EXPECT_NO_THROW(latex_to_mathml(sqrts, false));
}

TEST(Math, MarkupInTheSourceIsEscapedEverywhere) {
  for (const char* tex :
       {"</math><script>alert(1)</script>", "\\text{</mtext><script>alert(1)</script>}",
        "\\foo<script>", "\\mathbb{<img src=x onerror=alert(1)>}",
        "\\begin{<script>}x\\end{<script>}", "\\left<\\right>", "\\operatorname{\"onload=x}"}) {
    const MathResult result = latex_to_mathml(tex, false);
    EXPECT_EQ(result.mathml.find("<script"), std::string::npos) << result.mathml;
    EXPECT_EQ(result.mathml.find("<img"), std::string::npos) << result.mathml;
    EXPECT_EQ(result.mathml.find("\"onload"), std::string::npos) << result.mathml;
    EXPECT_EQ(result.mathml.find("</math>"), result.mathml.size() - 7) << result.mathml;
  }
}

TEST(Math, InvalidUtf8BecomesReplacementCharacter) {
  const MathResult result = latex_to_mathml("x\xff\xfe", false);
  EXPECT_NE(result.mathml.find("\xef\xbf\xbd"), std::string::npos);
  EXPECT_EQ(result.mathml.find('\xff'), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::catalog
