// SPDX-License-Identifier: AGPL-3.0-or-later
#include "zim/level_export.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "catalog/page_models.hpp"
#include "catalog/route_helpers.hpp"
#include "core/embedded.hpp"
#include "core/errors.hpp"
#include "exercises/question.hpp"
#include "media/media_library.hpp"
#include "web/content_language.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"
#include "zim/exercise_page.hpp"
#include "zim/illustration.hpp"
#include "zim/link_rewriter.hpp"
#include "zim/zim_file.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(web_static)
IMAGINECOLE_DECLARE_EMBEDDED(zim_assets)

namespace imaginecole::zim {
namespace {

using catalog::CurriculumNode;
using web::localized;
using web::TemplateData;
using web::TemplateList;

constexpr std::string_view kCssPath = "assets/site.css";
constexpr std::string_view kScriptPath = "assets/exercise.js";
constexpr std::string_view kMainPath = "index";

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    throw StorageError("cannot read the media file " + path.string());
  }
  return bytes.str();
}

std::string_view embedded(std::span<const EmbeddedFile> files, std::string_view name) {
  const auto found = find_embedded(files, name);
  if (!found) {
    throw std::logic_error("embedded file missing: " + std::string(name));
  }
  return *found;
}

std::string extension_for(std::string_view type) {
  static const std::map<std::string_view, std::string_view> kExtensions{
      {"image/jpeg", "jpg"}, {"image/png", "png"},  {"image/webp", "webp"}, {"image/gif", "gif"},
      {"audio/mpeg", "mp3"}, {"audio/ogg", "ogg"},  {"audio/wav", "wav"},   {"audio/mp4", "m4a"},
      {"video/mp4", "mp4"},  {"video/webm", "webm"}};
  const auto it = kExtensions.find(type);
  return it == kExtensions.end() ? std::string("bin") : std::string(it->second);
}

// UTF-8 code points, for the metadata's length limits (Title ≤ 30, Description ≤ 80).
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &parts);
  return buffer;
}

std::string iso639_3(std::string_view language) {
  if (language == "en") {
    return "eng";
  }
  if (language == "ar") {
    return "ara";
  }
  return "fra";
}

// A media file the ZIM holds: where, and which stored file fills it.
struct MediaEntry {
  std::string zim_path;
  std::string file_hash;
  std::string type;
};

// Decides which stored file stands for a /media/<hash> of a lesson, and what the Markdown
// renderer is told about it, while the pages are rendered; the files are added afterwards.
class MediaChoice {
 public:
  MediaChoice(media::MediaLibrary& library, const LevelExportOptions& options)
      : library_(library), with_audio_(options.with_audio), with_video_(options.with_video) {}

  std::optional<catalog::MediaInfo> resolve(std::string_view hash) {
    const auto record = library_.find(hash);
    if (!record) {
      return std::nullopt;
    }
    // Left out: a download link without an address, its text stays.
    const catalog::MediaInfo left_out{.type = "application/octet-stream"};
    if (record->type.starts_with("image/")) {
      // The smallest JPEG rendition: every Kiwix reader shows JPEG, and phones fill up.
      const media::Rendition* small = nullptr;
      for (const auto& rendition : record->renditions) {
        if (rendition.type == "image/jpeg" && rendition.width > 0 &&
            (small == nullptr || rendition.width < small->width)) {
          small = &rendition;
        }
      }
      if (small == nullptr) {
        keep(hash, record->hash, record->type);
        return catalog::MediaInfo{
            .type = record->type, .width = record->width, .height = record->height};
      }
      keep(hash, small->hash, small->type);
      const int height =
          record->width > 0 ? record->height * small->width / record->width : small->height;
      return catalog::MediaInfo{.type = small->type, .width = small->width, .height = height};
    }
    if (record->type.starts_with("audio/")) {
      if (!with_audio_) {
        return left_out;
      }
      keep(hash, record->hash, record->type);
      return catalog::MediaInfo{.type = record->type};
    }
    if (record->type.starts_with("video/")) {
      if (!with_video_) {
        return left_out;
      }
      const media::Rendition* light = nullptr;
      for (const auto& rendition : record->renditions) {
        if (rendition.type.starts_with("video/")) {
          light = &rendition;
        }
      }
      const std::string file = light != nullptr ? light->hash : record->hash;
      const std::string type = light != nullptr ? light->type : record->type;
      keep(hash, file, type);
      return catalog::MediaInfo{.type = type, .width = record->width, .height = record->height};
    }
    return left_out;
  }

