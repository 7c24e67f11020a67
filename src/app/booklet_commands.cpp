// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole export booklet --country CC --level L --subject S [--unit U[,U2…]] [--format
// a4|a5] [--school NAME] --out FILE.pdf`, or `--country CC --exam CODE [--questions N] [--seed S]`
// for a mock paper: the booklet's print page (learning/booklet.hpp) made into a
// PDF by headless Chromium (decision 0035), for a district office that prints hundreds. The
// pictures are read from the media folder (file:// URLs), never over the network. The PDF
// reaches FILE only whole (fsync, then rename): unknown country, level, subject or unit, or a
// failed conversion, exit 2 with a message and leave no file.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/command_line.hpp"
#include "core/errors.hpp"
#include "learning/booklet.hpp"
#include "learning/exam_practice.hpp"
#include "media/child_process.hpp"
#include "media/durable_file.hpp"
#include "media/media_store.hpp"
#include "web/page.hpp"

namespace imaginecole::app {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::minutes kConversionDeadline{5};

struct ExportBookletSettings {
  std::string country;
  std::string level;
  std::string subject;
  std::string unit;
  std::string exam;  // a mock paper of this exam instead of a subject
  std::size_t questions = 20;
  std::uint64_t seed = 1;
  std::string format = "a4";
  std::string school;
  std::string out;
};

bool is_hex_hash(std::string_view text) {
  if (text.size() != 64) {
    return false;
  }
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// "/media/<hash>" in src and srcset attributes → the file in the media folder, so Chromium
// reads pictures from disk. A hash the folder lacks keeps its URL (a missing picture, as on
// the web page).
std::string pictures_from_disk(const std::string& html, const media::MediaStore& store) {
  constexpr std::string_view kPrefix = "\"/media/";
  constexpr std::string_view kSrcsetPrefix = " /media/";
  constexpr std::string_view kListPrefix = ",/media/";
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t found = std::string::npos;
    std::size_t prefix_size = 0;
    for (const std::string_view prefix : {kPrefix, kSrcsetPrefix, kListPrefix}) {
      const std::size_t where = html.find(prefix, at);
      if (where < found) {
        found = where;
        prefix_size = prefix.size();
      }
    }
    if (found == std::string::npos) {
      break;
    }
    const std::size_t hash_at = found + prefix_size;
    const std::string hash = html.substr(hash_at, 64);
    const auto path = is_hex_hash(hash) ? store.find(hash) : std::nullopt;
    out.append(html, at, hash_at - at);
    if (path) {
      out.resize(out.size() - std::string_view("/media/").size());
      out += "file://" + fs::absolute(*path).string();
      at = hash_at + 64;
    } else {
      at = hash_at;
    }
  }
  out.append(html, at, std::string::npos);
  return out;
}

std::string chromium_program() {
  const char* named = std::getenv("IMAGINECOLE_CHROMIUM");
  return named != nullptr && *named != '\0' ? named : "/usr/bin/chromium";
}

// A scratch folder removed with everything in it when the export ends, done or not.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (fs::temp_directory_path() / "imaginecole-booklet-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary folder in " +
                               fs::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Prints `html_file` to `pdf_file` with headless Chromium; InvalidInput with Chromium's last
// words when it fails.
void print_to_pdf(const fs::path& html_file, const fs::path& pdf_file, const fs::path& scratch) {
  std::vector<std::string> args = {chromium_program(),
                                   "--headless",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-extensions",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + (scratch / "profile").string(),
                                   "--print-to-pdf=" + pdf_file.string()};
  // Chromium refuses its sandbox to root (containers, a school server's service run as root);
  // the page is our own, read from disk.
  if (::geteuid() == 0) {
    args.emplace_back("--no-sandbox");
  }
  args.push_back("file://" + fs::absolute(html_file).string());
  const fs::path log = scratch / "chromium.log";
  media::Child child;
  try {
    child = media::spawn(args, log);
  } catch (const std::runtime_error& error) {
    throw InvalidInput(
        "cannot start " + args.front() +
        " (install the chromium package, or name it in IMAGINECOLE_CHROMIUM): " + error.what());
  }
  const int status = media::finish(
      child, [](std::string_view) {}, kConversionDeadline);
  std::error_code ec;
  if (status != 0 || !fs::exists(pdf_file, ec) || fs::file_size(pdf_file, ec) == 0) {
    throw InvalidInput("Chromium could not print the booklet (exit " + std::to_string(status) +
                       "): " + media::last_line(log));
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The mock paper `--exam` of `--questions` questions drawn by `--seed`: the paper the web shows
// at /examens/{country}/{exam}/epreuve?n=&seed=.
learning::Booklet mock_paper_booklet(Platform& platform, const ExportBookletSettings& settings,
                                     learning::BookletFormat format) {
  std::string country = settings.country;
  std::transform(country.begin(), country.end(), country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  learning::ExamPractice& practice = platform.exam_practice();
  const auto exam = practice.exam(country, settings.exam);
  if (!exam) {
    throw InvalidInput("no exam '" + settings.exam + "' in " + country);
  }
  if (settings.questions < 1 || settings.questions > learning::kMaxPaperQuestions) {
    throw InvalidInput("--questions must be from 1 to " +
                       std::to_string(learning::kMaxPaperQuestions));
  }
  const auto drawn =
      learning::draw_paper(practice.pool(country, exam->code), settings.seed, settings.questions);
  if (drawn.empty()) {
    throw InvalidInput("no published question prepares " + exam->code + " in " + country + " yet");
  }
  learning::PaperBookletRequest paper{.country = country,
                                      .country_name = practice.country_name(country, "fr"),
                                      .exam_code = exam->code,
                                      .exam_name = web::localized(exam->names, "fr"),
                                      .questions = {},
                                      .seed = settings.seed,
                                      .format = format,
                                      .language = "fr",
                                      .school = settings.school,
                                      .for_browser = false};
  for (const auto& question : drawn) {
    paper.questions.push_back(question.question);
  }
  return learning::render_paper_booklet(paper);
}

int run_export_booklet(const CommonSettings& common, const ExportBookletSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  const auto format = learning::parse_booklet_format(settings.format);
  if (!format) {
    throw InvalidInput("--format must be a4 or a5");
  }
  const fs::path out = fs::absolute(settings.out);
  std::error_code ec;
  if (!fs::is_directory(out.parent_path(), ec)) {
    throw InvalidInput("no folder " + out.parent_path().string() + " to write " +
                       out.filename().string() + " in");
  }
  if (settings.exam.empty() && (settings.level.empty() || settings.subject.empty())) {
    throw InvalidInput(
        "say which booklet: --level and --subject (a subject or its units), or "
        "--exam (a mock paper)");
  }
  Platform platform(platform_options(common));
  const learning::Booklet booklet =
      settings.exam.empty()
          ? learning::render_booklet(platform.database(), platform.curricula(),
                                     platform.library().resources(),
                                     learning::BookletRequest{.country = settings.country,
                                                              .level = settings.level,
                                                              .subject = settings.subject,
                                                              .unit = settings.unit,
                                                              .format = *format,
                                                              .language = "fr",
                                                              .school = settings.school,
                                                              .for_browser = false})
          : mock_paper_booklet(platform, settings, *format);
  if (booklet.html.empty()) {
    throw InvalidInput(booklet.error);
  }
  const ScratchFolder scratch;
  const fs::path html_file = scratch.path() / "booklet.html";
  {
    std::ofstream html(html_file, std::ios::binary);
    html << pictures_from_disk(booklet.html, platform.media());
    if (!html) {
      throw std::runtime_error("cannot write " + html_file.string());
    }
  }
  const fs::path pdf_file = scratch.path() / "booklet.pdf";
  print_to_pdf(html_file, pdf_file, scratch.path());
  const std::string pdf = read_file(pdf_file);
  if (pdf.rfind("%PDF-", 0) != 0) {
    throw InvalidInput("Chromium wrote something that is not a PDF");
  }
  media::TemporaryFile temporary(out.parent_path());
  temporary.write(pdf);
  temporary.commit_as(out);
  std::printf("%s: %s, %d lessons, %d exercise sets, %d questions, %zu bytes\n",
              out.string().c_str(), booklet.title.c_str(), booklet.lessons, booklet.exercise_sets,
              booklet.questions, pdf.size());
  return 0;
}

}  // namespace

CapabilityCommand add_export_booklet_command(CLI::App& export_command,
                                             const CommonSettings& common) {
  auto settings = std::make_shared<ExportBookletSettings>();
  auto* command = export_command.add_subcommand(
      "booklet",
      "A printable PDF booklet of a subject, a unit, a term's units, or a mock exam paper: "
      "lessons, exercises, answer key");
  command->add_option("--country", settings->country, "The country (SN)")->required();
  command->add_option("--level", settings->level, "The level's slug (cm2)");
  command->add_option("--subject", settings->subject, "The subject's slug (mathematiques)");
  command->add_option("--unit", settings->unit,
                      "Only this unit (its slug), or a term's units separated by commas");
  command->add_option("--exam", settings->exam,
                      "A mock paper of this exam (CFEE) instead of a subject");
  command->add_option("--questions", settings->questions, "The mock paper's size (20)");
  command->add_option("--seed", settings->seed,
                      "Which paper: the seed in the web paper's address (1)");
  command->add_option("--format", settings->format, "a4 (default) or a5");
  command->add_option("--school", settings->school, "The school's name for the cover");
  command->add_option("--out", settings->out, "The PDF file to write")->required();
  return CapabilityCommand{.command = command, .run = [settings, &common]() {
                             return run_export_booklet(common, *settings);
                           }};
}

}  // namespace imaginecole::app
