// SPDX-License-Identifier: AGPL-3.0-or-later
// What the editors' pages of the question bank share (the question form, the bank list, the
// composition of an exercise set): the permission check at a country's scope, refusals that
// never confirm another country's ids, page rendering and messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "accounts/accounts.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/templates.hpp"

namespace imaginecole::exercises {

inline constexpr std::string_view kPagesEditAccess = "content.edit";

struct PageEditor {
  accounts::Caller who;
  std::optional<http::Response> refusal;
};

// Signed in with content.edit somewhere (401/403 otherwise), then holding it in `country`:
// 404 ("absent") when `hide_as_404`, else 403.
PageEditor authorize_page(accounts::Accounts& accounts, const http::Request& request,
                          std::string_view country, bool hide_as_404);

// The page in the site layout, breadcrumbs Home > (parent) > title; never cached.
http::Response render_editor_page(const http::Request& request, const std::string& title,
                                  const std::string& template_name, web::TemplateData data,
                                  int status = 200, const std::string& parent_label = {},
                                  const std::string& parent_url = {});

std::string page_message(const http::Request& request, std::string_view key);

// "sn" -> "SN"; valid_country_code: two letters A-Z.
std::string upper_code(std::string text);
bool valid_country_code(std::string_view code);

// The first country where the signed-in person edits content (for pages called without
// ?country=); empty when none.
std::string default_edit_country(const accounts::SignedIn& who);

// Percent-encoding of a query-string value.
std::string url_encode(std::string_view text);

// The start of a text for a list, cut on a UTF-8 boundary, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t bytes = 120);

}  // namespace imaginecole::exercises