  std::optional<std::string> path_of(std::string_view hash) const {
    const auto it = entries_.find(std::string(hash));
    return it == entries_.end() ? std::nullopt : std::optional<std::string>(it->second.zim_path);
  }

  const std::map<std::string, MediaEntry>& entries() const { return entries_; }

 private:
  void keep(std::string_view hash, const std::string& file_hash, const std::string& type) {
    entries_[std::string(hash)] =
        MediaEntry{.zim_path = "m/" + file_hash + "." + extension_for(type),
                   .file_hash = file_hash,
                   .type = type};
  }

  media::MediaLibrary& library_;
  bool with_audio_;
  bool with_video_;
  std::map<std::string, MediaEntry> entries_;
};

// The process-wide Markdown media resolver, set for the export and put back afterwards.
class ResolverScope {
 public:
  explicit ResolverScope(MediaChoice& choice) {
    catalog::set_media_resolver([&choice](std::string_view hash) { return choice.resolve(hash); });
  }
  ~ResolverScope() { catalog::set_media_resolver({}); }
  ResolverScope(const ResolverScope&) = delete;
  ResolverScope& operator=(const ResolverScope&) = delete;
};

struct SubjectPart {
  const CurriculumNode* node = nullptr;
  std::vector<catalog::ResourceSummary> resources;
  std::vector<std::pair<const CurriculumNode*, std::vector<catalog::ResourceSummary>>> units;
};

std::vector<catalog::ResourceSummary> all_of(catalog::Library& library,
                                             catalog::ResourceFilter filter) {
  std::vector<catalog::ResourceSummary> out;
  for (filter.page = 1;; ++filter.page) {
    const catalog::ResourceList list = library.resources().list(filter);
    out.insert(out.end(), list.results.begin(), list.results.end());
    if (filter.page >= list.page_count()) {
      return out;
    }
  }
}

class Export {
 public:
  Export(catalog::CurriculumStore& store, catalog::Library& library, media::MediaLibrary& media,
         const LevelExportOptions& options)
      : store_(store),
        library_(library),
        media_(media),
        options_(options),
        choice_(media, options) {}

  LevelExportReport run() {
    const auto started = std::chrono::steady_clock::now();
    find_content();
    ZimFile file(ZimFileOptions{.target = options_.out, .index_language = iso639_3(lang())});
    const ResolverScope resolver(choice_);
    write_pages(file);
    write_media(file);
    write_assets(file);
    write_metadata(file);
    report_.bytes = file.finish();
    report_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report_;
  }

 private:
  const std::string& lang() const { return options_.language; }

  void find_content() {
    code_ = upper(options_.country);
    curriculum_ = store_.curriculum(code_);
    if (!curriculum_) {
      throw InvalidInput("no country with code '" + options_.country + "'");
    }
    level_ = curriculum_->find_level(options_.level);
    if (level_ == nullptr) {
      level_ = curriculum_->find_level(lower(options_.level));  // "CM2" names the slug "cm2"
    }
    if (level_ == nullptr) {
      std::string known;
      for (const CurriculumNode* cycle : curriculum_->cycles()) {
        for (const CurriculumNode* level : curriculum_->children_of(cycle->id)) {
          known += (known.empty() ? "" : ", ") + level->slug;
        }
      }
      throw InvalidInput("no level '" + options_.level + "' in " + code_ + " (levels: " + known +
                         ")");
    }
    for (const CurriculumNode* subject : curriculum_->children_of(level_->id)) {
      const std::string slug = subject->subject_slug.value_or(subject->slug);
      if (options_.subject && *options_.subject != slug && *options_.subject != subject->slug) {
        continue;
      }
      SubjectPart part{.node = subject};
      catalog::ResourceFilter filter{.country = code_, .level = level_->slug, .subject = slug};
      part.resources = all_of(library_, filter);
      for (const CurriculumNode* unit : curriculum_->children_of(subject->id)) {
        filter.unit_id = unit->id;
        part.units.emplace_back(unit, all_of(library_, filter));
      }
      for (const auto& resource : part.resources) {
        if (resource_ids_.insert(resource.id).second) {
          resources_.push_back(resource);
        }
      }
      subjects_.push_back(std::move(part));
    }
    if (options_.subject && subjects_.empty()) {
      throw InvalidInput("no subject '" + *options_.subject + "' at " + code_ + " " + level_->slug);
    }
    if (resources_.empty()) {
      throw InvalidInput("nothing is published for " + code_ + " " + level_->slug +
                         (options_.subject ? " " + *options_.subject : std::string()) +
                         ": no ZIM file written");
    }
  }

