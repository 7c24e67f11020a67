// SPDX-License-Identifier: AGPL-3.0-or-later
// Lesson Markdown from hostile authors: raw HTML, event handlers, script URLs in every
// disguise, maths that tries to close <math>, huge and deeply nested input. Then the
// validation messages (images without a description, bad formulas, refused links) and the
// rendering of library media (images with renditions, audio, video).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "catalog/markdown.hpp"

namespace imaginecole::catalog {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// No element or attribute that could run code survives. Text is escaped, so every "<" of the
// output starts a tag that md4c or our passes wrote: parse those tags and their attributes.
void expect_inert(const std::string& markdown) {
  const std::string html = markdown_to_html(markdown);
  const std::string context =
      "input: " + markdown.substr(0, 200) + "\nhtml: " + html.substr(0, 2000);
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    const std::size_t end = html.find('>', at);
    ASSERT_NE(end, std::string::npos) << context;
    const std::string tag = lower(html.substr(at + 1, end - at - 1));
    std::size_t i = tag.find_first_of(" /");
    const std::string name = tag.substr(0, i);
    for (const char* bad : {"script", "iframe", "object", "embed", "svg", "style", "link", "meta",
                            "base", "form", "input", "button", "frame", "x-equation"}) {
      EXPECT_NE(name, bad) << context;
    }
    while (i != std::string::npos && i < tag.size()) {
      i = tag.find_first_not_of(" /", i);
      if (i == std::string::npos) {
        break;
      }
      const std::size_t name_end = tag.find_first_of("= ", i);
      const std::string attribute = tag.substr(i, name_end - i);
      EXPECT_FALSE(attribute.starts_with("on")) << attribute << "\n" << context;
      EXPECT_NE(attribute, "style") << context;
      if (name_end == std::string::npos || tag[name_end] != '=') {
        i = name_end;
        continue;
      }
      ASSERT_EQ(tag[name_end + 1], '"') << context;
      const std::size_t value_end = tag.find('"', name_end + 2);
      ASSERT_NE(value_end, std::string::npos) << context;
      const std::string value = tag.substr(name_end + 2, value_end - name_end - 2);
      if (attribute == "href" || attribute == "src" || attribute == "srcset") {
        for (const char* scheme : {"javascript", "vbscript", "data", "file"}) {
          EXPECT_FALSE(value.starts_with(std::string(scheme) + ":")) << context;
        }
        EXPECT_EQ(value.find("script"), std::string::npos) << context;
      }
      i = value_end + 1;
    }
    at = end + 1;
  }
}

TEST(MarkdownSafety, RawHtmlIsEscaped) {
  expect_inert("<script>alert(1)</script>");
  expect_inert("Texte <img src=x onerror=alert(1)> fin");
  expect_inert("<div onclick=\"alert(1)\">x</div>");
  expect_inert("<iframe src=\"https://evil.example\"></iframe>");
  expect_inert("<svg onload=alert(1)>");
  expect_inert("<style>body{display:none}</style>");
  expect_inert("<a href=\"javascript:alert(1)\">x</a>");
  EXPECT_NE(markdown_to_html("<script>alert(1)</script>").find("&lt;script&gt;"),
            std::string::npos);
}

TEST(MarkdownSafety, ScriptUrlsInEveryDisguiseAreNeutralized) {
  for (const char* link : {"[x](javascript:alert(1))",
                           "[x](JaVaScRiPt:alert(1))",
                           "[x](vbscript:msgbox(1))",
                           "[x](data:text/html;base64,PHNjcmlwdD4=)",
                           "[x](&#106;avascript:alert(1))",
                           "[x](javascript&#58;alert(1))",
                           "[x](javascript&colon;alert(1))",
                           "[x](&#x6A;avascript:alert(1))",
                           "[x](<javascript:alert(1)>)",
                           "<javascript:alert(1)>",
                           "<vbscript:alert(1)>",
                           "<data:text/html,hi>",
                           "![x](javascript:alert(1))",
                           "![x](data:image/svg+xml;base64,PHN2Zz4=)",
                           "[x]: javascript:alert(1)\n\n[y][x]",
                           "[x](  javascript:alert(1)  )",
                           "[x](java\tscript:alert(1))",
                           "[x](<java script:alert(1)>)",
                           "[[x](javascript:alert(1))](https://ok.example)",
                           "[x](\\javascript:alert(1))"}) {
    expect_inert(link);
  }
}

TEST(MarkdownSafety, SuperscriptsAndSubscriptsAloneAreGivenBack) {
  EXPECT_NE(markdown_to_html("O(n<sup>2</sup>) et H<sub>2</sub>O")
                .find("O(n<sup>2</sup>) et H<sub>2</sub>O"),
            std::string::npos);
  // With an attribute, or any other tag, the text stays escaped.
  expect_inert("x<sup onclick=alert(1)>2</sup>");
  EXPECT_EQ(markdown_to_html("<sup onmouseover=alert(1)>2").find("<sup "), std::string::npos);
  EXPECT_NE(markdown_to_html("a <b>b</b>").find("&lt;b&gt;"), std::string::npos);
}

