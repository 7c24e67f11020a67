// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole demo pupils --school CODE --count N`: many pupils for the classroom benchmark
// (bench/classroom_bench.sh), in new classes of --class-size pupils of an existing school.
// Every pupil gets the same published password, hashed ONCE: Argon2id takes ~60 ms a hash, so
// hashing 10,000 passwords one by one would take ten minutes of one core. Like the demo
// accounts, these share a public password: never run it on a server that holds real pupils.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "accounts/accounts.hpp"
#include "accounts/user_provisioning.hpp"
#include "app/command_line.hpp"
#include "core/errors.hpp"
#include "storage/database.hpp"

namespace imaginecole::app {
namespace {

struct DemoPupilsSettings {
  std::string school;
  int count = 0;
  int class_size = 40;
  std::string prefix = "eleve";
  std::string password;
  std::string level = "cm2";
};

int run_demo_pupils(const CommonSettings& common, const DemoPupilsSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  if (settings.password.size() < accounts::kMinPupilPasswordLength) {
    throw InvalidInput("--password must have at least " +
                       std::to_string(accounts::kMinPupilPasswordLength) + " characters");
  }
  const auto started = std::chrono::steady_clock::now();
  Platform platform(platform_options(common));
  auto& accounts = platform.accounts();
  const auto school = accounts.schools().school_by_code(settings.school);
  if (!school) {
    throw InvalidInput("no school with code '" + settings.school + "'");
  }
  if (accounts.users().pupil_by_username(school->id, settings.prefix + "1")) {
    throw InvalidInput("school " + school->code + " already has a pupil " + settings.prefix +
                       "1: choose another --prefix");
  }
  const int classes = (settings.count + settings.class_size - 1) / settings.class_size;
  const std::string password_hash = accounts.hasher().hash(settings.password);
  int created = 0;
  for (int c = 0; c < classes; ++c) {
    accounts::SchoolClass school_class{.id = {},
                                       .school_id = school->id,
                                       .name = settings.prefix + " " + std::to_string(c + 1),
                                       .level_slug = settings.level,
                                       .join_code = std::nullopt};
    {
      auto connection = accounts.database().write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      accounts.schools().insert_class(*connection, school_class);
      transaction.commit();
    }
    for (int p = 0; p < settings.class_size && created < settings.count; ++p) {
      const std::string username = settings.prefix + std::to_string(created + 1);
      const auto pupil = accounts.provisioning().add(accounts::NewUser{
          .username = username,
          .display_name = {},
          .password = settings.password,
          .picture_code = std::nullopt,
          .role = "pupil",
          .scope = "class:" + school_class.id,
          .preferred_language = "fr",
          .actor_id = std::nullopt,
          .remote_address = {},
          .password_hash = password_hash,
          .picture_code_hash = std::nullopt,
      });
      if (!pupil) {
        throw InvalidInput("pupil " + username + ": " + pupil.error());
      }
      ++created;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("Created %d classes and %d pupils (%s1 to %s%d) in school %s in %.1f s.\n", classes,
              created, settings.prefix.c_str(), settings.prefix.c_str(), created,
              school->code.c_str(), seconds);
  return 0;
}

}  // namespace

CapabilityCommand add_demo_pupils_command(CLI::App& demo_command, const CommonSettings& common) {
  auto settings = std::make_shared<DemoPupilsSettings>();
  auto* pupils = demo_command.add_subcommand(
      "pupils", "Many pupils sharing one published password, in new classes (benchmarks)");
  pupils->add_option("--school", settings->school, "The school code (DKR001 in the demo)")
      ->required();
  pupils->add_option("--count", settings->count, "How many pupils")
      ->required()
      ->check(CLI::Range(1, 1000000));
  pupils->add_option("--class-size", settings->class_size, "Pupils per new class")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  pupils->add_option("--prefix", settings->prefix, "Usernames are PREFIX1, PREFIX2, ...")
      ->check([](const std::string& text) {
        for (const char c : text) {
          if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return std::string("lower case letters and digits only");
          }
        }
        return text.empty() ? std::string("must not be empty") : std::string();
      })
      ->capture_default_str();
  pupils->add_option("--password", settings->password, "Every pupil's password (public!)")
      ->required();
  pupils->add_option("--level", settings->level, "The new classes' level slug")
      ->capture_default_str();
  return CapabilityCommand{.command = pupils, .run = [settings, &common]() {
                             return run_demo_pupils(common, *settings);
                           }};
}

}  // namespace imaginecole::app