  std::string level_base() const { return "/c/" + code_ + "/" + level_->slug; }

  // What a web path of the rendered pages stands for in this file.
  std::optional<std::string> resolve(std::string_view web_path) const {
    const std::string base = level_base();
    if (web_path == base) {
      return std::string(kMainPath);
    }
    if (web_path.starts_with(base + "/")) {
      const std::string_view rest = web_path.substr(base.size() + 1);
      const auto slash = rest.find('/');
      const std::string subject(rest.substr(0, slash));
      if (subject_paths_.contains(subject)) {
        return slash == std::string_view::npos
                   ? "s/" + subject
                   : unit_path(subject, std::string(rest.substr(slash + 1)));
      }
      return std::nullopt;
    }
    if (web_path.starts_with("/r/")) {
      const std::string_view rest = web_path.substr(3);
      const auto slash = rest.find('/');
      const std::string id(rest.substr(0, slash));
      if (slash == std::string_view::npos) {
        return resource_ids_.contains(id) ? std::optional<std::string>("r/" + id) : std::nullopt;
      }
      if (rest.substr(slash) == "/exercise" && exercise_ids_.contains(id)) {
        return "x/" + id;
      }
      return std::nullopt;
    }
    if (web_path.starts_with("/media/")) {
      return choice_.path_of(web_path.substr(7));
    }
    return std::nullopt;
  }

  std::optional<std::string> unit_path(const std::string& subject, const std::string& unit) const {
    const auto key = subject + "/" + unit;
    return unit_paths_.contains(key) ? std::optional<std::string>("u/" + key) : std::nullopt;
  }

  // The web's page, in this file's layout, its links made relative to `path`.
  void add(ZimFile& file, const std::string& path, const web::Page& page,
           bool with_script = false) {
    const std::string content = web::render_template(page.template_name, page.data, lang());
    TemplateData layout;
    layout.set("lang", lang());
    layout.set("dir", lang() == "ar" ? "rtl" : "ltr");
    layout.set("title", page.title);
    if (!page.description.empty()) {
      layout.set("description", page.description);
    }
    layout.set("css_url", relative_url(path, kCssPath));
    layout.set("home_url", relative_url(path, kMainPath));
    layout.set("edition", edition_);
    TemplateList crumbs;
    for (const auto& crumb : page.breadcrumbs) {
      // The site's home and the country's page are not in the file: the trail starts at the
      // level, this file's main page.
      if (!crumb.url.empty() && !resolve(crumb.url)) {
        continue;
      }
      TemplateData item;
      item.set("label", crumb.label);
      if (!crumb.url.empty()) {
        item.set("url", crumb.url);
      }
      crumbs.push_back(std::move(item));
    }
    layout.set("has_breadcrumbs", !crumbs.empty());
    layout.set("breadcrumbs", TemplateData(crumbs));
    if (with_script) {
      layout.set("script_url", relative_url(path, kScriptPath));
    }
    layout.set("content", content);
    const std::string html = web::render_template("zim/templates/layout", layout, lang());
    file.add_page(path, page.title, rewrite_links(html, path, [this](std::string_view web_path) {
                    return resolve(web_path);
                  }));
    ++report_.pages;
  }

