// SPDX-License-Identifier: AGPL-3.0-or-later
// Pictures carried by banks: Moodle XML <file> elements and QTI packages (folder, single item,
// .zip), with the readers' own rules (all pictures of a question or none, nothing read outside
// the package, a reason per refused question). The library here is a map that refuses what
// does not start like a PNG and what is over a size: the real media library is exercised
// through the binary in import_media_cli_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/bank_media.hpp"
#include "exercises/zip_reader.hpp"
#include "support/temp_dir.hpp"

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

struct PictureShelf {
  std::map<std::string, std::string> stored;  // hash -> file name
  std::size_t limit = 1 << 20;
  std::vector<std::string> checked;

  std::string check(std::string_view bytes) const {
    if (!bytes.starts_with("\x89PNG\r\n\x1a\n")) {
      return "not an image";
    }
    return bytes.size() > limit ? "too large" : "";
  }
  ImportOptions options() {
    ImportOptions out;
    out.check_media = [this](std::string_view bytes, std::string_view name) {
      checked.emplace_back(name);
      return check(bytes);
    };
    out.store_media = [this](std::string_view bytes, std::string_view name,
                             std::string& reason) -> std::optional<std::string> {
      if (std::string why = check(bytes); !why.empty()) {
        reason = why;
        return std::nullopt;
      }
      const std::string hash = core::sha256_hex(bytes);
      stored[hash] = name;
      return hash;
    };
    return out;
  }
};

const BankEntry& entry_named(const ParsedBank& bank, const std::string& name) {
  for (const auto& entry : bank.entries) {
    if (entry.name == name) {
      return entry;
    }
  }
  throw std::runtime_error("no entry " + name);
}

TEST(EmbeddedMedia, MoodlePicturesBecomeMediaLinksAndBrokenOnesSkipTheirQuestion) {
  PictureShelf shelf;
  const ParsedBank bank = read_moodle_xml(read_bytes(kData / "images_moodle.xml"), shelf.options());
  ASSERT_EQ(bank.entries.size(), 6U);
  EXPECT_EQ(bank.imported(), 2);
  const std::string red = core::sha256_hex(read_bytes(kData / "qti_package/images/carte.png"));
  const BankEntry& map = entry_named(bank, "Carte");
  ASSERT_TRUE(map.question) << map.reason;
  EXPECT_EQ(map.question->prompt,
            "Quel pays est en rouge ?\n\n![Carte : le Sénégal en rouge](/media/" + red + ")");
  // The feedback's picture has an empty alt: stored, with a warning for the editor.
  EXPECT_NE(map.question->general_feedback.find("Voici la carte en vert : ![](/media/"),
            std::string::npos)
      << map.question->general_feedback;
  ASSERT_EQ(map.question->media.size(), 2U);
  EXPECT_EQ(map.question->media[0], red);
  EXPECT_EQ(map.warnings,
            std::vector<std::string>{"the picture \"vert clair.png\" has no alternative text: add "
                                     "one for pupils who cannot see it"});
  EXPECT_EQ(shelf.stored.size(), 2U);
  EXPECT_EQ(shelf.stored[red], "carte.png");

  EXPECT_EQ(entry_named(bank, "Base64 tronqué").reason,
            "the picture \"coupe.png\" is damaged (its base64 text is broken)");
  EXPECT_EQ(entry_named(bank, "Page HTML").reason,
            "the picture \"page.png\" was refused: not an image");
  EXPECT_EQ(entry_named(bank, "Nom dangereux").reason,
            "an embedded file has a name that is not allowed: \"../x.png\"");
  EXPECT_EQ(entry_named(bank, "Fichier absent").reason,
            "the picture \"absent.png\" is not carried by the question");
  EXPECT_TRUE(entry_named(bank, "Sans image").question.has_value());
}

TEST(EmbeddedMedia, WithoutALibraryPicturesStillSkipTheirQuestion) {
  const ParsedBank bank = read_moodle_xml(read_bytes(kData / "images_moodle.xml"));
  EXPECT_EQ(bank.imported(), 1);
  EXPECT_EQ(entry_named(bank, "Carte").reason, "embedded files (images) are not imported yet");
}

TEST(EmbeddedMedia, AQuestionIsStoredWholeOrNotAtAll) {
  // The first picture is fine, the second too large: neither is stored.
  PictureShelf shelf;
  shelf.limit = 70;  // the red PNG has 73 bytes, the green one 68
  const std::string text = read_bytes(kData / "images_moodle.xml");
  const ParsedBank bank = read_moodle_xml(text, shelf.options());
  EXPECT_EQ(entry_named(bank, "Carte").reason, "the picture \"carte.png\" was refused: too large");
  EXPECT_TRUE(shelf.stored.empty());
}