TEST(MarkdownSafety, GoodLinksStay) {
  const std::string html = markdown_to_html(
      "[leçon](/r/0190e0a0-0000-7000-8000-000000000001) [w](https://ok.example/a) "
      "[m](mailto:prof@ecole.sn) <https://auto.example> www.example.org");
  EXPECT_NE(html.find("href=\"/r/0190e0a0-0000-7000-8000-000000000001\""), std::string::npos);
  EXPECT_NE(html.find("href=\"https://ok.example/a\""), std::string::npos);
  EXPECT_NE(html.find("href=\"mailto:prof@ecole.sn\""), std::string::npos);
  EXPECT_NE(html.find("href=\"https://auto.example\""), std::string::npos);
}

TEST(MarkdownSafety, EntitiesAndNestedBracketsStayText) {
  expect_inert("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect_inert("&#60;script&#62;alert(1)&#60;/script&#62;");
  expect_inert("[[[[[[x]]]]]](javascript:alert(1))");
  expect_inert(std::string(5000, '[') + "x" + std::string(5000, ']') + "(javascript:1)");
  const std::string html = markdown_to_html("&#60;b&#62;");
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
}

TEST(MarkdownSafety, MathsCannotCloseTheMathElement) {
  for (const char* text :
       {"$</math><script>alert(1)</script>$", "$$</math><img src=x onerror=alert(1)>$$",
        "$\\text{</mtext></math><script>x</script>}$", "$x$</x-equation><script>1</script>",
        "$<x-equation>$"}) {
    expect_inert(text);
    const std::string html = markdown_to_html(text);
    EXPECT_EQ(html.find("<x-equation"), std::string::npos) << html;
  }
}

TEST(MarkdownSafety, HugeAndDeeplyNestedInputIsRenderedOrRefusedQuickly) {
  std::string big;
  while (big.size() < 1024 * 1024) {
    big += "Une ligne avec $x^2$ et **gras** et [lien](https://a.example) <b>non</b>.\n";
  }
  const std::string html = markdown_to_html(big);
  EXPECT_GT(html.size(), big.size() / 2);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  expect_inert(std::string(10000, '>') + " <script>x</script>");
  expect_inert(std::string(10000, '*') + "x" + std::string(10000, '*'));
  std::string lists;
  for (int i = 0; i < 2000; ++i) {
    lists += std::string(static_cast<std::size_t>(i % 200) * 2, ' ') + "- <script>\n";
  }
  expect_inert(lists);
  expect_inert("$" + std::string(10000, '{') + "$");
  EXPECT_FALSE(markdown_problems("$" + std::string(10000, '{') + "x$").empty());
}

TEST(MarkdownMaths, InlineDisplayEscapedDollarsAndCode) {
  const std::string inline_html = markdown_to_html("Calcule $\\frac{1}{2}+x$ vite.");
  EXPECT_NE(inline_html.find("<math><semantics><mrow><mfrac><mn>1</mn><mn>2</mn></mfrac>"),
            std::string::npos)
      << inline_html;
  const std::string display = markdown_to_html("$$x^2$$");
  EXPECT_NE(display.find("<math display=\"block\" tabindex=\"0\">"), std::string::npos) << display;
  const std::string dollar = markdown_to_html("Le livre coûte \\$5 et \\$6.");
  EXPECT_EQ(dollar.find("<math"), std::string::npos) << dollar;
  EXPECT_NE(dollar.find("$5"), std::string::npos);
  const std::string cfa = markdown_to_html("Le cahier coûte 500 F CFA.");
  EXPECT_EQ(cfa, "<p>Le cahier coûte 500 F CFA.</p>\n");
  const std::string code = markdown_to_html("Tapez `$x^2$` ici.");
  EXPECT_EQ(code.find("<math"), std::string::npos) << code;
  EXPECT_NE(code.find("<code>$x^2$</code>"), std::string::npos) << code;
  const std::string less = markdown_to_html("$a<b$ et $a & b$");
  EXPECT_NE(less.find("<mo>&lt;</mo>"), std::string::npos) << less;
}

TEST(MarkdownProblems, ImagesWithoutDescriptionBadMathsAndRefusedLinks) {
  EXPECT_TRUE(markdown_problems("# Titre\n\n![Une carte du Sénégal](/media/x.png) $x^2$ "
                                "[leçon](/r/abc) [w](https://a.example)")
                  .empty());
  using Kind = MarkdownProblem::Kind;
  const auto missing_alt = markdown_problems("![](/media/carte.png)\n\n![   ](a.png)");
  ASSERT_EQ(missing_alt.size(), 2U);
  EXPECT_EQ(missing_alt[0].kind, Kind::missing_alt);
  EXPECT_EQ(missing_alt[0].detail, "/media/carte.png");
  EXPECT_EQ(missing_alt[1].detail, "a.png");
  // An image whose description is only another image's description still has one.
  EXPECT_TRUE(markdown_problems("![Une *carte* du Mali](m.png)").empty());
  const auto maths = markdown_problems("Voici $\\frac{1}{$ et $\\foo$.");
  ASSERT_EQ(maths.size(), 2U);
  EXPECT_EQ(maths[1].kind, Kind::formula);
  EXPECT_NE(maths[1].detail.find("commande inconnue \\foo"), std::string::npos);
  const auto links = markdown_problems("[x](javascript:alert(1)) <vbscript:x> ![a](data:x)");
  ASSERT_EQ(links.size(), 3U);
  EXPECT_EQ(links[0].kind, Kind::refused_link);
  EXPECT_EQ(links[0].detail, "javascript:alert(1)");
  EXPECT_EQ(links[2].kind, Kind::refused_image);
  // A long address is clipped on a character boundary, never inside an "é".
  const auto clipped = markdown_problems("[x](javascript:" + std::string(44, 'a') + "éééééé)");
  ASSERT_EQ(clipped.size(), 1U);
  EXPECT_EQ(clipped[0].detail, "javascript:" + std::string(44, 'a') + "éé…");
}

class MarkdownMedia : public ::testing::Test {
 protected:
  void SetUp() override {
    set_media_resolver([this](std::string_view hash) -> std::optional<MediaInfo> {
      if (hash == image_) {
        return MediaInfo{.type = "image/png",
                         .width = 1200,
                         .height = 800,
                         .renditions = {{"a" + std::string(63, '1'), "image/webp", 320},
                                        {"a" + std::string(63, '2'), "image/jpeg", 320},
                                        {"a" + std::string(63, '3'), "image/webp", 640},
                                        {"a" + std::string(63, '4'), "image/jpeg", 640}}};
      }
      if (hash == video_) {
        return MediaInfo{.type = "video/webm",
                         .width = 640,
                         .height = 360,
                         .renditions = {{"b" + std::string(63, '1'), "video/mp4", 0}}};
      }
      if (hash == audio_) {
        return MediaInfo{.type = "audio/mpeg", .width = 0, .height = 0, .renditions = {}};
      }
      return std::nullopt;
    });
  }
  void TearDown() override { set_media_resolver({}); }

  std::string image_ = std::string(64, 'c');
  std::string video_ = std::string(64, 'd');
  std::string audio_ = std::string(64, 'e');
};

TEST_F(MarkdownMedia, ImagesGetSizesAndRenditionsVideoAndAudioGetPlayers) {
  const std::string image = markdown_to_html("![Une carte](/media/" + image_ + ")");
  EXPECT_NE(image.find("<picture><source type=\"image/webp\" srcset=\"/media/a1111"),
            std::string::npos)
      << image;
  EXPECT_NE(image.find(" 640w"), std::string::npos);
  EXPECT_NE(image.find("alt=\"Une carte\""), std::string::npos);
  EXPECT_NE(image.find("width=\"1200\" height=\"800\" loading=\"lazy\""), std::string::npos);
  // 2G first: without srcset, the smallest rendition; the original stays in srcset.
  EXPECT_NE(image.find("<img src=\"/media/a" + std::string(63, '2') + "\""), std::string::npos)
      << image;
  EXPECT_NE(image.find("/media/" + image_ + " 1200w"), std::string::npos) << image;

  const std::string video = markdown_to_html("![La germination](/media/" + video_ + ")");
  const auto low = video.find("<source src=\"/media/b1111");
  const auto original = video.find("<source src=\"/media/" + video_ + "\" type=\"video/webm\"");
  EXPECT_NE(video.find("<video controls preload=\"none\""), std::string::npos) << video;
  ASSERT_NE(low, std::string::npos) << video;
  ASSERT_NE(original, std::string::npos) << video;
  EXPECT_LT(low, original);
  EXPECT_NE(video.find("aria-label=\"La germination\""), std::string::npos);

  const std::string audio = markdown_to_html("![Chanson](/media/" + audio_ + ")");
  EXPECT_NE(audio.find("<audio controls preload=\"none\""), std::string::npos) << audio;

  const std::string unknown = markdown_to_html("![x](/media/" + std::string(64, 'f') + ")");
  EXPECT_NE(unknown.find("<img src=\"/media/ffff"), std::string::npos);
  EXPECT_NE(unknown.find("loading=\"lazy\""), std::string::npos);
  const auto problems = markdown_problems("![x](/media/" + std::string(64, 'f') + ")");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].kind, MarkdownProblem::Kind::unknown_media);
  expect_inert("![\" onerror=\"alert(1)](/media/" + image_ + ")");
}

}  // namespace
}  // namespace imaginecole::catalog
