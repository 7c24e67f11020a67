// SPDX-License-Identifier: AGPL-3.0-or-later
// The running platform's parts, wired together once: the database, the stores of each
// capability, the router with every capability's routes, and the metrics.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "catalog/curriculum_store.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "media/media_store.hpp"
#include "storage/database.hpp"
#include "storage/open_database.hpp"

namespace imaginecole::app {

struct PlatformOptions {
  storage::DatabaseConfig database;
  bool migrate = true;
};

class Platform {
 public:
  explicit Platform(const PlatformOptions& options);

  storage::Database& database() { return *database_; }
  const std::string& node_id() const { return node_id_; }
  catalog::CurriculumStore& curricula() { return *curricula_; }
  media::MediaStore& media() { return *media_; }
  http::Router& router() { return router_; }
  http::Metrics& metrics() { return *metrics_; }

 private:
  void register_routes();

  std::unique_ptr<storage::Database> database_;
  std::string node_id_;
  std::unique_ptr<catalog::CurriculumStore> curricula_;
  std::unique_ptr<media::MediaStore> media_;
  http::Router router_;
  std::unique_ptr<http::Metrics> metrics_;
};

// Where the data folder keeps media.
std::filesystem::path media_dir(const std::filesystem::path& data_dir);

}  // namespace imaginecole::app