  void write_pages(ZimFile& file) {
    const std::string country_name = localized(curriculum_->country.names, lang());
    const std::string level_name = localized(level_->names, lang());
    edition_ = level_name + " · " + country_name;
    for (const auto& part : subjects_) {
      const std::string subject = part.node->slug;
      subject_paths_.insert(subject);
      for (const auto& [unit, resources] : part.units) {
        if (!resources.empty()) {
          unit_paths_.insert(subject + "/" + unit->slug);
        }
      }
    }
    for (const auto& resource : resources_) {
      if (resource.kind == "exercise_set") {
        if (const auto questions = library_.resources().published_questions(resource.id)) {
          auto parsed = exercises::questions_from_json(*questions);
          if (!parsed.empty()) {
            exercise_ids_.insert(resource.id);
            exercise_questions_.emplace(resource.id, std::move(parsed));
          }
        }
      }
    }
    // The main page: the level, its subjects.
    auto level_page = catalog::level_page_model(
        store_, library_,
        catalog::LevelPageQuery{
            .country_code = code_, .level_slug = level_->slug, .language = lang()});
    level_page->breadcrumbs.clear();
    add(file, std::string(kMainPath), *level_page);
    const web::Catalogue& messages = web::Messages::instance().catalogue(lang());
    const catalog::CountryNames names = catalog::country_names(store_, lang());
    for (const auto& part : subjects_) {
      add_subject_page(file, part, nullptr, part.resources, messages, names, country_name,
                       level_name);
      for (const auto& [unit, resources] : part.units) {
        if (!resources.empty()) {
          add_subject_page(file, part, unit, resources, messages, names, country_name, level_name);
        }
      }
    }
    for (const auto& resource : resources_) {
      auto page = catalog::resource_page_model(
          store_, library_,
          catalog::ResourcePageQuery{
              .id = resource.id, .context_country = code_, .language = lang()});
      if (!page) {
        continue;
      }
      add(file, "r/" + resource.id, *page);
      ++report_.resources;
      const auto questions = exercise_questions_.find(resource.id);
      if (questions != exercise_questions_.end()) {
        web::Page exercise;
        exercise.title = resource.title;
        exercise.template_name = "zim/templates/exercise";
        exercise.data = exercise_page_data(resource.title, questions->second);
        exercise.breadcrumbs = page->breadcrumbs;
        exercise.breadcrumbs.back().url = "/r/" + resource.id;
        exercise.breadcrumbs.push_back(
            {std::string(messages.get("zim_exercises_heading")), std::string()});
        add(file, "x/" + resource.id, exercise, true);
        ++report_.exercise_pages;
      }
    }
  }