TEST(EmbeddedMedia, OutsidePicturesAndPicturesInAnswersAreReasonsNotLosses) {
  PictureShelf shelf;
  const ParsedBank bank = read_moodle_xml(R"(<quiz>
  <question type="truefalse"><name><text>Dehors</text></name>
    <questiontext format="html"><text><![CDATA[<img src="http://example.org/a.png" alt="a">]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>
  <question type="multichoice"><name><text>Réponse</text></name>
    <questiontext format="html"><text>Laquelle ?</text></questiontext>
    <answer fraction="100" format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png" alt="a">]]></text>
      <file name="a.png" encoding="base64">iVBORw0KGgo=</file></answer>
    <answer fraction="0"><text>b</text></answer></question>
  <question type="truefalse"><name><text>Lien</text></name>
    <questiontext format="html"><text><![CDATA[<a href="@@PLUGINFILE@@/doc.pdf">doc</a>]]></text>
      <file name="doc.pdf" encoding="base64">JVBERi0=</file></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>
</quiz>)",
                                          shelf.options());
  EXPECT_EQ(bank.entries.at(0).reason,
            "the picture \"http://example.org/a.png\" is not in the file (an outside address)");
  EXPECT_EQ(bank.entries.at(1).reason,
            "a picture inside an answer cannot be shown: answers are plain text");
  EXPECT_EQ(bank.entries.at(2).reason,
            "an embedded file is linked, not shown as a picture: not supported");
  EXPECT_TRUE(shelf.stored.empty());
}

void expect_package_report(const ParsedBank& bank, const PictureShelf& shelf) {
  ASSERT_EQ(bank.entries.size(), 8U);
  EXPECT_EQ(bank.imported(), 3);
  const std::string red = core::sha256_hex(read_bytes(kData / "qti_package/images/carte.png"));
  EXPECT_EQ(entry_named(bank, "Les saisons au Sahel").question->type, QuestionType::fill_blanks);
  const BankEntry& map = entry_named(bank, "La carte");
  ASSERT_TRUE(map.question) << map.reason;
  EXPECT_EQ(map.question->prompt, "Regardez l'image.\n\n![Carte du Sénégal en rouge](/media/" +
                                      red + ")\n\nQuel pays est en rouge ?");
  EXPECT_EQ(map.question->media, std::vector<std::string>{red});
  EXPECT_TRUE(map.warnings.empty());
  const BankEntry& river = entry_named(bank, "Le fleuve");
  ASSERT_TRUE(river.question) << river.reason;
  EXPECT_EQ(river.warnings,
            std::vector<std::string>{"the picture \"fleuve.png\" has no alternative text: add "
                                     "one for pupils who cannot see it"});
  EXPECT_NE(river.question->prompt.find("![](/media/"), std::string::npos);
  EXPECT_EQ(entry_named(bank, "Une fausse image").reason,
            "the picture \"faux.png\" was refused: not an image");
  EXPECT_EQ(entry_named(bank, "Une évasion").reason,
            "the picture \"../../../../../etc/passwd\" is outside the package");
  EXPECT_EQ(entry_named(bank, "Un trou sans mot").reason, "the gap G2 has no right word");
  EXPECT_EQ(entry_named(bank, "items/absent.xml").reason,
            "the manifest names the item \"items/absent.xml\", which the package does not hold");
  EXPECT_EQ(entry_named(bank, "../dehors.xml").reason,
            "the manifest names an item outside the package: ../dehors.xml");
  EXPECT_EQ(shelf.stored.size(), 2U);
}

TEST(EmbeddedMedia, QtiPackageFolderImportsItsItemsWithTheirPictures) {
  PictureShelf shelf;
  expect_package_report(read_qti_package(kData / "qti_package", shelf.options()), shelf);
}

TEST(EmbeddedMedia, QtiZipPackageReadsTheSame) {
  PictureShelf shelf;
  expect_package_report(read_qti_package(kData / "qti_package.zip", shelf.options()), shelf);
  PictureShelf again;
  expect_package_report(read_qti_zip(read_bytes(kData / "qti_package.zip"), again.options()),
                        again);
}

