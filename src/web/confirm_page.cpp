// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/confirm_page.hpp"

#include "web/i18n.hpp"

namespace imaginecole::web {

http::Response confirmation_page(const http::Request& request, const Confirmation& confirmation) {
  Page page;
  page.title = confirmation.title;
  page.template_name = "web/templates/confirm";
  page.breadcrumbs = confirmation.breadcrumbs;
  page.breadcrumbs.push_back({confirmation.title, ""});
  page.data.set("title", confirmation.title);
  page.data.set("subject", confirmation.subject);
  page.data.set("explain", confirmation.explain);
  page.data.set("action", confirmation.action);
  page.data.set("csrf_token", confirmation.csrf_token);
  page.data.set("cancel_url", confirmation.cancel_url);
  TemplateList fields;
  for (const auto& [name, value] : confirmation.fields) {
    TemplateData field;
    field.set("name", name);
    field.set("value", value);
    fields.push_back(std::move(field));
  }
  page.data.set("fields", TemplateData(fields));
  http::Response response = render_page(request, page);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace imaginecole::web
