// SPDX-License-Identifier: AGPL-3.0-or-later
// The links of a page written for the web, made relative to a ZIM entry: what the file holds
// becomes a relative link, what it does not hold loses its address, the rest is left alone.
#include "zim/link_rewriter.hpp"

#include <gtest/gtest.h>

namespace imaginecole::zim {
namespace {

std::optional<std::string> holds(std::string_view path) {
  if (path == "/c/SN/cm2") {
    return std::string("index");
  }
  if (path == "/r/abc") {
    return std::string("r/abc");
  }
  if (path == "/media/h1") {
    return std::string("m/h2.jpg");
  }
  return std::nullopt;
}

TEST(LinkRewriterTest, RelativeUrlClimbsOutOfThePagesFolder) {
  EXPECT_EQ(relative_url("index", "s/maths"), "s/maths");
  EXPECT_EQ(relative_url("r/abc", "m/h.jpg"), "../m/h.jpg");
  EXPECT_EQ(relative_url("u/maths/fractions", "index"), "../../index");
}

TEST(LinkRewriterTest, HeldTargetsBecomeRelativeWithoutQueryButWithFragment) {
  EXPECT_EQ(
      rewrite_links(R"(<a href="/r/abc?c=SN#ex">x</a><img src="/media/h1" alt="">)", "s/m", holds),
      R"(<a href="../r/abc#ex">x</a><img src="../m/h2.jpg" alt="">)");
  EXPECT_EQ(rewrite_links(R"(<a href="/c/SN/cm2">CM2</a>)", "index", holds),
            R"(<a href="index">CM2</a>)");
}

TEST(LinkRewriterTest, TargetsOutsideTheFileLoseTheirAddress) {
  EXPECT_EQ(
      rewrite_links(R"(<a href="/parcours?country=SN">P</a> <a href="/">H</a>)", "index", holds),
      R"(<a>P</a> <a>H</a>)");
  EXPECT_EQ(rewrite_links(R"(<form action="/edit/adapt" method="post">)", "r/abc", holds),
            R"(<form method="post">)");
  EXPECT_EQ(rewrite_links(R"(<img src="//cdn.example/x.png">)", "r/abc", holds), R"(<img>)");
}

TEST(LinkRewriterTest, FragmentsRelativeAndOutsideLinksStay) {
  const std::string html =
      R"(<a href="#main">s</a><a href="https://fr.wikipedia.org/">w</a><a href="s/x">r</a>)";
  EXPECT_EQ(rewrite_links(html, "r/abc", holds), html);
}

}  // namespace
}  // namespace imaginecole::zim
