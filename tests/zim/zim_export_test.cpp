// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole export zim` end to end: a demo country's level (with a picture added to a
// lesson) written by the real binary, checked by the real `zimcheck -A`, and browsed through
// the real `kiwix-serve` (navigation from the main page to the lesson, its picture, French
// full-text search, an exercise page with its answer key); and bad input refused with a message
// and no file. The exercise page's script is driven by tests/browser/zim.test.mjs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "app/command_line.hpp"
#include "app/platform.hpp"
#include "catalog/resource_store.hpp"
#include "storage/database.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "zim/kiwix_serve.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::string make_png(const fs::path& folder) {
  const fs::path file = folder / "gateau.png";
  const std::string command = "vips black " + file.string() + " 900 600";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The path inside the ZIM of the first link whose href starts with `prefix` ("r/", "../m/").
std::string first_link(const std::string& html, const std::string& attribute,
                       const std::string& prefix) {
  const std::string needle = attribute + "=\"" + prefix;
  const auto at = html.find(needle);
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + attribute.size() + 2;
  return html.substr(start, html.find('"', start) - start);
}

bool has_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// One demo data folder for the suite: `init --demo`, then a picture in the fractions lesson.
class ZimExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = std::make_unique<TempDir>();
    copy_demo_data_folder(data());
    app::Platform platform(app::platform_options(app::CommonSettings{.data_dir = data().string()}));
    const auto upload = platform.media_library().upload(media::Upload{
        .bytes = make_png(data_->path()), .original_name = "gateau.png", .uploaded_by = "test"});
    ASSERT_EQ(upload.status, 0) << upload.message;
    picture_hash_ = upload.record.hash;
    auto& resources = platform.library().resources();
    const auto lessons = resources.list(catalog::ResourceFilter{.country = "SN",
                                                                .level = "cm2",
                                                                .subject = "mathematiques",
                                                                .kind = std::string("lesson")});
    ASSERT_FALSE(lessons.results.empty());
    lesson_id_ = lessons.results.front().id;
    auto lesson = resources.find_published(lesson_id_);
    ASSERT_TRUE(lesson);
    lesson_title_ = lesson->title;
    lesson->body += "\n\n![Un gâteau partagé en quatre parts](/media/" + picture_hash_ + ")\n";
    auto connection = platform.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    resources.write_published(*connection, *lesson, 2, std::nullopt, std::nullopt);
    transaction.commit();
  }
  static void TearDownTestSuite() { data_.reset(); }

  static fs::path data() { return data_->path() / "data"; }

  static CommandResult export_zim(const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"export", "zim",   "--country",  "SN",     "--level",
                                  "CM2",    "--out", out.string(), "--data", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_imaginecole(args);
  }

  static inline std::unique_ptr<TempDir> data_;
  static inline std::string picture_hash_;
  static inline std::string lesson_id_;
  static inline std::string lesson_title_;
  TempDir out_;
};

TEST_F(ZimExportTest, ALevelPassesZimcheckAndKiwixServeBrowsesSearchesAndServesItsPicture) {
  if (!has_program("zimcheck") || !has_program("kiwix-serve")) {
    GTEST_SKIP() << "zimcheck or kiwix-serve missing: run scripts/install-deps.sh";
  }
  const fs::path zim = out_.path() / "sn.zim";
  const auto made = export_zim(zim);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("1 media files"), std::string::npos) << made.out;
  const std::string check =
      "zimcheck -A " + zim.string() + " > " + (out_.path() / "zimcheck.log").string() + " 2>&1";
  EXPECT_EQ(std::system(check.c_str()), 0) << "zimcheck -A failed, see its log";

  KiwixServe kiwix(zim);
  // kiwix-serve names the book after the file: /sn/<path>.
  const auto main_page = http_get(kiwix.port(), "/sn/index");
  ASSERT_EQ(main_page.status, 200);
  EXPECT_NE(main_page.body.find("CM2"), std::string::npos);
  const std::string subject = first_link(main_page.body, "href", "s/mathematiques");
  ASSERT_EQ(subject, "s/mathematiques");
  const auto subject_page = http_get(kiwix.port(), "/sn/" + subject);
  ASSERT_EQ(subject_page.status, 200);
  // Links are relative to the page: from s/mathematiques, the lesson is ../r/<id>.
  ASSERT_EQ(first_link(subject_page.body, "href", "../r/" + lesson_id_), "../r/" + lesson_id_)
      << subject_page.body;
  const auto lesson_page = http_get(kiwix.port(), "/sn/r/" + lesson_id_);
  ASSERT_EQ(lesson_page.status, 200);
  EXPECT_NE(lesson_page.body.find(lesson_title_), std::string::npos);
  // The picture is the small JPEG rendition, held in the file, linked relatively.
  const std::string picture = first_link(lesson_page.body, "src", "../m/");
  ASSERT_FALSE(picture.empty()) << lesson_page.body;
  EXPECT_TRUE(picture.ends_with(".jpg")) << picture;
  const auto image = http_get(kiwix.port(), "/sn/" + picture.substr(3));
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.body.substr(0, 3), std::string("\xFF\xD8\xFF", 3));
  // No page names anything outside the file: no /static/, no absolute address of ours.
  for (const auto* page : {&main_page, &subject_page, &lesson_page}) {
    EXPECT_EQ(page->body.find("=\"/"), std::string::npos);
    EXPECT_EQ(page->body.find("/static/"), std::string::npos);
  }
  // Full-text search with French stemming: "galettes" finds the lesson that says "galette".
  const auto found = http_get(kiwix.port(), "/search?content=sn&pattern=galettes");
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("/sn/r/" + lesson_id_), std::string::npos) << found.body;
  // An exercise page carries its questions, its answer key and the script that reads it.
  const auto exercises = http_get(kiwix.port(), "/search?content=sn&pattern=exercices");
  const std::string exercise_link = first_link(exercises.body, "href", "/sn/x/");
  ASSERT_FALSE(exercise_link.empty()) << exercises.body;
  const auto exercise_page = http_get(kiwix.port(), exercise_link);
  ASSERT_EQ(exercise_page.status, 200);
  EXPECT_NE(exercise_page.body.find("id=\"zim-answer-key\""), std::string::npos);
  EXPECT_NE(exercise_page.body.find("src=\"../assets/exercise.js\""), std::string::npos);
  EXPECT_EQ(http_get(kiwix.port(), "/sn/assets/exercise.js").status, 200);
}

