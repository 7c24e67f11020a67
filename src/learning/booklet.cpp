// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/booklet.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "catalog/markdown.hpp"
#include "learning/answer_key.hpp"
#include "learning/set_questions.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"
#include "web/templates.hpp"

namespace imaginecole::learning {
namespace {

using catalog::CurriculumNode;
using web::localized;
using web::TemplateData;
using web::TemplateList;

// A CSS string literal for a margin box's `content`: quotes and backslashes escaped, and "<"
// written as an escape so a name can never close the <style> element.
std::string css_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '<') {
      out += "\\3c ";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Every published resource placed under the filter, all pages of the list.
std::vector<catalog::ResourceSummary> all_resources(catalog::ResourceStore& resources,
                                                    catalog::ResourceFilter filter) {
  std::vector<catalog::ResourceSummary> out;
  for (filter.page = 1;; ++filter.page) {
    auto list = resources.list(filter);
    for (auto& resource : list.results) {
      out.push_back(std::move(resource));
    }
    if (filter.page >= list.page_count()) {
      return out;
    }
  }
}

// "a,b , c" → {"a", "b", "c"}; "" → {}.
std::vector<std::string> unit_slugs(std::string_view text) {
  std::vector<std::string> slugs;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view slug = text.substr(0, comma);
    while (!slug.empty() && slug.front() == ' ') {
      slug.remove_prefix(1);
    }
    while (!slug.empty() && slug.back() == ' ') {
      slug.remove_suffix(1);
    }
    if (!slug.empty()) {
      slugs.emplace_back(slug);
    }
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return slugs;
}

struct Counters {
  int exercise = 0;  // exercise sets printed so far (numbered through the booklet)
  int lessons = 0;
  int questions = 0;
};

// Paper shows everything: pictures load at once (a lazy picture below the fold is not fetched
// before the page prints) and folded parts (<details>: a worked example, a solution) are open.
std::string for_paper(std::string html) {
  constexpr std::string_view kLazy = " loading=\"lazy\"";
  for (std::size_t at = html.find(kLazy); at != std::string::npos; at = html.find(kLazy, at)) {
    html.erase(at, kLazy.size());
  }
  constexpr std::string_view kFolded = "<details";
  for (std::size_t at = html.find(kFolded); at != std::string::npos;
       at = html.find(kFolded, at + kFolded.size())) {
    const std::size_t after = at + kFolded.size();
    if (after < html.size() && (html[after] == '>' || html[after] == ' ')) {
      html.insert(after, " open");
    }
  }
  return html;
}

TemplateData lesson_item(const catalog::Resource& lesson) {
  TemplateData item;
  item.set("is_lesson", true);
  item.set("title", lesson.title);
  item.set("language", lesson.language);
  item.set("body_html", for_paper(catalog::markdown_to_html(lesson.body)));
  return item;
}

// An exercise set's questions, numbered, with room to answer; its answers go to `keys`.
TemplateData exercise_item(const catalog::ResourceSummary& set,
                           const std::vector<exercises::Question>& questions, Counters& counters,
                           TemplateList& keys) {
  TemplateData item;
  item.set("is_exercise", true);
  item.set("exercise_number", std::to_string(++counters.exercise));
  item.set("title", set.title);
  item.set("language", set.language);
  TemplateList items;
  TemplateList answers;
  int number = 0;
  for (const auto& question : questions) {
    const PaperQuestion paper = paper_question(question);
    TemplateData entry;
    const bool numbered = question.type != exercises::QuestionType::description;
    if (numbered) {
      ++number;
      ++counters.questions;
      entry.set("number", std::to_string(number));
    }
    entry.set("prompt_html", for_paper(catalog::markdown_to_html(paper.prompt)));
    TemplateList choices;
    for (const auto& choice : paper.choices) {
      TemplateData option;
      option.set("html", catalog::markdown_to_html(choice));
      option.set("tick", paper.ticks);
      choices.push_back(std::move(option));
    }
    entry.set("has_choices", !choices.empty());
    entry.set("choices", TemplateData(choices));
    TemplateList lines;
    for (int i = 0; i < paper.answer_lines; ++i) {
      lines.emplace_back(TemplateData{});
    }
    entry.set("lines", TemplateData(lines));
    items.push_back(std::move(entry));
    if (numbered) {
      TemplateData key;
      key.set("number", std::to_string(number));
      key.set("answer_html", catalog::markdown_to_html(paper.answer));
      if (!paper.solution.empty()) {
        key.set("solution_html", catalog::markdown_to_html(paper.solution));
      }
      answers.push_back(std::move(key));
    }
  }
  item.set("questions", TemplateData(items));
  TemplateData key_group;
  key_group.set("exercise_number", std::to_string(counters.exercise));
  key_group.set("title", set.title);
  key_group.set("keys", TemplateData(answers));
  keys.push_back(std::move(key_group));
  return item;
}

// What the cover and the running head say.
struct Cover {
  std::string title;
  std::string heading;     // the subject, or the exam
  std::string subheading;  // the units, or the paper's size; may be empty
  std::string level_name;
  std::string country_name;
};

TemplateData cover_data(const Cover& cover, const std::string& lang, BookletFormat format,
                        const std::string& school, bool for_browser) {
  TemplateData data;
  data.set("lang", lang);
  data.set("dir",
           web::Messages::instance().catalogue(lang).language().right_to_left ? "rtl" : "ltr");
  data.set("title", cover.title);
  data.set("subject_name", cover.heading);
  data.set("unit_name", cover.subheading);
  data.set("has_unit", !cover.subheading.empty());
  data.set("level_name", cover.level_name);
  data.set("country_name", cover.country_name);
  data.set("school", school);
  data.set("has_school", !school.empty());
  const bool a5 = format == BookletFormat::a5;
  data.set("format", a5 ? "a5" : "a4");
  data.set("page_size", a5 ? "A5" : "A4");
  std::string head = cover.country_name;
  for (const std::string* part : {&cover.level_name, &cover.heading, &school}) {
    if (!part->empty()) {
      head += " · " + *part;
    }
  }
  data.set("running_head", css_string(head));
  data.set("for_browser", for_browser);
  return data;
}

void set_content(TemplateData& data, const TemplateList& sections, const TemplateList& keys) {
  data.set("sections", TemplateData(sections));
  data.set("has_content", !sections.empty());
  data.set("key_groups", TemplateData(keys));
  data.set("has_keys", !keys.empty());
}

}  // namespace

std::optional<BookletFormat> parse_booklet_format(std::string_view text) {
  if (text.empty() || text == "a4" || text == "A4") {
    return BookletFormat::a4;
  }
  if (text == "a5" || text == "A5") {
    return BookletFormat::a5;
  }
  return std::nullopt;
}

Booklet render_booklet(storage::Database& database, catalog::CurriculumStore& curricula,
                       catalog::ResourceStore& resources, const BookletRequest& request) {
  Booklet booklet;
  std::string code = request.country;
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto curriculum = curricula.curriculum(code);
  const auto refuse = [&booklet](std::string message) {
    booklet.status = 404;
    booklet.error = std::move(message);
    return booklet;
  };
  if (!curriculum) {
    return refuse("no country with code '" + request.country + "'");
  }
  const CurriculumNode* level = curriculum->find_level(request.level);
  if (level == nullptr) {
    return refuse("no level '" + request.level + "' in " + code);
  }
  const CurriculumNode* subject = nullptr;
  for (const CurriculumNode* child : curriculum->children_of(level->id)) {
    if (child->kind == catalog::NodeKind::subject && child->slug == request.subject) {
      subject = child;
    }
  }
  if (subject == nullptr) {
    return refuse("no subject '" + request.subject + "' at level " + request.level + " in " + code);
  }
  const std::vector<std::string> wanted_units = unit_slugs(request.unit);
  std::vector<const CurriculumNode*> units;
  for (const CurriculumNode* child : curriculum->children_of(subject->id)) {
    if (child->kind == catalog::NodeKind::unit && !child->retired &&
        (wanted_units.empty() ||
         std::find(wanted_units.begin(), wanted_units.end(), child->slug) != wanted_units.end())) {
      units.push_back(child);
    }
  }
  for (const std::string& slug : wanted_units) {
    if (std::none_of(units.begin(), units.end(),
                     [&slug](const CurriculumNode* unit) { return unit->slug == slug; })) {
      std::string reason = "no unit '";
      reason.append(slug).append("' in ").append(code).append(" ").append(request.level);
      return refuse(reason.append(" ").append(request.subject));
    }
  }

  const std::string& lang = request.language;
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const catalog::ResourceFilter base{.country = code,
                                     .level = level->slug,
                                     .subject = subject->subject_slug.value_or(subject->slug)};
  // Sections: each unit in the curriculum's order, then (for the whole subject) what is placed
  // at the subject itself. A resource prints once, in its first section.
  std::vector<std::pair<std::string, std::vector<catalog::ResourceSummary>>> sections;
  std::set<std::string> printed;
  for (const CurriculumNode* unit : units) {
    catalog::ResourceFilter filter = base;
    filter.unit_id = unit->id;
    sections.emplace_back(localized(unit->names, lang), all_resources(resources, filter));
  }
  if (request.unit.empty()) {
    sections.emplace_back(
        units.empty() ? std::string() : std::string(messages.get("print_booklet_other")),
        all_resources(resources, base));
  }

  Counters counters;
  TemplateList section_list;
  TemplateList keys;
  auto connection = database.read();
  for (auto& [name, list] : sections) {
    // Lessons first, then their exercises, each in the tree's order.
    std::stable_partition(list.begin(), list.end(), [](const catalog::ResourceSummary& resource) {
      return resource.kind != "exercise_set";
    });
    TemplateList items;
    for (const auto& summary : list) {
      if (!printed.insert(summary.id).second) {
        continue;
      }
      if (summary.kind == "exercise_set") {
        const auto questions = published_questions(*connection, summary.id);
        if (questions.empty()) {
          continue;
        }
        items.push_back(exercise_item(summary, questions, counters, keys));
      } else if (summary.kind == "lesson") {
        const auto lesson = resources.find_published(summary.id);
        if (lesson) {
          ++counters.lessons;
          items.push_back(lesson_item(*lesson));
        }
      }
    }
    if (items.empty()) {
      continue;
    }
    TemplateData section;
    section.set("name", name);
    section.set("has_name", !name.empty());
    section.set("items", TemplateData(items));
    section_list.push_back(std::move(section));
  }

  const std::string country_name = localized(curriculum->country.names, lang);
  const std::string level_name = localized(level->names, lang);
  const std::string subject_name = localized(subject->names, lang);
  std::string unit_name;
  if (!wanted_units.empty()) {
    for (const CurriculumNode* unit : units) {
      unit_name += (unit_name.empty() ? "" : ", ") + localized(unit->names, lang);
    }
  }
  booklet.title = subject_name + (unit_name.empty() ? "" : " · " + unit_name) + " · " + level_name +
                  " · " + country_name;
  TemplateData data = cover_data(Cover{.title = booklet.title,
                                       .heading = subject_name,
                                       .subheading = unit_name,
                                       .level_name = level_name,
                                       .country_name = country_name},
                                 lang, request.format, request.school, request.for_browser);
  const std::string subject_url = "/c/" + code + "/" + level->slug + "/" + subject->slug;
  std::string query;
  for (const CurriculumNode* unit : units) {
    if (!wanted_units.empty()) {
      query += (query.empty() ? "unit=" : ",") + unit->slug;
    }
  }
  query += query.empty() ? "" : "&";
  data.set("back_url",
           subject_url + (wanted_units.size() == 1 ? "?unit=" + wanted_units.front() : ""));
  data.set("a4_url", subject_url + "/booklet?" + query + "format=a4");
  data.set("a5_url", subject_url + "/booklet?" + query + "format=a5");
  set_content(data, section_list, keys);
  booklet.html = web::render_template("learning/templates/booklet", data, lang);
  booklet.lessons = counters.lessons;
  booklet.exercise_sets = counters.exercise;
  booklet.questions = counters.questions;
  return booklet;
}

Booklet render_paper_booklet(const PaperBookletRequest& request) {
  Booklet booklet;
  const std::string& lang = request.language;
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  Counters counters;
  TemplateList keys;
  const catalog::ResourceSummary paper{.id = {},
                                       .kind = "exercise_set",
                                       .title = std::string(messages.get("print_paper_questions")),
                                       .language = lang};
  TemplateList items;
  items.push_back(exercise_item(paper, request.questions, counters, keys));
  TemplateData section;
  section.set("name", std::string());
  section.set("has_name", false);
  section.set("items", TemplateData(items));
  const TemplateList sections = {section};

  const std::string size = std::to_string(counters.questions);
  const std::string heading = request.exam_code + " · " + request.exam_name;
  std::string subheading(messages.get("print_paper_subheading"));
  for (const auto& [name, value] :
       {std::pair{std::string("{n}"), size},
        std::pair{std::string("{seed}"), std::to_string(request.seed)}}) {
    for (std::size_t at = subheading.find(name); at != std::string::npos;
         at = subheading.find(name, at + value.size())) {
      subheading.replace(at, name.size(), value);
    }
  }
  booklet.title = heading + " · " + subheading + " · " + request.country_name;
  TemplateData data = cover_data(Cover{.title = booklet.title,
                                       .heading = heading,
                                       .subheading = subheading,
                                       .level_name = {},
                                       .country_name = request.country_name},
                                 lang, request.format, request.school, request.for_browser);
  const std::string paper_url = "/examens/" + request.country + "/" + request.exam_code +
                                "/epreuve?n=" + size + "&seed=" + std::to_string(request.seed);
  const std::string booklet_url = "/examens/" + request.country + "/" + request.exam_code +
                                  "/epreuve/booklet?n=" + size +
                                  "&seed=" + std::to_string(request.seed) + "&format=";
  data.set("back_url", paper_url);
  data.set("a4_url", booklet_url + "a4");
  data.set("a5_url", booklet_url + "a5");
  set_content(data, sections, keys);
  booklet.html = web::render_template("learning/templates/booklet", data, lang);
  booklet.exercise_sets = 1;
  booklet.questions = counters.questions;
  return booklet;
}

}  // namespace imaginecole::learning
