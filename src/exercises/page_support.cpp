// SPDX-License-Identifier: AGPL-3.0-or-later
#include "exercises/page_support.hpp"

#include <algorithm>
#include <cctype>

#include "accounts/permissions.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::exercises {

PageEditor authorize_page(accounts::Accounts& accounts, const http::Request& request,
                          std::string_view country, bool hide_as_404) {
  PageEditor out;
  accounts::AccessCheck check = accounts.authenticator().check(request, kPagesEditAccess);
  if (!check.allowed()) {
    out.refusal = web::error_page(request, check.status, check.message);
    return out;
  }
  const accounts::ScopePath scope{.country_code = std::string(country)};
  if (country.empty() || !accounts::is_allowed(check.signed_in->principal(),
                                               accounts::Permission::content_edit, scope)) {
    out.refusal = hide_as_404
                      ? web::error_page(request, 404,
                                        page_message(request, "exercises_forms_error_no_question"))
                      : web::error_page(request, 403,
                                        page_message(request, "exercises_forms_error_not_yours"));
    return out;
  }
  out.who = std::move(check.signed_in);
  return out;
}

std::string page_message(const http::Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

http::Response render_editor_page(const http::Request& request, const std::string& title,
                                  const std::string& template_name, web::TemplateData data,
                                  int status, const std::string& parent_label,
                                  const std::string& parent_url) {
  web::Page page;
  page.title = title;
  page.template_name = template_name;
  page.data = std::move(data);
  page.status = status;
  page.breadcrumbs = {{page_message(request, "home_title"), "/"}};
  if (!parent_label.empty()) {
    page.breadcrumbs.push_back({parent_label, parent_url});
  }
  page.breadcrumbs.push_back({title, ""});
  http::Response response = web::render_page(request, page);
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string upper_code(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

bool valid_country_code(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string default_edit_country(const accounts::SignedIn& who) {
  for (const auto& grant : who.grants) {
    if (grant.scope.kind == accounts::ScopeKind::country &&
        accounts::is_allowed(who.principal(), accounts::Permission::content_edit,
                             accounts::ScopePath{.country_code = grant.scope.id})) {
      return grant.scope.id;
    }
  }
  return {};
}

std::string url_encode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out += '%';
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    }
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) {
    return std::string(text);
  }
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace imaginecole::exercises
