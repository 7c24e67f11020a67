// SPDX-License-Identifier: AGPL-3.0-or-later
// The OPDS catalogue of published ZIM files: `imaginecole publish zim` checks a file with
// libzim (metadata, checksum) before it is listed; /catalog/v2/* answers as kiwix-serve does,
// with its filters; the download has Range and a strong ETag. ZIM files are made here with
// libzim's own writer, so the test depends on no exporter.
#include <gtest/gtest.h>
#include <zim/writer/contentProvider.h>
#include <zim/writer/creator.h>
#include <zim/writer/item.h>

#include <fstream>
#include <iterator>

#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

// A 48×48 PNG (the Kiwix apps show it in their lists).
std::string illustration_png() {
  static const char kPng[] =
      "\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\060\000\000\000"
      "\060\010\002\000\000\000\330\140\156\320\000\000\000\062\111\104\101\124\170\234\355\316\061"
      "\001\000\000\010\303\060\300\277\347\041\143\107\052\050\060\251\265\265\046\153\146\000\000"
      "\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\340\057\032\254\001\027\225"
      "\367\205\015\000\000\000\000\111\105\116\104\256\102\140\202";
  return std::string(kPng, sizeof kPng - 1);
}

struct ZimSpec {
  std::string title;
  std::string language;
  std::string tags;
  std::string name;
};

void make_zim(const fs::path& path, const ZimSpec& spec) {
  zim::writer::Creator creator;
  creator.configIndexing(false, "");
  creator.startZimCreation(path.string());
  creator.addItem(zim::writer::StringItem::create(
      "index", "text/html", spec.title,
      zim::writer::Hints{{zim::writer::HintKeys::FRONT_ARTICLE, 1}},
      "<html><head><title>" + spec.title + "</title></head><body>Bonjour</body></html>"));
  creator.setMainPath("index");
  creator.addMetadata("Title", spec.title);
  creator.addMetadata("Description", "Leçons et exercices de " + spec.title);
  creator.addMetadata("Language", spec.language);
  creator.addMetadata("Creator", "Ministère de l'Éducation nationale");
  creator.addMetadata("Publisher", "Imaginécole");
  creator.addMetadata("Date", "2026-12-01");
  creator.addMetadata("Name", spec.name);
  creator.addMetadata("Tags", spec.tags);
  creator.addIllustration(48, illustration_png());
  creator.finishZimCreation();
}

class OpdsCatalog : public ::testing::Test {
 protected:
  void SetUp() override { copy_demo_data_folder(data_.path()); }
  CommandResult publish(const fs::path& file, const std::string& country = "SN") {
    return run_imaginecole(
        {"publish", "zim", file.string(), "--country", country, "--data", data_.path().string()});
  }
  std::vector<fs::path> shelf_files() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(data_.path() / "downloads" / "zim", ec), end; !ec && it != end;
         it.increment(ec)) {
      out.push_back(it->path());
    }
    return out;
  }
  TempDir data_;
  TempDir files_;
};

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto start = text.find(open);
  if (start == std::string::npos) {
    return {};
  }
  const auto end = text.find(close, start + open.size());
  return text.substr(start + open.size(), end - start - open.size());
}