TEST(EmbeddedMedia, BrokenZipsAndManifestsAreRefusedWhole) {
  const std::string zip = read_bytes(kData / "qti_package.zip");
  PictureShelf shelf;
  const auto error_of = [&](std::string_view bytes) {
    try {
      read_qti_zip(bytes, shelf.options());
    } catch (const InvalidInput& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(zip.substr(0, zip.size() / 2)),
            "the zip archive cannot be read: no central directory (truncated?)");
  EXPECT_EQ(error_of("PK\x03\x04"), "the zip archive cannot be read: too short");
  // A damaged entry: the item is skipped with the reason, the others import.
  std::string damaged = zip;
  const auto at = damaged.find("items/carte.xml");
  ASSERT_NE(at, std::string::npos);
  damaged[at + 15 + 40] ^= 0x55;  // inside the local entry's compressed data
  const ParsedBank bank = read_qti_zip(damaged, shelf.options());
  EXPECT_EQ(bank.entries.size(), 8U);
  EXPECT_NE(entry_named(bank, "items/carte.xml").reason.find("items/carte.xml: the zip archive"),
            std::string::npos);
  EXPECT_TRUE(shelf.stored.size() <= 2U);

  testing::TempDir dir;
  EXPECT_THROW(read_qti_package(dir.path(), shelf.options()), InvalidInput);  // no manifest
  std::ofstream(dir.path() / "imsmanifest.xml") << "<manifest><resources/></manifest>";
  EXPECT_THROW(read_qti_package(dir.path(), shelf.options()), InvalidInput);  // no item
  std::ofstream(dir.path() / "imsmanifest.xml") << "<manifest><resources>";
  EXPECT_THROW(read_qti_package(dir.path(), shelf.options()), InvalidInput);  // not XML
}

TEST(EmbeddedMedia, ASingleItemFindsPicturesBesideItAndNothingAbove) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "item/images");
  std::filesystem::copy_file(kData / "qti_package/images/carte.png",
                             dir.path() / "item/images/carte.png");
  std::filesystem::copy_file(kData / "qti_package/images/fleuve.png", dir.path() / "secret.png");
  std::string item = read_bytes(kData / "qti_package/items/carte.xml");
  const std::string beside = item.replace(item.find("../images/"), 10, "images/");
  std::ofstream(dir.path() / "item/carte.xml") << beside;
  std::string above = beside;
  above.replace(above.find("images/carte.png"), 16, "../secret.png");
  std::ofstream(dir.path() / "item/above.xml") << above;
  // A symbolic link that leads out of the folder counts as absent.
  std::filesystem::create_symlink(dir.path() / "secret.png", dir.path() / "item/images/link.png");
  std::string linked = beside;
  linked.replace(linked.find("images/carte.png"), 16, "images/link.png");
  std::ofstream(dir.path() / "item/linked.xml") << linked;

  PictureShelf shelf;
  const ParsedBank good = read_qti_package(dir.path() / "item/carte.xml", shelf.options());
  ASSERT_TRUE(good.entries.at(0).question) << good.entries[0].reason;
  EXPECT_EQ(shelf.stored.size(), 1U);
  EXPECT_EQ(read_qti_package(dir.path() / "item/above.xml", shelf.options()).entries.at(0).reason,
            "the picture \"../secret.png\" is outside the package");
  EXPECT_EQ(read_qti_package(dir.path() / "item/linked.xml", shelf.options()).entries.at(0).reason,
            "the picture \"images/link.png\" is not in the package");
  EXPECT_EQ(shelf.stored.size(), 1U);
}

TEST(EmbeddedMedia, PackagePathsNeverLeaveThePackage) {
  std::string why;
  EXPECT_EQ(package_path("items", "../images/a.png", why), "images/a.png");
  EXPECT_EQ(package_path("items", "./b/../c%20d.png?x=1", why), "items/c d.png");
  for (const std::string bad :
       {"../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "http://x/a.png", "..\\..\\a.png",
        "a/../../..", "%2e%2e/%2e%2e/a", ""}) {
    why.clear();
    EXPECT_EQ(package_path("items", bad, why), "") << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(EmbeddedMedia, Base64IsStrict) {
  std::string out;
  EXPECT_TRUE(decode_base64("aGVs\nbG8=", out));
  EXPECT_EQ(out, "hello");
  EXPECT_FALSE(decode_base64("aGVsbG8", out));       // truncated
  EXPECT_FALSE(decode_base64("aGVs*G8=", out));      // another character
  EXPECT_FALSE(decode_base64("aGVsbG8=aGVs", out));  // data after the padding
  EXPECT_FALSE(decode_base64("", out));
}

}  // namespace
}  // namespace imaginecole::exercises