TEST_F(ZimExportTest, ZimcheckRefusesADamagedFile) {
  if (!has_program("zimcheck")) {
    GTEST_SKIP() << "zimcheck missing: run scripts/install-deps.sh";
  }
  // The check above can fail: the same file with bytes changed in its middle does not pass.
  const fs::path zim = out_.path() / "sn.zim";
  ASSERT_EQ(export_zim(zim).exit_code, 0);
  {
    std::fstream file(zim, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(fs::file_size(zim) / 2));
    file.write("imaginecole-damage", 18);
  }
  const std::string check = "zimcheck -A " + zim.string() + " >/dev/null 2>&1";
  EXPECT_NE(std::system(check.c_str()), 0);
}

TEST_F(ZimExportTest, OneSubjectOnlyHoldsThatSubject) {
  const fs::path zim = out_.path() / "maths.zim";
  const auto made = export_zim(zim, {"--subject", "francais"});
  // The demo publishes nothing in French at SN CM2 but the maths: a clear refusal, or a file.
  if (made.exit_code == 0) {
    EXPECT_TRUE(fs::exists(zim));
  } else {
    EXPECT_NE(made.err.find("nothing is published"), std::string::npos) << made.err;
    EXPECT_FALSE(fs::exists(zim));
  }
  const auto maths = export_zim(zim, {"--subject", "mathematiques"});
  ASSERT_EQ(maths.exit_code, 0) << maths.err;
  EXPECT_TRUE(fs::exists(zim));
}

TEST_F(ZimExportTest, BadInputExitsWithAMessageAndLeavesNoFile) {
  const fs::path zim = out_.path() / "out.zim";
  const auto no_country = run_imaginecole({"export", "zim", "--country", "XX", "--level", "CM2",
                                           "--out", zim.string(), "--data", data().string()});
  EXPECT_EQ(no_country.exit_code, 2);
  EXPECT_NE(no_country.err.find("no country with code 'XX'"), std::string::npos) << no_country.err;
  const auto no_level = export_zim(zim, {"--level", "CM9"});
  EXPECT_EQ(no_level.exit_code, 2);
  EXPECT_NE(no_level.err.find("no level 'CM9' in SN"), std::string::npos) << no_level.err;
  const auto no_subject = export_zim(zim, {"--subject", "astrologie"});
  EXPECT_EQ(no_subject.exit_code, 2);
  EXPECT_NE(no_subject.err.find("no subject 'astrologie'"), std::string::npos) << no_subject.err;
  // A level where nothing is published (the demo places nothing at SN CP).
  const auto nothing = export_zim(zim, {"--level", "cp"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("nothing is published for SN cp"), std::string::npos) << nothing.err;
  const auto unwritable = export_zim(out_.path() / "no-such-folder" / "out.zim");
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
  EXPECT_FALSE(fs::exists(zim));
  // Nothing at all was left in the folder (no partial file, no index folder).
  EXPECT_TRUE(fs::is_empty(out_.path()));
}

}  // namespace
}  // namespace imaginecole::testing
