// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/commands.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <CLI/CLI.hpp>

#include <boost/version.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "accounts/demo_accounts.hpp"
#include "app/command_line.hpp"
#include "app/durable_acknowledgements.hpp"
#include "app/network_sync_run.hpp"
#include "app/platform.hpp"
#include "app/record_registry.hpp"
#include "app/sync_schedule.hpp"
#include "catalog/demo_loader.hpp"
#include "catalog/resource_loader.hpp"
#include "catalog/resource_queries.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"
#include "exercises/bank_format.hpp"
#include "http/server.hpp"
#include "http/transport_security.hpp"
#include "search/french_tokenizer.hpp"
#include "storage/migrations.hpp"
#include "web/page.hpp"

namespace imaginecole::app {

PlatformOptions platform_options(const CommonSettings& common) {
  return PlatformOptions{.database = storage::DatabaseConfig{.data_dir = common.data_dir,
                                                             .url = common.database_url,
                                                             .pool_size = common.pool_size},
                         .media_dir = media_folder(common)};
}

void require_data_dir(const CommonSettings& common) {
  if (common.data_dir.empty()) {
    throw ConfigError("--data DIR is required (or IMAGINECOLE_DATA)");
  }
}

namespace {

namespace fs = std::filesystem;

struct ServeSettings {
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 0;
  std::size_t workers = 4;
  std::string access_log = "-";
  std::size_t max_header_kib = 16;
  int idle_timeout_s = 30;
  int request_timeout_s = 30;
  int shutdown_grace_s = 10;
  int cache_freshness_ms = 100;
  std::vector<std::string> trusted_proxies;
  std::size_t max_connections = 10'000;
  std::size_t max_connections_per_address = 1'000;
  // "https://…" when TLS ends in front of us: cookies become Secure, responses carry HSTS.
  std::string public_url;
  // Lets a scraper that is not on this machine read /metrics (Authorization: Bearer …).
  std::string metrics_token;
  std::string sync_every;  // "6h": sync with the paired hub in the background (decision 0041)
};

// The crosswalk between levels and the demo lessons with their placements.
void load_demo_library(Platform& platform) {
  catalog::Library& library = platform.library();
  const int crosswalk =
      catalog::load_crosswalk(library.resources(), catalog::embedded_crosswalk_json());
  std::printf("Loaded a crosswalk of %d levels.\n", crosswalk);
  const std::string_view resources = catalog::embedded_resources_json();
  if (resources.empty()) {
    return;
  }
  const auto report = catalog::load_resources(library.resources(), library.placements(), resources);
  if (report.already_present) {
    std::printf("Demo resources already present: nothing to load.\n");
  } else {
    std::printf("Loaded %d resources with %d placements.\n", report.resources, report.placements);
  }
}

// The demo's exercise sets and their questions (data/demo/questions-*.gift): each file goes
// into its set's country's bank, is attached to the set and published with it, so that every
// set's page leads to a player with real questions (/r/{id}/exercise).
struct DemoQuestions {
  std::string_view file;
  std::string_view country;
  std::string_view set_title;
};
constexpr DemoQuestions kDemoQuestions[] = {
    {"questions-fractions-cm2.gift", "CI", "Exercices sur les fractions"},
    {"questions-proportionnalite-7e-annee.gift", "GN",
     "Proportionnalité et pourcentages au marché"},
    {"questions-ratio-proportion-form-2.gift", "CM", "Ratio and Proportion"},
    {"questions-masse-volumique-3e.gift", "BF",
     "Masse, volume et masse volumique : exercices type BEPC"},
    {"questions-pythagore-4e.gift", "BJ", "Théorème de Pythagore : exercices"},
    {"questions-revision-cfee-cm2.gift", "SN", "Révision CFEE : problèmes de la vie courante"},
    {"questions-homophones-cm1.gift", "TD", "Homophones : a / à, et / est, son / sont"},
    {"questions-perimetres-aires-cm2.gift", "BJ", "Périmètres et aires : entraînement au CEP"},
    {"questions-suites-tle.gift", "TG",
     "Suites arithmétiques et géométriques : entraînement au BAC II"},
};

void load_demo_set_questions(Platform& platform, const DemoQuestions& demo) {
  const std::string_view gift = catalog::embedded_demo_file(demo.file);
  std::string set_id;
  {
    auto connection = platform.database().read();
    const auto found =
        catalog::resource_id_by_title(*connection, "exercise_set", demo.country, demo.set_title);
    if (!found || gift.empty()) {
      return;
    }
    set_id = *found;
  }
  auto& questions = platform.questions();
  if (!questions.questions_of_set(set_id).empty()) {
    return;  // already there (a second `init --demo`)
  }
  exercises::ParsedBank bank = exercises::read_gift(gift);
  const auto ids =
      questions.import_bank(std::string(demo.country), bank, "", "demo:" + std::string(demo.file));
  const auto attached = questions.set_questions(set_id, ids);
  if (!attached) {
    throw InvalidInput("demo questions " + std::string(demo.file) + ": " + attached.error());
  }
  const auto resource = platform.library().resources().find_published(set_id);
  if (!resource) {
    return;
  }
  auto connection = platform.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  platform.library().resources().write_published(*connection, *resource, 1, std::nullopt,
                                                 questions.questions_json_of_set(set_id));
  transaction.commit();
  std::printf("Published %zu demo questions at /r/%s/exercise.\n", ids.size(), set_id.c_str());
}

void load_demo_questions(Platform& platform) {
  for (const DemoQuestions& demo : kDemoQuestions) {
    load_demo_set_questions(platform, demo);
  }
}

struct GenerateSettings {
  int resources = 1000;
  std::uint64_t seed = 1;
  std::string country;  // empty: every country
  std::string level;    // empty: every level
};

// `imaginecole demo generate --resources N`: a large catalogue for benchmarks.
int run_demo_generate(const CommonSettings& common, const GenerateSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  PlatformOptions options = platform_options(common);
  options.usage_flush_every = std::chrono::milliseconds(0);
  Platform platform(options);
  const auto report =
      catalog::generate_resources(platform.library().resources(), platform.library().placements(),
                                  catalog::GenerateOptions{.count = settings.resources,
                                                           .seed = settings.seed,
                                                           .country = settings.country,
                                                           .level = settings.level});
  std::printf("Generated %d resources with %d placements in %.1f s.\n", report.resources,
              report.placements, report.seconds);
  // Like the demo lessons, editable through the workflow: a first published version each.
  const int adopted = platform.authoring().service().adopt_published("generated catalogue");
  std::printf("Gave %d resources their first version, so editors can change them.\n", adopted);
  return 0;
}

// The demo pupils' picture codes, kept for their printable cards like a teacher's would be.
void record_demo_picture_cards(Platform& platform) {
  auto& accounts = platform.accounts();
  auto connection = platform.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  for (const auto& account : accounts::demo_accounts()) {
    if (!account.picture_code || !account.school_code) {
      continue;
    }
    const auto school = accounts.schools().school_by_code(*connection, *account.school_code);
    const auto pupil =
        school ? accounts.users().pupil_by_username(school->id, account.username) : std::nullopt;
    if (pupil) {
      platform.classroom().store().set_picture_code(*connection, pupil->id, *account.picture_code);
    }
  }
  transaction.commit();
}

int run_init(const CommonSettings& common, bool demo) {
  require_data_dir(common);
  const fs::path data_dir = common.data_dir;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    throw ConfigError("cannot create data folder " + data_dir.string() + ": " + ec.message());
  }
  fs::create_directories(media_folder(common), ec);
  PlatformOptions options = platform_options(common);
  options.database.create_if_missing = true;
  Platform platform(options);
  std::printf("Data folder ready: %s (%s, node %s)\n", data_dir.string().c_str(),
              platform.database().describe().c_str(), platform.node_id().c_str());
  if (demo) {
    const auto report =
        catalog::load_curricula(platform.curricula(), catalog::embedded_countries_json());
    if (report.already_present) {
      std::printf("Demo curricula already present: nothing to load.\n");
    } else {
      std::printf("Loaded %d countries, %d levels, %d national exams, %d subjects.\n",
                  report.countries, report.levels, report.exams, report.subjects);
    }
    load_demo_library(platform);
    load_demo_questions(platform);
    // The demo lessons become editable like any resource: a first published version each.
    const int adopted = platform.authoring().service().adopt_published("demo data");
    if (adopted > 0) {
      std::printf("Gave %d demo resources their first version, so editors can change them.\n",
                  adopted);
    }
    const auto accounts_report = accounts::load_demo_accounts(platform.accounts());
    if (accounts_report.already_present) {
      std::printf("Demo accounts already present: nothing to add.\n");
    } else {
      std::printf("Created %d demo schools, %d classes, %d accounts (see docs/demo-accounts.md).\n",
                  accounts_report.schools, accounts_report.classes, accounts_report.users);
      record_demo_picture_cards(platform);
    }
  }
  return 0;
}

int run_migrate(const CommonSettings& common) {
  auto database = storage::open_database(platform_options(common).database);
  const auto report = storage::migrate(*database);
  prepare_records(*database);
  if (report.applied.empty()) {
    std::printf("Schema is up to date (version %d, %s).\n", report.from_version,
                database->describe().c_str());
  } else {
    for (const auto& name : report.applied) {
      std::printf("Applied %s\n", name.c_str());
    }
    std::printf("Schema now at version %d (was %d).\n", report.to_version, report.from_version);
  }
  return 0;
}

int run_serve(const CommonSettings& common, const ServeSettings& settings) {
  require_data_dir(common);
  std::optional<http::PublicUrl> public_url;
  if (!settings.public_url.empty()) {
    public_url = http::PublicUrl::parse(settings.public_url);
    if (!public_url) {
      throw ConfigError("--public-url must start with http:// or https:// and name a host: " +
                        settings.public_url);
    }
  }
  if (!settings.metrics_token.empty() && settings.metrics_token.size() < 16) {
    throw ConfigError("--metrics-token must be at least 16 characters long");
  }
  PlatformOptions platform_settings = platform_options(common);
  platform_settings.cache_freshness = std::chrono::milliseconds(settings.cache_freshness_ms);
  Platform platform(platform_settings);
  platform.set_metrics_token(settings.metrics_token);
  http::ServerOptions options;
  options.listen = settings.listen;
  options.threads = settings.threads;
  options.workers = settings.workers;
  options.max_header_bytes = settings.max_header_kib * 1024;
  options.idle_timeout = std::chrono::seconds(settings.idle_timeout_s);
  options.request_timeout = std::chrono::seconds(settings.request_timeout_s);
  options.shutdown_grace = std::chrono::seconds(settings.shutdown_grace_s);
  options.run_reads_inline = platform.database().reads_are_local();
  options.default_headers = web::security_headers();
  const bool https = public_url && public_url->https;
  http::set_site_served_over_https(https);
  if (https) {
    options.default_headers.emplace_back("Strict-Transport-Security",
                                         std::string(http::kStrictTransportSecurity));
  }
  options.access_log = http::AccessLogSink::open(settings.access_log);
  options.spool_dir = std::filesystem::path(common.data_dir) / "tmp" / "uploads";
  try {
    options.trusted_proxies = http::TrustedProxies(settings.trusted_proxies);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "imaginecole: --trusted-proxy: %s\n", error.what());
    return 2;
  }
  options.max_connections = settings.max_connections;
  options.max_connections_per_address = settings.max_connections_per_address;
  options.acknowledgements = durable_acknowledgements();
  options.hashing_workers = platform.accounts().hasher().max_concurrent();

