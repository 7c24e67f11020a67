// SPDX-License-Identifier: AGPL-3.0-or-later
// One budget per import (issue 10, item 8): a QTI package is weighed before it is read (the
// number of items its manifest lists, the decompressed size of the files they name), a file
// that many items name is read, checked and stored once, and GIFT / Moodle XML banks are held
// to the same number of questions. The archives are written here with libzip, deflated, so a
// 60 MiB entry costs the test a few kilobytes.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/import_budget.hpp"
#include "support/temp_dir.hpp"
#include "support/thread_cpu_time.hpp"

namespace imaginecole::exercises {
namespace {

const std::filesystem::path kData =
    std::filesystem::path(IMAGINECOLE_SOURCE_DIR) / "tests/exercises/data";

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A .zip of `files` (name -> bytes), deflated.
std::string make_zip(const std::map<std::string, std::string>& files) {
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "package.zip";
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, bytes] : files) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
    EXPECT_GE(index, 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  EXPECT_EQ(zip_close(archive), 0);  // the buffers are read here, while `files` lives
  return read_bytes(path);
}

std::string manifest(const std::vector<std::string>& hrefs) {
  std::string out =
      "<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" "
      "identifier=\"m\"><resources>\n";
  int n = 0;
  for (const std::string& href : hrefs) {
    out += "<resource identifier=\"r" + std::to_string(++n) +
           "\" type=\"imsqti_item_xmlv2p1\" href=\"" + href + "\"/>\n";
  }
  return out + "</resources></manifest>\n";
}

// A single-choice item; `picture` shown in its text when not empty; `padding` bytes of an XML
// comment make it as large as a test needs.
std::string item(const std::string& id, const std::string& picture = {}, std::size_t padding = 0) {
  std::string out = "<?xml version=\"1.0\"?>\n<assessmentItem identifier=\"" + id + "\" title=\"" +
                    id +
                    "\"><responseDeclaration identifier=\"R\" cardinality=\"single\">"
                    "<correctResponse><value>A</value></correctResponse></responseDeclaration>"
                    "<itemBody><p>Quel pays ?</p>";
  if (!picture.empty()) {
    out += "<p><img src=\"" + picture + "\" alt=\"Carte\"/></p>";
  }
  out +=
      "<choiceInteraction responseIdentifier=\"R\" maxChoices=\"1\">"
      "<simpleChoice identifier=\"A\">Le Sénégal</simpleChoice>"
      "<simpleChoice identifier=\"B\">Le Mali</simpleChoice></choiceInteraction></itemBody>"
      "<responseProcessing template=\"match_correct\"/></assessmentItem>\n";
  if (padding > 0) {
    out += "<!--" + std::string(padding, ' ') + "-->\n";
  }
  return out;
}

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "(no error)";
}

// Counts what the media library is asked, like the real one would be.
struct CountingLibrary {
  int checks = 0;
  int stores = 0;
  ImportOptions options() {
    ImportOptions out;
    out.check_media = [this](std::string_view, std::string_view) {
      ++checks;
      return std::string();
    };
    out.store_media = [this](std::string_view bytes, std::string_view,
                             std::string&) -> std::optional<std::string> {
      ++stores;
      return core::sha256_hex(bytes);
    };
    return out;
  }
};

TEST(ImportBudget, AManifestListingOneEntryThousandsOfTimesIsRefusedBeforeAnyIsRead) {
  std::vector<std::string> hrefs(10'000, "items/q.xml");
  const std::string zip =
      make_zip({{"imsmanifest.xml", manifest(hrefs)}, {"items/q.xml", item("q")}});
  const double started = testing::thread_cpu_seconds();
  const std::string error = error_of([&] { read_qti_zip(zip, {}); });
  EXPECT_EQ(error,
            "the import holds 10000 questions, more than the limit of 5000 questions for one "
            "import: split it into several files");
  EXPECT_LT(testing::thread_cpu_seconds() - started, 2.0);  // processor seconds
}

TEST(ImportBudget, TheItemsFilesAreWeighedTogetherBeforeAnyIsDecompressed) {
  // Five distinct 60 MiB items: 300 MiB once inflated, over the 256 MiB of one import.
  std::map<std::string, std::string> files;
  std::vector<std::string> hrefs;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "items/q" + std::to_string(i) + ".xml";
    files[name] = item("q" + std::to_string(i), {}, 60ULL << 20);
    hrefs.push_back(name);
  }
  files["imsmanifest.xml"] = manifest(hrefs);
  const std::string zip = make_zip(files);
  files.clear();
  ASSERT_LT(zip.size(), 2U << 20);
  const double started = testing::thread_cpu_seconds();
  const std::string error = error_of([&] { read_qti_zip(zip, {}); });
  EXPECT_NE(error.find("more than 256 MiB once decompressed (the limit for one import)"),
            std::string::npos)
      << error;
  EXPECT_LT(testing::thread_cpu_seconds() - started, 2.0);  // processor seconds
}

TEST(ImportBudget, PicturesCountTowardsTheTotalAndTheWholeImportIsRefused) {
  // Each item is small, its picture large: the third picture would pass the budget.
  const std::string png = read_bytes(kData / "qti_package/images/carte.png");
  std::map<std::string, std::string> files;
  std::vector<std::string> hrefs;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    files["items/q" + n + ".xml"] = item("q" + n, "../images/p" + n + ".png");
    files["images/p" + n + ".png"] = png + std::string(400 << 10, '\0');
    hrefs.push_back("items/q" + n + ".xml");
  }
  files["imsmanifest.xml"] = manifest(hrefs);
  const std::string zip = make_zip(files);
  CountingLibrary library;
  ImportOptions options = library.options();
  options.limits = ImportLimits{.total_bytes = 1 << 20, .file_bytes = 1 << 20, .questions = 10};
  try {
    read_qti_zip(zip, options);
    ADD_FAILURE() << "the import was not refused";
  } catch (const ImportTooLarge& error) {
    EXPECT_NE(std::string(error.what()).find("images/p2.png"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("1 MiB"), std::string::npos) << error.what();
  }
}

