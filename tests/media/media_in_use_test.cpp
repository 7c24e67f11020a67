// SPDX-License-Identifier: AGPL-3.0-or-later
// "Is this file in use?" across capabilities, on SQLite and PostgreSQL: the media library asks
// the catalog's resources itself and the question bank through the finder the application
// wires (app::media_use_finders), so a question showing an image keeps it from being deleted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "app/media_uses.hpp"
#include "media/media_library.hpp"
#include "support/backends.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

std::string make_png(const fs::path& folder) {
  const fs::path file = folder / "in-use.png";
  const std::string command = "vips black " + file.string() + " 400 300";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class MediaInUseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    store_ = std::make_unique<media::MediaStore>(test_db().data_dir.path() / "media");
    library_ = std::make_unique<media::MediaLibrary>(
        db(), "node-test", *store_, media::MediaOptions{.use_finders = app::media_use_finders()});
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
  // A question of Senegal's bank whose text shows `/media/<hash>`.
  void add_question(const std::string& id, const std::string& name, const std::string& hash) {
    auto connection = db().write();
    connection->execute(
        "INSERT INTO countries (id, code, names, languages, position, created_at, updated_at, "
        "origin_node) VALUES ('country-SN', 'SN', '{\"fr\": \"Sénégal\"}', '[\"fr\"]', 0, "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')");
    connection->execute(
        "INSERT INTO questions (id, country_code, type, name, body, created_at, updated_at, "
        "origin_node) VALUES (?, 'SN', 'description', ?, ?, '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z', 'test')",
        {id, name, "{\"text\": \"![Carte](/media/" + hash + ")\"}"});
  }

  std::unique_ptr<media::MediaStore> store_;
  std::unique_ptr<media::MediaLibrary> library_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(MediaInUseTest);

TEST_P(MediaInUseTest, AQuestionShowingTheImageIsAUseAndKeepsItFromDeletion) {
  const std::string png = make_png(test_db().data_dir.path());
  const auto uploaded = library_->upload(media::Upload{
      .bytes = png, .original_name = "carte.png", .uploaded_by = "u1", .country_code = "SN"});
  ASSERT_EQ(uploaded.status, 0) << uploaded.message;
  const std::string hash = uploaded.record.hash;
  EXPECT_TRUE(library_->uses(hash).empty());

  add_question("question-1", "La carte du Sénégal", hash);
  const auto uses = library_->uses(hash);
  ASSERT_EQ(uses.size(), 1U);
  EXPECT_EQ(uses[0].kind, "question");
  EXPECT_EQ(uses[0].id, "question-1");
  EXPECT_EQ(uses[0].title, "La carte du Sénégal");
  EXPECT_TRUE(uses[0].current);
  EXPECT_TRUE(uses[0].versions.empty());

  const auto refused = library_->remove(hash);
  EXPECT_TRUE(refused.found);
  EXPECT_FALSE(refused.removed);
  ASSERT_EQ(refused.uses.size(), 1U);
  EXPECT_EQ(refused.uses[0].id, "question-1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM media"), 1);
  EXPECT_TRUE(store_->find(hash).has_value());
}

}  // namespace
}  // namespace imaginecole::testing
