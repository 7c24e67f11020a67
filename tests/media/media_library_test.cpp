// SPDX-License-Identifier: AGPL-3.0-or-later
// The media library in the process, on SQLite and PostgreSQL: the `media` row and its change
// log line, renditions, refusals that leave the table and the store untouched, the Markdown
// of a lesson rendered with the library's facts; and type sniffing from bytes.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "catalog/markdown.hpp"
#include "media/media_library.hpp"
#include "support/backends.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::string make_png(const fs::path& folder, int width, int height) {
  const fs::path file = folder / "made.png";
  const std::string command =
      "vips black " + file.string() + " " + std::to_string(width) + " " + std::to_string(height);
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class MediaLibraryTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    store_ = std::make_unique<media::MediaStore>(test_db().data_dir.path() / "media");
    library_ =
        std::make_unique<media::MediaLibrary>(db(), "node-test", *store_, media::MediaOptions{});
  }
  void TearDown() override {
    library_.reset();
    store_.reset();
    BackendTest::TearDown();
  }
  std::int64_t count(const std::string& sql) {
    auto connection = db().read();
    return connection->query_one(sql)->integer(0);
  }

  std::unique_ptr<media::MediaStore> store_;
  std::unique_ptr<media::MediaLibrary> library_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(MediaLibraryTest);

TEST_P(MediaLibraryTest, AnImageIsRecordedWithItsRenditionsAndChangeLogLine) {
  const std::string png = make_png(test_db().data_dir.path(), 700, 350);
  const auto outcome = library_->upload(media::Upload{
      .bytes = png, .original_name = "carte.png", .uploaded_by = "u1", .country_code = "SN"});
  ASSERT_EQ(outcome.status, 0) << outcome.message;
  EXPECT_TRUE(outcome.created);
  const auto found = library_->find(outcome.record.hash);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->type, "image/png");
  EXPECT_EQ(found->size, png.size());
  EXPECT_EQ(found->width, 700);
  EXPECT_EQ(found->height, 350);
  EXPECT_EQ(found->country_code, "SN");
  EXPECT_EQ(found->original_name, "carte.png");
  ASSERT_EQ(found->renditions.size(), 4U);
  for (const auto& rendition : found->renditions) {
    EXPECT_TRUE(store_->find(rendition.hash)) << rendition.variant;
    EXPECT_EQ(rendition.width, rendition.variant.starts_with("w320") ? 320 : 640);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'media'"), 1);

  const auto again = library_->upload(media::Upload{.bytes = png, .original_name = "autre.png"});
  EXPECT_EQ(again.status, 0);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 1);

  // A lesson shows it with its renditions.
  library_->install_markdown_resolver();
  const std::string html =
      catalog::markdown_to_html("![Carte du Sénégal](/media/" + outcome.record.hash + ")");
  EXPECT_NE(html.find("<picture><source type=\"image/webp\""), std::string::npos) << html;
  EXPECT_NE(html.find("width=\"700\" height=\"350\""), std::string::npos) << html;
  EXPECT_NE(html.find("/media/" + found->renditions[0].hash), std::string::npos);
  EXPECT_TRUE(catalog::markdown_problems("![Carte](/media/" + outcome.record.hash + ")").empty());
}

TEST_P(MediaLibraryTest, RefusalsLeaveTableAndStoreEmpty) {
  for (const std::string& bytes :
       {std::string("<svg onload=alert(1)>"), std::string("<html><body>x</body></html>"),
        std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0'),
        std::string("\xff\xd8\xff\xe0", 4) + std::string(1000, 'j')}) {
    const auto outcome = library_->upload(media::Upload{.bytes = bytes, .original_name = "x.jpg"});
    EXPECT_NE(outcome.status, 0);
    EXPECT_FALSE(outcome.message.empty());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = 'media'"), 0);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(store_->root())) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 0);
}

TEST(MediaSniff, TypesComeFromBytes) {
  using media::sniff_media_type;
  EXPECT_EQ(sniff_media_type("\x89PNG\r\n\x1a\n...."), "image/png");
  EXPECT_EQ(sniff_media_type("\xff\xd8\xff\xe0"), "image/jpeg");
  EXPECT_EQ(sniff_media_type("GIF89a.."), "image/gif");
  EXPECT_EQ(sniff_media_type(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(sniff_media_type(std::string("RIFF\x10\x00\x00\x00WAVEfmt ", 16)), "audio/wav");
  EXPECT_EQ(sniff_media_type("ID3\x04"), "audio/mpeg");
  EXPECT_EQ(sniff_media_type("\xff\xfb\x90\x00"), "audio/mpeg");
  EXPECT_EQ(sniff_media_type(std::string("OggS\0\x02", 6) + std::string(22, '\0') + "OpusHead"),
            "audio/ogg");
  EXPECT_EQ(sniff_media_type(std::string("\0\0\0\x20"
                                         "ftypM4A ",
                                         12)),
            "audio/mp4");
  EXPECT_EQ(sniff_media_type(std::string("\0\0\0\x20"
                                         "ftypisom",
                                         12)),
            "video/mp4");
  EXPECT_EQ(sniff_media_type(std::string("\0\0\0\x20"
                                         "ftypheic",
                                         12)),
            "image/heic");
  EXPECT_EQ(sniff_media_type("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"), "video/webm");
  EXPECT_EQ(sniff_media_type("%PDF-1.7"), "application/pdf");
  EXPECT_EQ(sniff_media_type("<svg"), std::nullopt);
  EXPECT_EQ(sniff_media_type("\xff\xff\xff"), std::nullopt);
  EXPECT_FALSE(media::is_accepted_type("image/heic"));
  EXPECT_FALSE(media::is_accepted_type("application/zip"));
  EXPECT_EQ(media::describe_content("  <!DOCTYPE html><p>"), "une page HTML");
  EXPECT_EQ(media::describe_content("<?xml version='1.0'?><svg>"), "une image SVG");
  EXPECT_EQ(media::describe_content("MZ\x90"), "un programme Windows");
}

}  // namespace
}  // namespace imaginecole::testing
