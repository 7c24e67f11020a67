// SPDX-License-Identifier: AGPL-3.0-or-later
// The running platform's parts, wired together once: the database, the stores of each
// capability, the router with every capability's routes, and the metrics.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "accounts/access_gate.hpp"
#include "accounts/accounts.hpp"
#include "accounts/admin_common.hpp"
#include "authoring/authoring.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "classroom/classroom.hpp"
#include "exercises/question_store.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "learning/assignments.hpp"
#include "learning/attempts.hpp"
#include "learning/exam_practice.hpp"
#include "learning/marking.hpp"
#include "learning/paths.hpp"
#include "learning/teaching_routes.hpp"
#include "media/media_library.hpp"
#include "media/media_store.hpp"
#include "opds/zim_shelf.hpp"
#include "search/search_index.hpp"
#include "storage/change_watcher.hpp"
#include "storage/database.hpp"
#include "storage/node_identity.hpp"
#include "storage/open_database.hpp"
#include "sync/node_keys.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::app {

struct PlatformOptions {
  storage::DatabaseConfig database;
  // The media store's folder (--media); empty: media_dir(database.data_dir).
  std::filesystem::path media_dir;
  bool migrate = true;
  // How long a cached page may go without asking the database whether anything changed
  // (writes made by this process are seen at once).
  std::chrono::milliseconds cache_freshness{100};
  std::size_t cache_budget_bytes = 16 * 1024 * 1024;
  // How often resource page views counted in memory are written (0: only at shutdown).
  std::chrono::milliseconds usage_flush_every{5000};
};

class Platform {
 public:
  explicit Platform(const PlatformOptions& options);

  storage::Database& database() { return *database_; }
  const std::string& node_id() const { return node_id_; }
  const storage::NodeIdentity& identity() const { return identity_; }
  catalog::CurriculumStore& curricula() { return *curricula_; }
  catalog::Library& library() { return *library_; }
  media::MediaStore& media() { return *media_; }
  media::MediaLibrary& media_library() { return *media_library_; }
  accounts::Accounts& accounts() { return *accounts_; }
  classroom::Classroom& classroom() { return *classroom_; }
  authoring::Authoring& authoring() { return *authoring_; }
  exercises::QuestionStore& questions() { return *questions_; }
  learning::Attempts& attempts() { return *attempts_; }
  learning::ExamPractice& exam_practice() { return *exam_practice_; }
  learning::Paths& paths() { return *paths_; }
  learning::Assignments& assignments() { return *assignments_; }
  // Capabilities that keep data about pupils add their section for export and deletion here.
  accounts::PupilData& pupil_data() { return administration_->pupil_data(); }
  search::SearchIndex& search() { return *search_; }
  // The ZIM files published for the Kiwix apps (<data>/downloads/zim).
  opds::ZimShelf& zim_shelf() { return *zim_shelf_; }
  http::Router& router() { return router_; }
  http::Metrics& metrics() { return *metrics_; }
  web::ViewCache& view_cache() { return *view_cache_; }
  storage::ChangeWatcher& changes() { return *changes_; }
  // Lets a scraper elsewhere than on this machine read /metrics (app/ops_routes.cpp); set
  // before the server starts. Empty: loopback callers only.
  void set_metrics_token(std::string token) { metrics_token_ = std::move(token); }
  const std::string& metrics_token() const { return metrics_token_; }
  // Where this server's sync keys live (sync/node_keys.hpp).
  sync::KeyPlace sync_key_place();

 private:
  void register_routes();

  std::filesystem::path data_dir_;
  std::unique_ptr<storage::Database> database_;
  storage::NodeIdentity identity_;
  std::string node_id_;
  std::unique_ptr<catalog::CurriculumStore> curricula_;
  std::unique_ptr<catalog::Library> library_;
  std::unique_ptr<media::MediaStore> media_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<media::MediaLibrary> media_library_;
  std::unique_ptr<classroom::Classroom> classroom_;
  std::unique_ptr<authoring::Authoring> authoring_;
  std::unique_ptr<exercises::QuestionStore> questions_;
  std::unique_ptr<learning::Attempts> attempts_;
  std::unique_ptr<learning::Paths> paths_;
  std::unique_ptr<learning::ExamPractice> exam_practice_;
  std::unique_ptr<learning::Assignments> assignments_;
  std::unique_ptr<learning::Marking> marking_;
  std::unique_ptr<learning::Teaching> teaching_;
  std::unique_ptr<accounts::Administration> administration_;
  std::unique_ptr<search::SearchIndex> search_;
  std::unique_ptr<opds::ZimShelf> zim_shelf_;
  std::unique_ptr<storage::ChangeWatcher> changes_;
  std::unique_ptr<web::ViewCache> view_cache_;
  std::unique_ptr<accounts::AccessGate> gate_;
  http::Router router_;
  std::unique_ptr<http::Metrics> metrics_;
  std::string metrics_token_;
};

// Where the data folder keeps media.
std::filesystem::path media_dir(const std::filesystem::path& data_dir);

}  // namespace imaginecole::app
