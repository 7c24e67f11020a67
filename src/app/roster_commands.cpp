// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole import roster PATH --format oneroster|class-csv`: the bulk import of pupils and
// teachers from the command line. Prints the per-row plan (a table, or JSON with --json);
// writes only when the plan has no error and --dry-run is not given.
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/command_line.hpp"
#include "classroom/roster_import.hpp"
#include "core/errors.hpp"

namespace imaginecole::app {
namespace {

struct RosterSettings {
  std::string path;
  std::string format;
  std::string country;
  std::string school;
  std::string class_ref;
  bool dry_run = false;
  bool remove_absent = false;
  bool json = false;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InvalidInput("cannot read '" + path + "'");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// --class ID, or --school CODE with --class NAME (or ID).
std::string resolve_class(Platform& platform, const RosterSettings& settings) {
  if (settings.class_ref.empty()) {
    throw InvalidInput("--format class-csv needs --class (an id, or a name with --school CODE)");
  }
  auto& schools = platform.accounts().schools();
  if (settings.school.empty()) {
    if (!schools.class_by_id(settings.class_ref)) {
      throw InvalidInput("no class with id '" + settings.class_ref + "'");
    }
    return settings.class_ref;
  }
  const auto school = schools.school_by_code(settings.school);
  if (!school) {
    throw InvalidInput("no school with code '" + settings.school + "'");
  }
  for (const auto& school_class : schools.classes_of(school->id)) {
    if (school_class.id == settings.class_ref || school_class.name == settings.class_ref) {
      return school_class.id;
    }
  }
  throw InvalidInput("school " + school->code + " has no class '" + settings.class_ref + "'");
}

int run_import_roster(const CommonSettings& common, const RosterSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  if (settings.format == "oneroster" && settings.country.empty()) {
    throw InvalidInput("--format oneroster needs --country CC (the country of its schools)");
  }
  Platform platform(platform_options(common));
  classroom::RosterImporter importer(platform.accounts(), platform.node_id());
  const bool apply = !settings.dry_run;
  classroom::RosterPlan plan;
  if (settings.format == "oneroster") {
    plan = importer.import_oneroster(
        classroom::OneRosterImport{.files = classroom::read_oneroster_folder(settings.path),
                                   .country_code = settings.country,
                                   .remove_absent = settings.remove_absent,
                                   .actor_id = std::nullopt,
                                   .remote_address = "cli"},
        apply);
  } else {
    const std::string class_id = resolve_class(platform, settings);
    const auto slash = settings.path.find_last_of('/');
    plan = importer.import_class_list(
        classroom::ClassListImport{.csv = read_file(settings.path),
                                   .file_name = slash == std::string::npos
                                                    ? settings.path
                                                    : settings.path.substr(slash + 1),
                                   .class_id = class_id,
                                   .remove_absent = settings.remove_absent,
                                   .actor_id = std::nullopt,
                                   .remote_address = "cli"},
        apply);
  }
  if (settings.json) {
    std::printf("%s\n", boost::json::serialize(classroom::plan_json(plan)).c_str());
  } else {
    std::fputs(classroom::plan_text(plan).c_str(), stdout);
  }
  if (!plan.ok()) {
    std::fprintf(stderr, "imaginecole: the import has %zu error(s); nothing was written\n",
                 plan.errors.size());
    return 2;
  }
  return 0;
}

}  // namespace

CapabilityCommand add_import_roster_command(CLI::App& import_command,
                                            const CommonSettings& common) {
  auto settings = std::make_shared<RosterSettings>();
  auto* roster = import_command.add_subcommand(
      "roster", "Import pupils and teachers: a class list (CSV) or a OneRoster 1.1 CSV folder");
  roster->add_option("path", settings->path, "The CSV file, or the OneRoster folder")->required();
  roster->add_option("--format", settings->format, "oneroster or class-csv")
      ->required()
      ->check(CLI::IsMember({"oneroster", "class-csv"}));
  roster->add_option("--country", settings->country, "OneRoster: the country of the schools (SN)");
  roster->add_option("--school", settings->school,
                     "class-csv: the school code (with --class NAME)");
  roster->add_option("--class", settings->class_ref, "class-csv: the class id, or its name");
  roster->add_flag("--dry-run", settings->dry_run, "Show what would change; write nothing");
  roster->add_flag("--remove-absent", settings->remove_absent,
                   "Disable accounts absent from the file (never deleted)");
  roster->add_flag("--json", settings->json, "Print the report as JSON");
  return CapabilityCommand{.command = roster, .run = [settings, &common]() {
                             return run_import_roster(common, *settings);
                           }};
}

}  // namespace imaginecole::app
