// SPDX-License-Identifier: AGPL-3.0-or-later
// Printed booklets: `imaginecole export booklet` makes a PDF (read back with poppler's
// pdftotext and pdftoppm) with the titles, page numbers, the exercises then the answer key,
// maths as text and a lesson's picture drawn; bad input leaves no file. And the print page
// in the browser (/c/{country}/{level}/{subject}/booklet), linked from the subject page.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/platform.hpp"
#include "storage/database.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, got);
  }
  ::pclose(pipe);
  return out;
}

bool have_tools() {
  return fs::exists("/usr/bin/chromium") && fs::exists("/usr/bin/pdftotext") &&
         fs::exists("/usr/bin/pdftoppm");
}

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xffffffffU;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int k = 0; k < 8; ++k) {
      crc = (crc >> 1U) ^ (0xedb88320U & (0U - (crc & 1U)));
    }
  }
  return ~crc;
}

std::string be32(std::uint32_t value) {
  return {static_cast<char>(value >> 24U), static_cast<char>(value >> 16U),
          static_cast<char>(value >> 8U), static_cast<char>(value)};
}

// A solid pure-red RGB PNG of side×side pixels, deflated as "stored" blocks (no zlib needed).
std::string red_png(std::uint32_t side) {
  std::string raw;
  for (std::uint32_t y = 0; y < side; ++y) {
    raw += '\0';
    for (std::uint32_t x = 0; x < side; ++x) {
      raw += "\xff";
      raw += '\0';
      raw += '\0';
    }
  }
  std::string z = "\x78\x01";
  for (std::size_t at = 0; at < raw.size(); at += 65535) {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
    z += static_cast<char>(at + n == raw.size() ? 1 : 0);
    z += static_cast<char>(n & 0xffU);
    z += static_cast<char>(n >> 8U);
    z += static_cast<char>(~n & 0xffU);
    z += static_cast<char>((~n >> 8U) & 0xffU);
    z.append(raw, at, n);
  }
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const char c : raw) {
    a = (a + static_cast<unsigned char>(c)) % 65521U;
    b = (b + a) % 65521U;
  }
  z += be32((b << 16U) | a);
  const auto chunk = [](std::string_view type, const std::string& data) {
    const std::string body = std::string(type) + data;
    return be32(static_cast<std::uint32_t>(data.size())) + body + be32(crc32(body));
  };
  std::string ihdr = be32(side) + be32(side);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) +
         chunk("IEND", "");
}

// A demo platform whose SN CM2 fractions lesson also shows a red square.
class BookletExport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tools()) {
      GTEST_SKIP() << "chromium and poppler-utils are needed (scripts/install-deps.sh)";
    }
    copy_demo_data_folder(data_.path());
    app::Platform platform(app::PlatformOptions{.database = {.data_dir = data_.path()}});
    const auto stored = platform.media().put(red_png(240));
    auto& resources = platform.library().resources();
    const auto lessons = resources.list(catalog::ResourceFilter{.country = "SN",
                                                                .level = std::string("cm2"),
                                                                .subject = "mathematiques",
                                                                .kind = std::string("lesson")});
    ASSERT_FALSE(lessons.results.empty());
    auto lesson = resources.find_published(lessons.results.front().id);
    ASSERT_TRUE(lesson);
    lesson_title_ = lesson->title;
    lesson->body += "\n\n![Un carré rouge](/media/" + stored.hash + ")\n";
    auto connection = platform.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    resources.write_published(*connection, *lesson, 2, std::nullopt, std::nullopt);
    transaction.commit();
  }

  CommandResult export_booklet(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"export", "booklet", "--data", data_.path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_imaginecole(args);
  }

  TempDir data_;
  TempDir out_;
  std::string lesson_title_;
};

