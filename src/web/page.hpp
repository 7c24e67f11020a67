// SPDX-License-Identifier: AGPL-3.0-or-later
// The base layout every HTML page shares, the error pages, the language switch and the
// embedded static assets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "web/templates.hpp"

namespace imaginecole::web {

struct Breadcrumb {
  std::string label;
  std::string url;  // empty for the current page
};

struct Page {
  std::string title;
  std::string description;
  std::string template_name;  // path under src/ without ".mustache": "catalog/templates/home"
  TemplateData data;
  std::vector<Breadcrumb> breadcrumbs;
  int status = 200;
  // Embedded static scripts (names under web/static) loaded with `defer`: progressive
  // enhancement only, every page works without them.
  std::vector<std::string> scripts;
};

http::Response render_page(const http::Request& request, const Page& page);

// HTML for people, JSON for API clients; in the request's language.
http::Response error_page(const http::Request& request, int status, std::string_view message);

// /static/{name} and /lang/{code}.
void register_web_routes(http::Router& router);

// URL of an embedded static asset with its content hash, for long caching ("/static/site.css?v=…").
std::string asset_url(std::string_view name);

// Security headers for every response.
std::vector<std::pair<std::string, std::string>> security_headers();

// Picks the name in `language` from a JSON object of names ({"fr": "...", "en": "..."}),
// falling back to French, then English, then any.
std::string localized(std::string_view names_json, std::string_view language);

}  // namespace imaginecole::web