TEST_F(OpdsCatalog, PublishedFilesAreListedFilteredAndDownloadable) {
  const fs::path maths = files_.path() / "maths.zim";
  const fs::path english = files_.path() / "english.zim";
  make_zim(maths, {"Mathématiques CM2", "fra", "_category:imaginecole;cm2", "imaginecole_sn_cm2"});
  make_zim(english, {"English Form 2", "eng", "_category:other;form-2", "imaginecole_cm_form2"});
  const auto first = publish(maths);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(publish(english, "cm").exit_code, 0);

  auto server = ServerProcess::start({"--data", data_.path().string()});
  const auto port = server.port();
  const auto root = http_get(port, "/catalog/v2/root.xml");
  ASSERT_EQ(root.status, 200);
  EXPECT_EQ(root.header("content-type").value_or(""),
            "application/atom+xml;profile=opds-catalog;kind=navigation");
  EXPECT_NE(root.body.find("href=\"/catalog/v2/entries\""), std::string::npos);

  const auto all = http_get(port, "/catalog/v2/entries");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.header("content-type").value_or(""),
            "application/atom+xml;profile=opds-catalog;kind=acquisition");
  EXPECT_NE(all.body.find("<title>Mathématiques CM2</title>"), std::string::npos);
  EXPECT_NE(all.body.find("<title>English Form 2</title>"), std::string::npos);
  EXPECT_NE(all.body.find("<name>Ministère de l&apos;Éducation nationale</name>"),
            std::string::npos);

  const auto french = http_get(port, "/catalog/v2/entries?lang=fra");
  EXPECT_NE(french.body.find("Mathématiques CM2"), std::string::npos);
  EXPECT_EQ(french.body.find("English Form 2"), std::string::npos);
  EXPECT_NE(french.body.find("<totalResults>1</totalResults>"), std::string::npos);
  const auto category = http_get(port, "/catalog/v2/entries?category=other");
  EXPECT_NE(category.body.find("English Form 2"), std::string::npos);
  EXPECT_EQ(category.body.find("Mathématiques CM2"), std::string::npos);
  const auto query = http_get(port, "/catalog/v2/entries?q=math%C3%A9matiques");
  EXPECT_NE(query.body.find("Mathématiques CM2"), std::string::npos);
  EXPECT_EQ(query.body.find("English Form 2"), std::string::npos);
  const auto page = http_get(port, "/catalog/v2/entries?start=1&count=1");
  EXPECT_NE(page.body.find("<totalResults>2</totalResults>"), std::string::npos);
  EXPECT_NE(page.body.find("<startIndex>1</startIndex>"), std::string::npos);
  EXPECT_NE(page.body.find("<itemsPerPage>1</itemsPerPage>"), std::string::npos);
  EXPECT_EQ(http_get(port, "/catalog/v2/entries?count=many").status, 400);

  const std::string uuid = between(french.body, "<id>urn:uuid:", "</id>");
  ASSERT_EQ(uuid.size(), 36U) << french.body;
  const auto entry = http_get(port, "/catalog/v2/entry/" + uuid);
  ASSERT_EQ(entry.status, 200);
  EXPECT_NE(entry.body.find("<articleCount>"), std::string::npos);
  EXPECT_EQ(http_get(port, "/catalog/v2/entry/00000000-0000-0000-0000-000000000000").status, 404);
  const auto languages = http_get(port, "/catalog/v2/languages");
  EXPECT_NE(languages.body.find("href=\"/catalog/v2/entries?lang=eng\""), std::string::npos);
  const auto categories = http_get(port, "/catalog/v2/categories");
  EXPECT_NE(categories.body.find("href=\"/catalog/v2/entries?category=imaginecole\""),
            std::string::npos);
  EXPECT_EQ(http_get(port, "/catalog/v2/searchdescription.xml").status, 200);
  const auto icon = http_get(port, "/catalog/v2/illustration/" + uuid);
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.header("content-type").value_or(""), "image/png");

  // The download: the very bytes, then a range of them, then 304 on its ETag.
  const std::string href = "/catalog/v2/download/" + uuid + ".zim";
  EXPECT_NE(french.body.find("href=\"" + href + "\""), std::string::npos);
  std::ifstream in(maths, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto whole = http_get(port, href);
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, bytes);
  EXPECT_EQ(whole.header("content-type").value_or(""), "application/x-zim");
  const auto etag = whole.header("etag").value_or("");
  EXPECT_EQ(etag, "\"" + uuid + "\"");
  const auto part = http_get(port, href, {{"Range", "bytes=4-11"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, bytes.substr(4, 8));
  EXPECT_EQ(http_get(port, href, {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(http_get(port, href, {{"Range", "bytes=999999999-"}}).status, 416);
}

TEST_F(OpdsCatalog, BrokenOrDuplicateFilesAreRefusedAndNothingIsHalfPublished) {
  const fs::path good = files_.path() / "good.zim";
  make_zim(good, {"Sciences CM1", "fra", "_category:imaginecole", "imaginecole_sn_cm1"});
  std::ifstream in(good, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const fs::path cut = files_.path() / "cut.zim";
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  const fs::path flipped = files_.path() / "flipped.zim";
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  std::ofstream(flipped, std::ios::binary) << damaged;
  const fs::path not_zim = files_.path() / "lesson.pdf";
  std::ofstream(not_zim, std::ios::binary) << "%PDF-1.4 not a zim";

  for (const auto& [file, reason] : std::vector<std::pair<fs::path, std::string>>{
           {not_zim, "not a ZIM file"},
           {cut, "incomplete"},
           {flipped, "damaged"},
           {files_.path() / "absent.zim", "no such file"}}) {
    const auto result = publish(file);
    EXPECT_EQ(result.exit_code, 2) << file;
    EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
    EXPECT_TRUE(shelf_files().empty()) << file;
  }
  EXPECT_EQ(publish(good, "XX").exit_code, 2);
  EXPECT_TRUE(shelf_files().empty());
  ASSERT_EQ(publish(good).exit_code, 0);
  const auto published = shelf_files();
  EXPECT_EQ(published.size(), 3U);  // the file, its illustration, its entry
  const auto again = publish(good);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already published"), std::string::npos) << again.err;
  EXPECT_EQ(shelf_files().size(), 3U);
}

}  // namespace
}  // namespace imaginecole::testing