TEST_F(BookletExport, SubjectBookletHasLessonsExercisesPageNumbersThenTheAnswerKey) {
  const fs::path pdf = out_.path() / "cm2-maths.pdf";
  const auto result = export_booklet(
      {"--country", "SN", "--level", "cm2", "--subject", "mathematiques", "--out", pdf.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string text = run_capture("pdftotext -layout '" + pdf.string() + "' -");
  EXPECT_NE(text.find("Sénégal"), std::string::npos);
  EXPECT_NE(text.find("CM2"), std::string::npos);
  EXPECT_NE(text.find("Mathématiques"), std::string::npos);
  EXPECT_NE(text.find("École :"), std::string::npos);
  const auto lesson = text.find(lesson_title_);
  const auto exercise = text.find("Exercice 1 ·");
  const auto key = text.find("Corrigé");
  ASSERT_NE(lesson, std::string::npos) << text;
  ASSERT_NE(exercise, std::string::npos) << text;
  ASSERT_NE(key, std::string::npos) << text;
  EXPECT_LT(lesson, exercise);
  EXPECT_LT(exercise, key);
  // The CFEE revision set's first answer, after the key's heading only.
  EXPECT_GT(text.find("2500", exercise), key);
  // Maths (MathML) print as text: the lesson's "2 000 ÷ 4 = 500".
  EXPECT_NE(text.find("÷"), std::string::npos);
  // Page numbers "n / total" from the @page margin boxes, on every page.
  const std::string pages = run_capture("pdfinfo '" + pdf.string() + "' | grep Pages");
  const int count = std::stoi(pages.substr(pages.find(':') + 1));
  ASSERT_GE(count, 3);
  std::string compact;
  for (const char c : text) {
    if (c != ' ') {
      compact += c;
    }
  }
  for (int page = 1; page <= count; ++page) {
    EXPECT_NE(compact.find(std::to_string(page) + "/" + std::to_string(count)), std::string::npos)
        << "no number on page " << page;
  }
}

// The page that shows the picture has red pixels: it was read from the media folder and drawn.
TEST_F(BookletExport, PicturesAreDrawnFromTheMediaFolder) {
  const fs::path pdf = out_.path() / "unit.pdf";
  ASSERT_EQ(export_booklet({"--country", "SN", "--level", "cm2", "--subject", "mathematiques",
                            "--format", "a5", "--out", pdf.string()})
                .exit_code,
            0);
  EXPECT_NE(run_capture("pdfinfo '" + pdf.string() + "'").find("(A5)"), std::string::npos);
  const fs::path prefix = out_.path() / "page";
  run_capture("pdftoppm -r 30 '" + pdf.string() + "' '" + prefix.string() + "'");
  int red_pages = 0;
  for (const auto& entry : fs::directory_iterator(out_.path())) {
    if (entry.path().extension() != ".ppm") {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::string magic;
    int width = 0;
    int height = 0;
    int maxval = 0;
    in >> magic >> width >> height >> maxval;
    in.get();
    std::string pixels(static_cast<std::size_t>(width) * height * 3, '\0');
    in.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
    int red = 0;
    for (std::size_t i = 0; i + 2 < pixels.size(); i += 3) {
      const auto r = static_cast<unsigned char>(pixels[i]);
      const auto g = static_cast<unsigned char>(pixels[i + 1]);
      const auto b = static_cast<unsigned char>(pixels[i + 2]);
      red += (r > 200 && g < 60 && b < 60) ? 1 : 0;
    }
    red_pages += red > 400 ? 1 : 0;
  }
  EXPECT_EQ(red_pages, 1);
}

TEST_F(BookletExport, UnknownCountryLevelSubjectOrUnitExitsTwoAndWritesNothing) {
  const fs::path pdf = out_.path() / "never.pdf";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--country", "XX", "--level", "cm2", "--subject", "mathematiques"}, "'XX'"},
      {{"--country", "SN", "--level", "cm9", "--subject", "mathematiques"}, "'cm9'"},
      {{"--country", "SN", "--level", "cm2", "--subject", "alchimie"}, "'alchimie'"},
      {{"--country", "SN", "--level", "cm2", "--subject", "mathematiques", "--unit", "nulle"},
       "'nulle'"},
      {{"--country", "SN", "--level", "cm2", "--subject", "mathematiques", "--format", "a3"},
       "a4 or a5"},
  };
  for (auto [args, reason] : cases) {
    args.push_back("--out");
    args.push_back(pdf.string());
    const auto result = export_booklet(args);
    EXPECT_EQ(result.exit_code, 2) << reason;
    EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(pdf)) << reason;
  }
  // A Chromium that cannot start: a clear message, and still no file.
  auto args = std::vector<std::string>{
      "export",  "booklet", "--data",    data_.path().string(), "--country", "SN",
      "--level", "cm2",     "--subject", "mathematiques",       "--out",     pdf.string()};
  const auto broken = run_imaginecole(args, {{"IMAGINECOLE_CHROMIUM", "/nonexistent/chromium"}});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("chromium"), std::string::npos) << broken.err;
  EXPECT_FALSE(fs::exists(pdf));
  for (const auto& entry : fs::directory_iterator(out_.path())) {
    ADD_FAILURE() << "left behind: " << entry.path();
  }
}

TEST(BookletPage, PrintPageIsLinkedFromTheSubjectAndCarriesItsPrintRules) {
  TempDir data;
  ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", data.path().string()}).exit_code, 0);
  auto server = ServerProcess::start({"--data", data.path().string()});
  const auto subject = http_get(server.port(), "/c/SN/cm2/mathematiques");
  ASSERT_EQ(subject.status, 200);
  EXPECT_NE(subject.body.find("href=\"/c/SN/cm2/mathematiques/booklet?format=a4\""),
            std::string::npos);
  const auto a5 = http_get(server.port(), "/c/SN/cm2/mathematiques/booklet?format=a5");
  ASSERT_EQ(a5.status, 200);
  EXPECT_NE(a5.body.find("size:A5"), std::string::npos);
  EXPECT_NE(a5.body.find("@bottom-center{content:counter(page)"), std::string::npos);
  EXPECT_NE(a5.body.find("class=\"answer-key\""), std::string::npos);
  EXPECT_NE(a5.body.find("<math"), std::string::npos);
  // The inline print rules are allowed by their hash, nothing else inline.
  const auto policy = a5.header("content-security-policy").value_or("");
  EXPECT_NE(policy.find("style-src 'self' 'sha256-"), std::string::npos) << policy;
  EXPECT_EQ(http_get(server.port(), "/c/SN/cm2/mathematiques/booklet?format=a3").status, 400);
  EXPECT_EQ(http_get(server.port(), "/c/SN/cm2/mathematiques/booklet?unit=nulle").status, 404);
  EXPECT_EQ(http_get(server.port(), "/c/SN/cm2/alchimie/booklet").status, 404);
  EXPECT_EQ(http_get(server.port(), "/c/XX/cm2/mathematiques/booklet").status, 404);
}

}  // namespace
}  // namespace imaginecole::testing
