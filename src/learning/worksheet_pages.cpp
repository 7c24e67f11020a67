// SPDX-License-Identifier: AGPL-3.0-or-later
// A printable worksheet of an exercise set for a class: GET /classes/{id}/worksheets/{resource}
// shows the school's and class's names, the questions numbered with room to answer on paper,
// then the answer key on a page of its own (print rules in site.css). Maths prints as MathML.
#include "catalog/markdown.hpp"
#include "learning/answer_key.hpp"
#include "learning/set_questions.hpp"
#include "learning/teaching_routes.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

using accounts::Permission;
using http::Request;
using http::Response;

Response show_worksheet(Teaching& teaching, Request& request) {
  const auto access = teacher_access(teaching, request, "pupils.read", Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string resource_id = request.path_param("resource").value_or("");
  const auto resource = teaching.resources.find_published(resource_id);
  std::vector<exercises::Question> questions;
  if (resource && resource->kind == "exercise_set") {
    auto connection = teaching.database.read();
    questions = published_questions(*connection, resource_id);
  }
  if (!resource || resource->kind != "exercise_set") {
    return no_store(
        web::error_page(request, 404, teaching_message(request, "teaching_no_worksheet")));
  }
  const classroom::ClassView& view = *access.view;
  web::Page page;
  page.title = resource->title + " · " + view.school_class.name;
  page.template_name = "learning/templates/worksheet";
  page.data.set("css_url", teaching_css_url());
  page.breadcrumbs = {{teaching_message(request, "classroom_classes_title"), "/classes"},
                      {view.school_class.name, "/classes/" + view.school_class.id},
                      {teaching_message(request, "teaching_assignments"),
                       "/classes/" + view.school_class.id + "/assignments"},
                      {resource->title, ""}};
  page.data.set("title", resource->title);
  page.data.set("language", resource->language);
  page.data.set("class_name", view.school_class.name);
  page.data.set("school_name", view.school.name);
  web::TemplateList items;
  web::TemplateList keys;
  int number = 0;
  for (const auto& question : questions) {
    const PaperQuestion paper = paper_question(question);
    web::TemplateData item;
    const bool numbered = question.type != exercises::QuestionType::description;
    if (numbered) {
      ++number;
      item.set("number", std::to_string(number));
    }
    item.set("prompt_html", catalog::markdown_to_html(paper.prompt));
    web::TemplateList choices;
    for (const auto& choice : paper.choices) {
      web::TemplateData entry;
      entry.set("html", catalog::markdown_to_html(choice));
      entry.set("tick", paper.ticks);
      choices.push_back(std::move(entry));
    }
    item.set("has_choices", !choices.empty());
    item.set("choices", web::TemplateData(choices));
    web::TemplateList lines;
    for (int i = 0; i < paper.answer_lines; ++i) {
      lines.emplace_back(web::TemplateData{});
    }
    item.set("lines", web::TemplateData(lines));
    items.push_back(std::move(item));
    if (numbered) {
      web::TemplateData key;
      key.set("number", std::to_string(number));
      key.set("answer_html", catalog::markdown_to_html(paper.answer));
      if (!paper.solution.empty()) {
        key.set("solution_html", catalog::markdown_to_html(paper.solution));
      }
      keys.push_back(std::move(key));
    }
  }
  page.data.set("questions", web::TemplateData(items));
  page.data.set("keys", web::TemplateData(keys));
  return no_store(web::render_page(request, page));
}

}  // namespace

void register_worksheet_pages(http::Router& router, Teaching& teaching) {
  router.get(
      "/classes/{id}/worksheets/{resource}",
      [&teaching](Request& request) { return show_worksheet(teaching, request); },
      http::RouteOptions{.access = "pupils.read", .blocking = true});
}

}  // namespace imaginecole::learning
