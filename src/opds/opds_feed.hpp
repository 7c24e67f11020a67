// SPDX-License-Identifier: AGPL-3.0-or-later
// The OPDS 1.2 catalogue of published ZIM files as kiwix-serve writes it (libkiwix's
// static/templates/catalog_v2_*.xml), so the Kiwix apps and kiwix-serve's own catalogue
// readers browse it: the root navigation feed, the acquisition feed of entries (filtered by
// lang, category, q, name, tag, with start and count), one entry, the categories, the
// languages and the OpenSearch description. Pure functions from values to XML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "opds/zim_shelf.hpp"

namespace imaginecole::opds {

struct EntryFilter {
  std::vector<std::string> languages;  // any of them (ISO 639-3)
  std::string category;
  std::string query;  // words all found in the title or description, any case
  std::string name;
  std::string tag;
  std::size_t start = 0;
  std::optional<std::size_t> count;
  // The query string as received, for the feed's title ("Filtered Entries (…)"); empty when
  // nothing was asked.
  std::string described;
};

// Parses the query string of /catalog/v2/entries; nullopt when start or count is not a
// number.
std::optional<EntryFilter> parse_entry_filter(std::string_view query);

std::string root_feed(std::string_view now);
std::string entries_feed(const std::vector<PublishedZim>& zims, const EntryFilter& filter,
                         std::string_view now, bool partial);
std::string entry_document(const PublishedZim& zim);
std::string categories_feed(const std::vector<PublishedZim>& zims, std::string_view now);
std::string languages_feed(const std::vector<PublishedZim>& zims, std::string_view now);
std::string search_description();

// Where a published file is downloaded from, and its illustration.
std::string download_url(const PublishedZim& zim);
std::string illustration_url(const PublishedZim& zim);

std::string xml_escape(std::string_view text);

}  // namespace imaginecole::opds