  std::optional<std::chrono::seconds> sync_every;
  if (!settings.sync_every.empty()) {
    sync_every = parse_interval(settings.sync_every);
    if (!sync_every) {
      throw ConfigError("--sync-every must be a number and a unit: 90s, 30m, 6h, 1d (got '" +
                        settings.sync_every + "')");
    }
  }
  http::Server server(options, platform.router(), platform.metrics(), web::error_page);
  server.start();
  platform.media_library().start_jobs();
  std::optional<SyncSchedule> schedule;
  if (sync_every) {
    schedule.emplace(platform, *sync_every);
  }
  std::fprintf(stderr,
               "{\"level\":\"info\",\"msg\":\"listening on http://%s:%u\",\"database\":\"%s\","
               "\"node\":\"%s\"}\n",
               settings.listen.substr(0, settings.listen.rfind(':')).c_str(),
               static_cast<unsigned>(server.port()), platform.database().describe().c_str(),
               platform.node_id().c_str());
  std::fflush(stderr);
  server.run(true);
  std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"stopped\"}\n");
  return 0;
}

struct UserAddSettings {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;
  std::string display_name;
  std::string picture_code;
};

// `imaginecole user add`: prints the new account's id; a one-line reason and exit code 2 when
// the role, scope, username or password cannot be used.
int run_user_add(const CommonSettings& common, const UserAddSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  Platform platform(platform_options(common));
  const auto created = platform.accounts().provisioning().add(accounts::NewUser{
      .username = settings.username,
      .display_name = settings.display_name,
      .password = settings.password.empty() ? std::nullopt : std::optional(settings.password),
      .picture_code =
          settings.picture_code.empty() ? std::nullopt : std::optional(settings.picture_code),
      .role = settings.role,
      .scope = settings.scope,
      .preferred_language = std::nullopt,
      .actor_id = std::nullopt,
      .remote_address = "cli",
  });
  if (!created) {
    std::fprintf(stderr, "imaginecole: %s\n", created.error().c_str());
    return 2;
  }
  std::printf("%s\n", created->id.c_str());
  return 0;
}