TEST(ImportBudget, OneFileOverThePerFileLimitSkipsOnlyItsQuestionUnread) {
  std::map<std::string, std::string> files{
      {"imsmanifest.xml", manifest({"items/small.xml", "items/big.xml"})},
      {"items/small.xml", item("small")},
      {"items/big.xml", item("big", {}, 2 << 20)}};
  ImportOptions options;
  options.limits.file_bytes = 1 << 20;
  const ParsedBank bank = read_qti_zip(make_zip(files), options);
  ASSERT_EQ(bank.entries.size(), 2U);
  EXPECT_TRUE(bank.entries[0].question.has_value());
  EXPECT_EQ(bank.entries[1].reason,
            "items/big.xml: items/big.xml holds 2 MiB once decompressed, more than the limit of "
            "1 MiB for one file of an import");
}

TEST(ImportBudget, APictureManyItemsShowIsReadCheckedAndStoredOnce) {
  const std::string png = read_bytes(kData / "qti_package/images/carte.png");
  std::map<std::string, std::string> files{
      {"images/carte.png", png + std::string(300 << 10, '\0')}};
  std::vector<std::string> hrefs;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    files["items/q" + n + ".xml"] = item("q" + n, "../images/carte.png");
    hrefs.push_back("items/q" + n + ".xml");
  }
  // The item listed twice is imported once.
  hrefs.push_back("items/q0.xml");
  files["imsmanifest.xml"] = manifest(hrefs);
  CountingLibrary library;
  ImportOptions options = library.options();
  // Six readings of the picture would be 1.8 MiB: only one fits.
  options.limits = ImportLimits{.total_bytes = 1 << 20, .file_bytes = 1 << 20, .questions = 10};
  const ParsedBank bank = read_qti_zip(make_zip(files), options);
  EXPECT_EQ(bank.imported(), 6);
  EXPECT_EQ(library.checks, 1);
  EXPECT_EQ(library.stores, 1);
  ASSERT_EQ(bank.entries.size(), 7U);
  EXPECT_EQ(bank.entries[6].reason,
            "the manifest lists \"items/q0.xml\" again: it is imported once (entry 1)");
}

TEST(ImportBudget, TextBanksAreHeldToTheNumberOfQuestions) {
  std::string gift;
  for (int i = 0; i < 5'001; ++i) {
    gift += "::Q" + std::to_string(i) + ":: Deux et deux ? {=4 ~5}\n\n";
  }
  EXPECT_EQ(error_of([&] { read_gift(gift); }),
            "the import holds 5001 questions, more than the limit of 5000 questions for one "
            "import: split it into several files");
  std::string moodle =
      "<quiz>\n<question type=\"category\"><category><text>x</text></category>"
      "</question>\n";
  for (int i = 0; i < 5'001; ++i) {
    moodle +=
        "<question type=\"truefalse\"><name><text>Q</text></name><questiontext format=\"html\">"
        "<text>Vrai ?</text></questiontext><answer fraction=\"100\"><text>true</text></answer>"
        "<answer fraction=\"0\"><text>false</text></answer></question>\n";
  }
  moodle += "</quiz>\n";
  EXPECT_EQ(error_of([&] { read_moodle_xml(moodle); }),
            "the import holds 5001 questions, more than the limit of 5000 questions for one "
            "import: split it into several files");
  // At the limit, all are read.
  gift.resize(gift.rfind("::Q5000::"));
  EXPECT_EQ(read_gift(gift).entries.size(), 5'000U);
}

TEST(ImportBudget, MoodlePicturesAreChargedBeforeTheyAreDecoded) {
  const std::string png = read_bytes(kData / "qti_package/images/carte.png");
  // A base64 text of 8 KiB of zero bytes after the PNG: twice in one question.
  std::string bytes = png + std::string(8 << 10, '\0');
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string base64;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t chunk =
        (static_cast<unsigned char>(bytes[i]) << 16) |
        (i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0) |
        (i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0);
    base64 += kAlphabet[(chunk >> 18) & 63];
    base64 += kAlphabet[(chunk >> 12) & 63];
    base64 += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    base64 += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  std::string moodle = "<quiz>\n";
  for (int i = 0; i < 3; ++i) {
    moodle += "<question type=\"truefalse\"><name><text>Q" + std::to_string(i) +
              "</text></name><questiontext format=\"html\"><text><![CDATA[<p>Vrai ?</p>"
              "<img src=\"@@PLUGINFILE@@/c.png\" alt=\"Carte\">]]></text>"
              "<file name=\"c.png\" path=\"/\" encoding=\"base64\">" +
              base64 +
              "</file></questiontext><answer fraction=\"100\"><text>true</text></answer>"
              "<answer fraction=\"0\"><text>false</text></answer></question>\n";
  }
  moodle += "</quiz>\n";
  CountingLibrary library;
  ImportOptions options = library.options();
  const ParsedBank bank = read_moodle_xml(moodle, options);
  EXPECT_EQ(bank.imported(), 3);
  EXPECT_EQ(library.checks, 1);  // the same bytes in three questions: judged once
  EXPECT_EQ(library.stores, 1);
  // The file and its three pictures do not fit in 40 KiB.
  options.limits.total_bytes = 40 << 10;
  EXPECT_NE(error_of([&] { read_moodle_xml(moodle, options); }).find("the picture \"c.png\""),
            std::string::npos);
}

}  // namespace
}  // namespace imaginecole::exercises