  // A subject's page (or one unit's), from the web's subject template: every resource on one
  // page (a ZIM has no query strings to page with), units as links to their own pages.
  void add_subject_page(ZimFile& file, const SubjectPart& part, const CurriculumNode* current,
                        const std::vector<catalog::ResourceSummary>& resources,
                        const web::Catalogue& messages, const catalog::CountryNames& names,
                        const std::string& country_name, const std::string& level_name) {
    const std::string subject_name = localized(part.node->names, lang());
    const std::string subject_url = level_base() + "/" + part.node->slug;
    TemplateList units;
    for (const auto& [unit, unit_resources] : part.units) {
      TemplateData item;
      item.set("name", localized(unit->names, lang()));
      item.set("url", subject_url + "/" + unit->slug);
      item.set("current", unit == current);
      units.push_back(std::move(item));
    }
    TemplateList results;
    for (const auto& resource : resources) {
      results.push_back(catalog::resource_item(resource, code_, lang(), names));
    }
    web::Page page;
    page.title = subject_name + " · " + level_name + " · " + country_name;
    page.template_name = "catalog/templates/subject";
    page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                        {country_name, "/c/" + code_},
                        {level_name, level_base()},
                        {subject_name, current == nullptr ? std::string() : subject_url}};
    if (current != nullptr) {
      page.breadcrumbs.push_back({localized(current->names, lang()), std::string()});
      page.title = localized(current->names, lang()) + " · " + page.title;
    }
    page.data.set("name", subject_name);
    page.data.set("level_name", level_name);
    page.data.set("country_name", country_name);
    page.data.set("has_units", !units.empty());
    page.data.set("units", TemplateData(units));
    page.data.set("total", std::to_string(resources.size()));
    page.data.set("has_results", !results.empty());
    page.data.set("results", TemplateData(results));
    add(file,
        current == nullptr ? "s/" + part.node->slug : "u/" + part.node->slug + "/" + current->slug,
        page);
  }

  void write_media(ZimFile& file) {
    std::set<std::string> written;
    for (const auto& [hash, entry] : choice_.entries()) {
      if (!written.insert(entry.zim_path).second) {
        continue;
      }
      const auto path = media_.store().find(entry.file_hash);
      if (!path) {
        throw StorageError("the media file " + entry.file_hash + " is missing from the store");
      }
      file.add_file(entry.zim_path, entry.type, read_file(*path));
      ++report_.media_files;
    }
  }

  void write_assets(ZimFile& file) {
    file.add_file(std::string(kCssPath), "text/css",
                  std::string(embedded(embedded::web_static::files(), "site.css")) + "\n" +
                      std::string(embedded(embedded::zim_assets::files(), "zim.css")));
    file.add_file(std::string(kScriptPath), "application/javascript",
                  std::string(embedded(embedded::zim_assets::files(), "exercise.js")));
  }

  void write_metadata(ZimFile& file) {
    const std::string country_name = localized(curriculum_->country.names, lang());
    const std::string level_name = localized(level_->names, lang());
    std::string subject_name;
    if (options_.subject) {
      subject_name = localized(subjects_.front().node->names, lang());
    }
    std::string title = "Imaginécole " + level_name + " " + country_name;
    if (!subject_name.empty()) {
      title = level_name + " " + subject_name + " (" + code_ + ")";
    }
    if (code_points(title) > 30) {
      title = "Imaginécole " + code_ + " " + level_->slug;
    }
    std::string description = "Leçons et exercices, " + level_name + ", " + country_name +
                              (subject_name.empty() ? "" : ", " + subject_name);
    if (code_points(description) > 80) {
      description = "Leçons et exercices hors ligne, " + code_ + " " + level_->slug;
    }
    std::string name = "imaginecole_" + lower(code_) + "_" + lower(level_->slug);
    if (options_.subject) {
      name += "_" + lower(*options_.subject);
    }
    file.add_metadata("Title", title);
    file.add_metadata("Description", description);
    file.add_metadata("Language", iso639_3(lang()));
    file.add_metadata("Creator", "Imaginécole");
    file.add_metadata("Publisher", "Imaginécole");
    file.add_metadata("Date", today());
    file.add_metadata("Name", name);
    file.add_metadata("Flavour", options_.with_video ? "maxi" : "standard");
    file.add_metadata("Tags", std::string("_category:education;_ftindex:yes;_details:yes;") +
                                  "_pictures:yes;_videos:" + (options_.with_video ? "yes" : "no") +
                                  ";imaginecole;" + lower(code_) + ";" + lower(level_->slug));
    file.add_metadata("Source", "imaginecole");
    file.add_illustration_48(illustration_png_48());
    file.set_main_path(std::string(kMainPath));
  }

  catalog::CurriculumStore& store_;
  catalog::Library& library_;
  media::MediaLibrary& media_;
  const LevelExportOptions& options_;
  MediaChoice choice_;
  std::string code_;
  std::optional<catalog::CountryCurriculum> curriculum_;
  const CurriculumNode* level_ = nullptr;
  std::vector<SubjectPart> subjects_;
  std::vector<catalog::ResourceSummary> resources_;
  std::set<std::string, std::less<>> resource_ids_;
  std::set<std::string, std::less<>> subject_paths_;
  std::set<std::string, std::less<>> unit_paths_;
  std::set<std::string, std::less<>> exercise_ids_;
  std::map<std::string, std::vector<exercises::Question>> exercise_questions_;
  std::string edition_;
  LevelExportReport report_;
};

}  // namespace

LevelExportReport export_level(catalog::CurriculumStore& store, catalog::Library& library,
                               media::MediaLibrary& media, const LevelExportOptions& options) {
  Export job(store, library, media, options);
  return job.run();
}

}  // namespace imaginecole::zim
