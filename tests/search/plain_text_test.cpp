// SPDX-License-Identifier: AGPL-3.0-or-later
// Markdown and TeX as the plain text search results quote (issue 12, item 5).
#include "search/plain_text.hpp"

#include <gtest/gtest.h>

#include "search/excerpt.hpp"
#include "search/snippet.hpp"

namespace imaginecole::search {
namespace {

TEST(PlainText, FormulasReadAsText) {
  EXPECT_EQ(markdown_to_plain_text("Elle a mangé $\\frac{3}{4}$ de la galette."),
            "Elle a mangé 3/4 de la galette.");
  EXPECT_EQ(math_to_plain_text("\\frac{6 \\div 3}{9 \\div 3} = \\frac{2}{3}"),
            "(6 ÷ 3)/(9 ÷ 3) = 2/3");
  EXPECT_EQ(math_to_plain_text("\\Delta = b^2 - 4ac"), "Δ = b² - 4ac");
  EXPECT_EQ(math_to_plain_text("\\sqrt{x+1} \\times u_{n}"), "√(x+1) × uₙ");
  EXPECT_EQ(math_to_plain_text("\\left( \\text{prix} \\right)"), "( prix )");
  EXPECT_EQ(markdown_to_plain_text("$$2\\,000 \\div 4 = 500$$"), "2 000 ÷ 4 = 500");
  // A lone dollar is no formula: dropped, the rest kept.
  EXPECT_EQ(markdown_to_plain_text("Prix : 5 $ le kilo"), "Prix : 5  le kilo");
}

TEST(PlainText, MarkupIsDropped) {
  EXPECT_EQ(markdown_to_plain_text("## 2. Lire\n\nLe **dénominateur** et *le* `code`"),
            "2. Lire\n\nLe dénominateur et le code");
  EXPECT_EQ(markdown_to_plain_text("- un\n> cité\n1. deux"), "un\ncité\n1. deux");
  EXPECT_EQ(markdown_to_plain_text("Voir [la leçon](/r/abc) et ![un baobab](media:ff00)."),
            "Voir la leçon et un baobab.");
  EXPECT_EQ(markdown_to_plain_text("snake_case et _penché_"), "snake_case et penché");
  EXPECT_EQ(markdown_to_plain_text("<details><summary>Réponse</summary>16</details>"),
            "Réponse 16 ");
}

TEST(PlainText, TablesReadAsCells) {
  EXPECT_EQ(
      markdown_to_plain_text("| Fraction | On lit |\n|---|:---:|\n| $\\frac{1}{2}$ | un demi |"),
      "Fraction · On lit\n\n1/2 · un demi");
}

TEST(Excerpt, MarksTheQueryWordsInReadableText) {
  const std::string body =
      "## Lire\n\n| Fraction | On lit |\n|---|---|\n| $\\frac{3}{4}$ | trois **quarts** |";
  const std::string html = snippet_html(marked_excerpt("Titre", "Résumé.", body, {"quart"}));
  EXPECT_EQ(html, "Lire Fraction · On lit 3/4 · trois <mark>quarts</mark>") << "whole: no …";
  // No match in the body: the summary is quoted.
  EXPECT_EQ(snippet_html(marked_excerpt("Titre", "Des <fractions> simples.", body, {"simpl"})),
            "Des &lt;fractions&gt; <mark>simples</mark>.");
}

}  // namespace
}  // namespace imaginecole::search
