// SPDX-License-Identifier: AGPL-3.0-or-later
// The question bank of a country for its editors: search by name or text, newest first, paged,
// with links to change a question, create one and import a file.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "exercises/page_support.hpp"
#include "exercises/pages.hpp"
#include "exercises/question_store.hpp"
#include "web/content_language.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {
namespace {

constexpr int kPageSize = 20;

}  // namespace

http::Response bank_page(QuestionStore& store, accounts::Accounts& accounts,
                         http::Request& request) {
  std::string country = upper_code(request.query_param("country").value_or(""));
  if (country.empty()) {
    // Without ?country=, the first country the person edits (or a refusal like any other).
    accounts::AccessCheck check = accounts.authenticator().check(request, kPagesEditAccess);
    if (!check.allowed()) {
      return web::error_page(request, check.status, check.message);
    }
    country = default_edit_country(*check.signed_in);
  }
  if (!valid_country_code(country)) {
    return web::error_page(request, 400, page_message(request, "exercises_forms_error_country"));
  }
  auto editor = authorize_page(accounts, request, country, false);
  if (editor.refusal) {
    return *editor.refusal;
  }
  const std::string search = request.query_param("q").value_or("").substr(0, 200);
  const int page =
      std::clamp(std::atoi(request.query_param("page").value_or("1").c_str()), 1, 10000);
  QuestionFilter filter{.country = country};
  filter.search = search;
  filter.limit = kPageSize + 1;
  filter.offset = (page - 1) * kPageSize;
  auto found = store.list(filter);
  const bool more = found.size() > static_cast<std::size_t>(kPageSize);
  found.resize(std::min(found.size(), static_cast<std::size_t>(kPageSize)));

  web::TemplateList rows;
  for (const auto& stored : found) {
    web::TemplateData row;
    const Question& q = stored.question;
    row.set("url", "/edit/questions/" + q.id);
    row.set("name", q.name.empty() ? excerpt(q.prompt, 80) : q.name);
    row.set("prompt", excerpt(q.prompt));
    row.set("type", page_message(request, "exercises_type_" + std::string(type_name(q.type))));
    row.set("status", page_message(request, "lang_question_state_" + stored.status));
    row.set("updated_at", web::format_date(stored.updated_at, web::choose_language(request)));
    rows.push_back(std::move(row));
  }
  const std::string base =
      "/edit/questions?country=" + country + (search.empty() ? "" : "&q=" + url_encode(search));
  web::TemplateData data;
  data.set("country", country);
  data.set("country_name", web::country_name(country, web::choose_language(request)));
  data.set("q", search);
  data.set("rows", web::TemplateData(rows));
  data.set("empty", found.empty());
  data.set("new_url", "/edit/questions/new?country=" + country);
  data.set("import_url", "/edit/questions/import?country=" + country);
  data.set("page", std::to_string(page));
  if (page > 1) {
    data.set("previous_url", base + "&page=" + std::to_string(page - 1));
  } else {
    data.set("previous_url", false);
  }
  if (more) {
    data.set("next_url", base + "&page=" + std::to_string(page + 1));
  } else {
    data.set("next_url", false);
  }
  return render_editor_page(request, page_message(request, "exercises_forms_bank_title"),
                            "exercises/templates/bank", std::move(data));
}

}  // namespace imaginecole::exercises
