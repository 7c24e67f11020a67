// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's pages as plain models, built without a request: the web routes wrap them in
// the site's layout, and `imaginecole export zim` renders the same models into a Kiwix file.
#pragma once

#include <optional>
#include <string>

#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "web/page.hpp"

namespace imaginecole::catalog {

struct ResourcePageQuery {
  std::string id;
  // The country whose tree the breadcrumbs follow (?c=); nullopt: the resource's origin.
  std::optional<std::string> context_country;
  std::string language = "fr";
};

// A published resource's page; nullopt when there is no such published resource.
std::optional<web::Page> resource_page_model(CurriculumStore& store, Library& library,
                                             const ResourcePageQuery& query);

struct LevelPageQuery {
  std::string country_code;  // upper case
  std::string level_slug;
  std::string language = "fr";
};

// A level's page (its subjects, with how many resources each has); nullopt for no such level.
std::optional<web::Page> level_page_model(CurriculumStore& store, Library& library,
                                          const LevelPageQuery& query);

}  // namespace imaginecole::catalog
