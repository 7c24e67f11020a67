// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/platform.hpp"

#include "core/errors.hpp"

#include "accounts/routes.hpp"
#include "app/media_uses.hpp"
#include "app/ops_routes.hpp"
#include "app/question_media.hpp"
#include "app/record_registry.hpp"
#include "app/sync_payload.hpp"
#include "authoring/routes.hpp"
#include "catalog/routes.hpp"
#include "classroom/roster_routes.hpp"
#include "classroom/routes.hpp"
#include "exercises/pupil_view.hpp"
#include "exercises/routes.hpp"
#include "exercises/set_copy.hpp"
#include "learning/booklet_pages.hpp"
#include "learning/exam_routes.hpp"
#include "learning/offline_routes.hpp"
#include "learning/path_routes.hpp"
#include "learning/player_routes.hpp"
#include "learning/routes.hpp"
#include "media/routes.hpp"
#include "opds/routes.hpp"
#include "search/french_tokenizer.hpp"
#include "search/routes.hpp"
#include "storage/migrations.hpp"
#include "sync/health_routes.hpp"
#include "sync/routes.hpp"
#include "web/page.hpp"

namespace imaginecole::app {

std::filesystem::path media_dir(const std::filesystem::path& data_dir) {
  return data_dir / "media";
}

// The French search tokenizer must be known to SQLite before the first connection opens (the
// migration creating the search table uses it): the comma operator runs it before open_database.
Platform::Platform(const PlatformOptions& options)
    : data_dir_(options.database.data_dir),
      database_((search::install_sqlite_tokenizer(), storage::open_database(options.database))) {
  if (options.migrate) {
    storage::migrate(*database_);
  }
  identity_ = prepare_records(*database_);
  node_id_ = identity_.node_id;
  changes_ = std::make_unique<storage::ChangeWatcher>(*database_, options.cache_freshness);
  view_cache_ = std::make_unique<web::ViewCache>(options.cache_budget_bytes);
  curricula_ = std::make_unique<catalog::CurriculumStore>(*database_, node_id_);
  library_ = std::make_unique<catalog::Library>(
      *database_, node_id_,
      catalog::LibraryOptions{.usage_flush_every = options.usage_flush_every,
                              .questions_for_pupils = [](std::string_view questions_json) {
                                return boost::json::value(
                                    exercises::questions_for_pupils(questions_json));
                              }});
  media_ = std::make_unique<media::MediaStore>(
      options.media_dir.empty() ? media_dir(options.database.data_dir) : options.media_dir);
  accounts_ = std::make_unique<accounts::Accounts>(*database_, node_id_);
  media_library_ = std::make_unique<media::MediaLibrary>(
      *database_, node_id_, *media_,
      media::MediaOptions{.limits = media::MediaLimits::from_environment(),
                          .use_finders = media_use_finders()});
  media_library_->install_markdown_resolver();
  classroom_ = std::make_unique<classroom::Classroom>(*accounts_, *database_, node_id_);
  questions_ = std::make_unique<exercises::QuestionStore>(*database_, node_id_);
  attempts_ = std::make_unique<learning::Attempts>(*database_, node_id_);
  paths_ = std::make_unique<learning::Paths>(*database_, node_id_, library_->resources());
  exam_practice_ =
      std::make_unique<learning::ExamPractice>(*database_, library_->resources(), *curricula_);
  assignments_ =
      std::make_unique<learning::Assignments>(*database_, library_->resources(), *accounts_);
  marking_ = std::make_unique<learning::Marking>(*database_, *classroom_);
  teaching_ =
      std::make_unique<learning::Teaching>(learning::Teaching{.database = *database_,
                                                              .classroom = *classroom_,
                                                              .assignments = *assignments_,
                                                              .marking = *marking_,
                                                              .resources = library_->resources()});
  authoring_ = std::make_unique<authoring::Authoring>(
      *database_, node_id_, *library_, *curricula_, *accounts_,
      authoring::AuthoringOptions{
          .questions_of =
              [this](std::string_view resource_id) {
                return questions_->questions_json_of_set(resource_id);
              },
          .copy_questions =
              [this](std::string_view questions_json, std::string_view origin_set,
                     std::string_view set_id, std::string_view country, std::string_view actor) {
                const auto copied = exercises::copy_questions_into_set(
                    *questions_, questions_json, origin_set, set_id, country, actor);
                if (!copied) {
                  throw InvalidInput("adapting an exercise set: " + copied.error());
                }
              }});
  administration_ = std::make_unique<accounts::Administration>(
      *accounts_, node_id_, [this](std::string_view country, std::string_view language) {
        std::vector<std::pair<std::string, std::string>> levels;
        if (const auto curriculum = curricula_->curriculum(country)) {
          for (const auto& node : curriculum->nodes) {
            if (node.kind == catalog::NodeKind::level && !node.retired) {
              levels.emplace_back(node.slug, web::localized(node.names, language));
            }
          }
        }
        return levels;
      });
  administration_->pupil_data().add_section(classroom_->pupil_data_section());
  administration_->pupil_data().add_section(attempts_->pupil_data_section());
  administration_->pupil_data().add_section(paths_->pupil_data_section());
  search_ = search::make_search_index(*database_);
  // Without a data folder (a database URL alone), beside the media folder.
  zim_shelf_ = std::make_unique<opds::ZimShelf>(
      (options.database.data_dir.empty() ? media_->root().parent_path()
                                         : std::filesystem::path(options.database.data_dir)) /
      "downloads" / "zim");
  register_routes();
}

sync::KeyPlace Platform::sync_key_place() {
  // A PostgreSQL hub's app servers share the database, not a folder (decision 0037).
  return sync::KeyPlace{.database = *database_,
                        .data_dir = database_->backend() == storage::Backend::sqlite
                                        ? data_dir_
                                        : std::filesystem::path()};
}

void Platform::register_routes() {
  // The door every request passes: access, CSRF and the body limit, judged by accounts.
  gate_ = std::make_unique<accounts::AccessGate>(accounts_->authenticator());
  router_.set_gate(gate_.get());
  web::register_web_routes(router_);
  catalog::register_catalog_routes(router_, *curricula_, *library_, *accounts_, *view_cache_,
                                   *changes_);
  media::register_media_routes(router_, *media_library_, *accounts_);
  search::register_search_routes(router_, *search_, *curricula_, *view_cache_, *changes_);
  accounts::register_account_routes(router_, *accounts_);
  classroom::register_classroom_routes(router_, *classroom_);
  classroom::register_roster_routes(router_, *accounts_, node_id_);
  authoring::register_authoring_routes(router_, authoring_->service(), *accounts_, *curricula_);
  accounts::register_admin_routes(router_, *administration_);
  exercises::register_exercise_routes(
      router_, *questions_, *accounts_,
      [this](const std::string& country, const std::string& user_id) {
        return question_media_options(*media_library_, country, user_id);
      });
  learning::register_learning_routes(router_, *attempts_, *accounts_);
  learning::register_player_routes(router_, *database_, *attempts_, *assignments_, *accounts_);
  learning::register_path_api_routes(router_, *paths_, *accounts_);
  learning::register_path_pages(router_, *paths_, *accounts_, *curricula_);
  learning::register_path_editor_pages(router_, *paths_, *accounts_, *curricula_,
                                       library_->resources());
  learning::register_exam_pages(router_, *exam_practice_, *attempts_, *accounts_);
  learning::register_class_skills_routes(router_, *attempts_, *classroom_);
  learning::register_space_routes(router_, *attempts_, *assignments_, *accounts_);
  learning::register_offline_routes(router_, *database_, *assignments_, *accounts_);
  learning::register_teaching_routes(router_, *teaching_);
  opds::register_opds_routes(router_, *zim_shelf_);
  learning::register_booklet_pages(router_, *database_, *curricula_, library_->resources());
  register_ops_routes(router_, *this);
  sync::register_sync_routes(
      router_,
      sync::SyncRouteDeps{.database = *database_,
                          .throttle = accounts_->throttle(),
                          .self =
                              [this] {
                                return sync::NodeSelf{
                                    .node_id = identity_.node_id,
                                    .epoch = identity_.epoch,
                                    .keys = sync::load_node_keys(sync_key_place()).public_keys()};
                              },
                          .exchange =
                              [this](std::string_view sealed, std::size_t rows) {
                                return answer_sync_exchange(*this, sealed, rows);
                              }});
  sync::register_health_routes(
      router_,
      sync::HealthRouteDeps{.database = *database_, .accounts = *accounts_, .media = *media_});

  std::vector<std::string> patterns;
  for (const auto& route : router_.routes()) {
    patterns.push_back(route.pattern);
  }
  metrics_ = std::make_unique<http::Metrics>(std::move(patterns));
  metrics_->add_collector([this](std::string& out) {
    append_database_metrics(*database_, out);
    append_cache_metrics(*view_cache_, out);
  });
}

}  // namespace imaginecole::app
