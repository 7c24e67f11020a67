// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole import questions FILE --format gift|moodle-xml|qti --country CC`: a question bank
// into the country's bank as drafts, with a per-question report (text, or JSON with --json:
// {"imported": N, "skipped": [{"index", "name", "reason"}]}, plus "warnings": [{"index",
// "name", "warning"}] only when there are some). QTI: FILE may be an item (pictures beside
// it), a content-package folder or a .zip. Pictures go to the media library. Exit 0 when the
// file was read, even with skipped questions; 2 with a message when it cannot be read
// (nothing written).
// `imaginecole export questions --country CC [--set ID] --format gift|moodle-xml`: the bank
// (or one exercise set) written back out.
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/command_line.hpp"
#include "app/question_media.hpp"
#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "exercises/question_store.hpp"

namespace imaginecole::app {
namespace {

struct ImportQuestionsSettings {
  std::string path;
  std::string format;
  std::string country;
  std::string category;
  bool json = false;
};

struct ExportQuestionsSettings {
  std::string country;
  std::string set;
  std::string format;
  std::string output;
};

std::string upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

void require_country(Platform& platform, const std::string& country) {
  if (!platform.curricula().curriculum(country)) {
    throw InvalidInput("no country with code '" + country + "'");
  }
}

int run_import_questions(const CommonSettings& common, const ImportQuestionsSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  const auto format = exercises::parse_bank_format(settings.format);
  if (!format) {
    throw InvalidInput("--format must be gift, moodle-xml or qti");
  }
  const std::string country = upper(settings.country);
  if (!std::filesystem::exists(settings.path)) {
    throw InvalidInput("cannot read '" + settings.path + "'");
  }
  Platform platform(platform_options(common));
  require_country(platform, country);
  // Parsed before any write: an unreadable file writes nothing, and a question's pictures are
  // stored only once the question is whole.
  exercises::ParsedBank bank;
  try {
    bank = exercises::read_bank_file(
        settings.path, *format,
        question_media_options(platform.media_library(), country, std::string()));
  } catch (const InvalidInput& error) {
    throw InvalidInput(settings.path + ": " + error.what());
  }
  exercises::QuestionStore store(platform.database(), platform.node_id());
  const auto slash = settings.path.find_last_of('/');
  const std::string source =
      settings.format + ":" +
      (slash == std::string::npos ? settings.path : settings.path.substr(slash + 1));
  store.import_bank(
      country, bank, {}, source,
      settings.category.empty() ? std::nullopt : std::optional<std::string>(settings.category));
  if (settings.json) {
    boost::json::array skipped;
    for (const auto& entry : bank.entries) {
      if (!entry.question) {
        skipped.push_back(boost::json::object{
            {"index", entry.index}, {"name", entry.name}, {"reason", entry.reason}});
      }
    }
    boost::json::array warnings;
    for (const auto& entry : bank.entries) {
      for (const auto& warning : entry.warnings) {
        warnings.push_back(boost::json::object{
            {"index", entry.index}, {"name", entry.name}, {"warning", warning}});
      }
    }
    boost::json::object report{{"imported", bank.imported()}, {"skipped", std::move(skipped)}};
    if (!warnings.empty()) {
      report["warnings"] = std::move(warnings);
    }
    std::printf("%s\n", boost::json::serialize(report).c_str());
    return 0;
  }
  for (const auto& entry : bank.entries) {
    if (entry.question) {
      std::string notes;
      for (const auto& note : entry.notes) {
        notes += (notes.empty() ? " (" : "; ") + note;
      }
      if (!notes.empty()) {
        notes += ")";
      }
      std::printf("%4d  imported  %-15s %s%s\n", entry.index,
                  std::string(exercises::type_name(entry.question->type)).c_str(),
                  entry.name.c_str(), notes.c_str());
      for (const auto& warning : entry.warnings) {
        std::printf("          warning: %s\n", warning.c_str());
      }
    } else {
      std::printf("%4d  skipped   %s: %s\n", entry.index, entry.name.c_str(), entry.reason.c_str());
    }
  }
  std::printf("%d imported, %zu skipped, as drafts of %s\n", bank.imported(),
              bank.entries.size() - static_cast<std::size_t>(bank.imported()), country.c_str());
  return 0;
}

int run_export_questions(const CommonSettings& common, const ExportQuestionsSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  const std::string country = upper(settings.country);
  Platform platform(platform_options(common));
  require_country(platform, country);
  exercises::QuestionStore store(platform.database(), platform.node_id());
  std::vector<exercises::Question> questions;
  if (!settings.set.empty()) {
    const auto set_country = store.exercise_set_country(settings.set);
    if (!set_country || *set_country != country) {
      throw InvalidInput("no exercise set '" + settings.set + "' in " + country);
    }
    questions = store.questions_of_set(settings.set);
  } else {
    for (int offset = 0;; offset += 500) {
      const auto page =
          store.list(exercises::QuestionFilter{.country = country, .limit = 500, .offset = offset});
      for (const auto& stored : page) {
        questions.push_back(stored.question);
      }
      if (page.size() < 500) {
        break;
      }
    }
    // Oldest first, grouped by category: the order a teacher would read the bank in.
    std::reverse(questions.begin(), questions.end());
    std::stable_sort(questions.begin(), questions.end(),
                     [](const auto& a, const auto& b) { return a.category < b.category; });
  }
  const exercises::WrittenBank written = settings.format == "gift"
                                             ? exercises::write_gift(questions)
                                             : exercises::write_moodle_xml(questions);
  if (settings.output.empty()) {
    std::fwrite(written.text.data(), 1, written.text.size(), stdout);
  } else {
    std::ofstream out(settings.output, std::ios::binary | std::ios::trunc);
    out << written.text;
    if (!out) {
      throw InvalidInput("cannot write '" + settings.output + "'");
    }
  }
  for (const auto& line : written.left_out) {
    std::fprintf(stderr, "left out: %s\n", line.c_str());
  }
  // What is really in the file: a format that cannot express a type leaves it out, and says
  // so above, rather than counting it.
  std::fprintf(stderr, "%d question(s) exported\n", written.written);
  if (const auto left = questions.size() - static_cast<std::size_t>(written.written); left > 0) {
    std::fprintf(stderr, "%zu question(s) left out (see the lines above)\n", left);
  }
  return 0;
}

}  // namespace

CapabilityCommand add_import_questions_command(CLI::App& import_command,
                                               const CommonSettings& common) {
  auto settings = std::make_shared<ImportQuestionsSettings>();
  auto* command = import_command.add_subcommand(
      "questions", "Import a question bank (GIFT, Moodle XML, QTI 2.1 item) as drafts");
  command->add_option("file", settings->path, "The bank file (QTI: also a package folder or .zip)")
      ->required();
  command->add_option("--format", settings->format, "gift, moodle-xml or qti")
      ->required()
      ->check(CLI::IsMember({"gift", "moodle-xml", "qti"}));
  command->add_option("--country", settings->country, "The country whose bank receives them (SN)")
      ->required();
  command->add_option("--category", settings->category, "Put every question in this category");
  command->add_flag("--json", settings->json, "Print the report as JSON");
  return CapabilityCommand{.command = command, .run = [settings, &common]() {
                             return run_import_questions(common, *settings);
                           }};
}

CapabilityCommand add_export_questions_command(CLI::App& export_command,
                                               const CommonSettings& common) {
  auto settings = std::make_shared<ExportQuestionsSettings>();
  auto* command = export_command.add_subcommand(
      "questions", "Write a country's question bank, or one exercise set, as GIFT or Moodle XML");
  command->add_option("--country", settings->country, "The country (SN)")->required();
  command->add_option("--set", settings->set, "Only the questions of this exercise set (id)");
  command->add_option("--format", settings->format, "gift or moodle-xml")
      ->required()
      ->check(CLI::IsMember({"gift", "moodle-xml"}));
  command->add_option("--output", settings->output, "Write to this file (default: stdout)");
  return CapabilityCommand{.command = command, .run = [settings, &common]() {
                             return run_export_questions(common, *settings);
                           }};
}

}  // namespace imaginecole::app