int run_version() {
  std::printf("imaginecole %s\nsqlite %s\nlibpq %d\nboost %d.%d.%d\n", kVersion,
              sqlite3_libversion(), PQlibVersion(), BOOST_VERSION / 100000,
              BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
  return 0;
}

// True when `command` is a subcommand (at any depth) of `outer`.
bool is_inside(const CLI::App* command, const CLI::App* outer) {
  for (const CLI::App* parent = command->get_parent(); parent != nullptr;
       parent = parent->get_parent()) {
    if (parent == outer) {
      return true;
    }
  }
  return false;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  // Every SQLite connection of the process (server, init, migrate, user add, demo generate)
  // needs the French tokenizer: the search triggers run on every write of a resource.
  search::install_sqlite_tokenizer();
  CLI::App app{"Imaginécole: an open learning platform that works online and offline.",
               "imaginecole"};
  app.failure_message(CLI::FailureMessage::simple);
  app.require_subcommand(1);
  // A flag given twice keeps its last value, so scripts can append overrides.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_config("--config", "", "Configuration file (TOML: top-level keys, [serve] section)")
      ->envname("IMAGINECOLE_CONFIG");

  CommonSettings common;
  ServeSettings serve_settings;
  bool demo = false;
  UserAddSettings user_add_settings;
  GenerateSettings generate_settings;

  const std::string common_help =
      "\nCommon options (before or after the subcommand):\n"
      "  --data DIR          data folder (SQLite database and media)  [IMAGINECOLE_DATA]\n"
      "  --database URL      postgresql://... instead of the data folder's SQLite "
      "[IMAGINECOLE_DATABASE]\n"
      "  --media DIR         media folder apart from the data folder (shared by several "
      "servers)  [IMAGINECOLE_MEDIA]\n"
      "  --pool-size N       database connections (default 8)  [IMAGINECOLE_POOL_SIZE]\n"
      "  --config FILE       configuration file  [IMAGINECOLE_CONFIG]\n";
  app.add_option("--data", common.data_dir, "Data folder (SQLite database and media)")
      ->envname("IMAGINECOLE_DATA");
  add_media_option(app, common);
  app.add_option("--database", common.database_url,
                 "PostgreSQL URL (postgresql://...) used instead of the data folder's SQLite")
      ->envname("IMAGINECOLE_DATABASE");
  app.add_option("--pool-size", common.pool_size, "Database connections in the pool")
      ->envname("IMAGINECOLE_POOL_SIZE")
      ->check(CLI::Range(1, 512));

  auto* init = app.add_subcommand("init", "Create a data folder (database and media)");
  init->add_flag("--demo", demo, "Also load the demo data (ten countries' curricula)");
  init->footer(common_help);

  auto* serve = app.add_subcommand("serve", "Serve the platform over HTTP");
  serve->add_option("--listen", serve_settings.listen, "HOST:PORT to listen on (port 0: any free)")
      ->envname("IMAGINECOLE_LISTEN")
      ->capture_default_str();
  serve->add_option("--threads", serve_settings.threads, "Event-loop threads (0: one per core)")
      ->envname("IMAGINECOLE_THREADS")
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--workers", serve_settings.workers,
                   "Worker threads for blocking work (writes, password hashing)")
      ->envname("IMAGINECOLE_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      ->add_option("--access-log", serve_settings.access_log,
                   "Access log: '-' (standard error), 'off', or a file path")
      ->envname("IMAGINECOLE_ACCESS_LOG")
      ->capture_default_str();
  serve->add_option("--max-header-kib", serve_settings.max_header_kib, "Largest request headers")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve
      ->add_option("--trusted-proxy", serve_settings.trusted_proxies,
                   "Address or network of a reverse proxy whose X-Forwarded-For, Forwarded and "
                   "X-Forwarded-Proto are believed (repeat, or separate with commas)")
      ->envname("IMAGINECOLE_TRUSTED_PROXIES")
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  serve
      ->add_option("--max-connections", serve_settings.max_connections,
                   "Open connections past which new ones get 503 (0: no cap)")
      ->envname("IMAGINECOLE_MAX_CONNECTIONS")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-address", serve_settings.max_connections_per_address,
                   "Open connections from one address past which new ones get 503 (0: no cap; "
                   "trusted proxies are exempt)")
      ->envname("IMAGINECOLE_MAX_CONNECTIONS_PER_ADDRESS")
      ->capture_default_str();
  serve
      ->add_option("--idle-timeout", serve_settings.idle_timeout_s,
                   "Seconds an idle keep-alive connection is kept")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      ->add_option("--request-timeout", serve_settings.request_timeout_s,
                   "Seconds to read a request body or write a response")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      ->add_option("--shutdown-grace", serve_settings.shutdown_grace_s,
                   "Seconds requests in flight get to finish on SIGTERM")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  serve
      ->add_option("--cache-freshness-ms", serve_settings.cache_freshness_ms,
                   "Milliseconds a cached page is served before asking the database again "
                   "(0: ask on every request; this server's own writes are always seen at once)")
      ->envname("IMAGINECOLE_CACHE_FRESHNESS_MS")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  serve
      ->add_option("--public-url", serve_settings.public_url,
                   "The address people use (https://… when TLS ends at a proxy in front: "
                   "cookies become Secure and responses carry Strict-Transport-Security)")
      ->envname("IMAGINECOLE_PUBLIC_URL");
  serve
      ->add_option("--metrics-token", serve_settings.metrics_token,
                   "Bearer token that lets a remote scraper read /metrics (without it, only "
                   "callers on this machine may)")
      ->envname("IMAGINECOLE_METRICS_TOKEN");
  serve->footer(common_help);

  serve
      ->add_option("--sync-every", serve_settings.sync_every,
                   "A school server: sync with its hub in the background at this interval "
                   "(6h, 30m, 1d)")
      ->envname("IMAGINECOLE_SYNC_EVERY");
  auto* migrate = app.add_subcommand("migrate", "Apply database schema migrations");
  migrate->footer(common_help);
  auto* version = app.add_subcommand("version", "Print the version and library versions");

  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Create an account with a role at a scope; print its id");
  user_add->add_option("--username", user_add_settings.username, "Username")->required();
  user_add->add_option("--password", user_add_settings.password,
                       "Password (staff: 8 characters or more; pupils: 4)");
  user_add->add_option("--picture-code", user_add_settings.picture_code,
                       "Pupils: three pictures out of nine instead of a password (3-7-1)");
  user_add
      ->add_option("--role", user_add_settings.role,
                   "platform_admin, country_admin, editor, reviewer, analyst, school_head, "
                   "teacher or pupil")
      ->required();
  user_add
      ->add_option("--scope", user_add_settings.scope,
                   "platform, country:CC, school:CODE or class:ID")
      ->required();
  user_add->add_option("--display-name", user_add_settings.display_name, "Name shown to people");
  user_add->footer(common_help);

  auto* demo_command = app.add_subcommand("demo", "Demo and benchmark data");
  demo_command->require_subcommand(1);
  auto* generate = demo_command->add_subcommand(
      "generate", "Generate a large catalogue of resources placed in the countries' trees");
  generate->add_option("--resources", generate_settings.resources, "How many resources")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  generate->add_option("--seed", generate_settings.seed, "Random seed (same seed, same catalogue)")
      ->capture_default_str();
  generate->add_option("--country", generate_settings.country,
                       "Only this country's subjects (SN); default: every country");
  generate->add_option("--level", generate_settings.level,
                       "Only this level's subjects (cm2); default: every level");
  generate->footer(common_help);

  // Imports and exports of outside formats; each capability adds its subcommands under them.
  auto* import_command = app.add_subcommand("import", "Import outside files (rosters, questions)");
  import_command->require_subcommand(1);
  auto* export_command = app.add_subcommand("export", "Export to outside formats");
  export_command->require_subcommand(1);
  auto* publish_command = app.add_subcommand("publish", "Publish files for outside readers (ZIM)");
  publish_command->require_subcommand(1);
  std::vector<CapabilityCommand> capability_commands;
  // Capability commands (one line each; see app/command_line.hpp):
  capability_commands.push_back(add_import_roster_command(*import_command, common));
  capability_commands.push_back(add_import_questions_command(*import_command, common));
  capability_commands.push_back(add_export_questions_command(*export_command, common));
  capability_commands.push_back(add_export_zim_command(*export_command, common));
  capability_commands.push_back(add_export_booklet_command(*export_command, common));
  capability_commands.push_back(add_publish_zim_command(*publish_command, common));
  capability_commands.push_back(add_changes_command(app, common));
  capability_commands.push_back(add_node_command(app, common));
  capability_commands.push_back(add_hub_command(app, common));
  capability_commands.push_back(add_sync_command(app, common));
  capability_commands.push_back(add_sync_collect_command(app, common));
  capability_commands.push_back(add_sync_apply_command(app, common));
  capability_commands.push_back(add_sync_media_command(app, common));
  capability_commands.push_back(add_backup_command(app, common));
  capability_commands.push_back(add_restore_command(app, common));
  capability_commands.push_back(add_demo_pupils_command(*demo_command, common));
  // -- end of capability commands

  // Common options may follow the subcommand: `imaginecole serve --data DIR`.
  for (auto* sub : {init, serve, migrate, version, user, user_add, demo_command, generate,
                    import_command, export_command, publish_command}) {
    sub->fallthrough();
  }
  for (const auto& command : capability_commands) {
    command.command->fallthrough();
    command.command->footer(common_help);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "imaginecole: %s\n", e.what());
    return 2;
  }

  try {
    if (*init) {
      return run_init(common, demo);
    }
    if (*serve) {
      return run_serve(common, serve_settings);
    }
    if (*migrate) {
      return run_migrate(common);
    }
    if (*version) {
      return run_version();
    }
    if (*user_add) {
      return run_user_add(common, user_add_settings);
    }
    if (*generate) {
      return run_demo_generate(common, generate_settings);
    }
    // A command nested in another's (`sync collect` inside `sync`) wins over its parent.
    const CapabilityCommand* chosen = nullptr;
    for (const auto& command : capability_commands) {
      if (*command.command && (chosen == nullptr || is_inside(command.command, chosen->command))) {
        chosen = &command;
      }
    }
    if (chosen != nullptr) {
      return chosen->run();
    }
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "imaginecole: %s\n", error.what());
    return 2;
  } catch (const InvalidInput& error) {
    std::fprintf(stderr, "imaginecole: %s\n", error.what());
    return 2;
  } catch (const StorageError& error) {
    std::fprintf(stderr, "imaginecole: database error: %s\n", error.what());
    return 3;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "imaginecole: %s\n", error.what());
    return 1;
  }
  return 0;
}

}  // namespace imaginecole::app
