// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to the catalogue's routes: what the page, API and editing routes share (parameter
// checks, JSON responses, the view-cache wrapper).
#pragma once

#include <boost/json/fwd.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/resource.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "storage/change_watcher.hpp"
#include "web/templates.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::catalog {

// Longest query string and parameter value the catalogue reads.
inline constexpr std::size_t kMaxQueryBytes = 2048;
inline constexpr std::size_t kMaxParamBytes = 200;

// The {code} path parameter in upper case ("sn" -> "SN").
std::string country_code_param(const http::Request& request);
bool valid_country_code(std::string_view code);
bool valid_language_tag(std::string_view tag);
bool valid_exam_code(std::string_view code);

// A JSON document that caches may keep a minute (the ETag makes revalidation cheap).
http::Response json_response(const boost::json::value& value, int status = 200);
// A JSON answer that nobody keeps (writes, signed-in views).
http::Response no_store_json(const boost::json::value& value, int status = 200);

// The filter of a list from the query string; an error message (for a 400) when a parameter is
// malformed or too long. `country` is taken from the query when not given.
struct FilterParse {
  std::optional<ResourceFilter> filter;
  int status = 0;
  std::string error;
};
FilterParse parse_filter(const http::Request& request, std::optional<std::string> country);

// Serves `render` through the view cache, keyed by path, query, language and `extra_key`.
http::Handler cached_view(web::ViewCache& cache, storage::ChangeWatcher& changes,
                          std::function<http::Response(http::Request&)> render,
                          std::function<std::string()> extra_key = {});

// Whether a licence lets another country adapt the resource (not "all rights reserved", not
// a no-derivatives licence). authoring/ adds the share-alike rule when it adapts.
bool licence_allows_adaptation(std::string_view licence);

// "CC-BY-SA-4.0" -> "CC BY-SA 4.0"; the two others from the messages.
std::string licence_label(std::string_view licence, std::string_view language);

class CurriculumStore;

// Country names in one language, by code.
using CountryNames = std::map<std::string, std::string, std::less<>>;
CountryNames country_names(CurriculumStore& store, std::string_view language);

// A line of a resource list: link (in `country`'s context), title, kind, origin when foreign.
web::TemplateData resource_item(const ResourceSummary& resource, std::string_view country,
                                std::string_view language, const CountryNames& names);
std::string kind_label(std::string_view kind, std::string_view language);

class Library;
void register_library_routes(http::Router& router, CurriculumStore& store, Library& library,
                             accounts::Accounts& accounts, web::ViewCache& cache,
                             storage::ChangeWatcher& changes);
void register_editor_routes(http::Router& router, CurriculumStore& store, Library& library,
                            accounts::Accounts& accounts);

}  // namespace imaginecole::catalog
