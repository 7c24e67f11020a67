// SPDX-License-Identifier: AGPL-3.0-or-later
#include "opds/opds_feed.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "core/hash.hpp"
#include "http/request.hpp"

namespace imaginecole::opds {
namespace {

constexpr std::string_view kNavigation =
    "application/atom+xml;profile=opds-catalog;kind=navigation";
constexpr std::string_view kAcquisition =
    "application/atom+xml;profile=opds-catalog;kind=acquisition";

// Feeds and navigation entries need stable ids that are UUIDs: made from a name, the way
// libkiwix derives them, so a reader sees the same id for the same list.
std::string name_uuid(std::string_view name) {
  const std::string digest = core::sha256_hex(std::string("imaginecole-opds:") + std::string(name));
  return digest.substr(0, 8) + "-" + digest.substr(8, 4) + "-" + digest.substr(12, 4) + "-" +
         digest.substr(16, 4) + "-" + digest.substr(20, 12);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find(separator, at), text.size());
    if (end > at) {
      out.emplace_back(text.substr(at, end - at));
    }
    at = end + 1;
  }
  return out;
}

// A ZIM's Date metadata (YYYY-MM-DD) as an Atom date.
std::string atom_date(std::string_view date) {
  return date.size() == 10 ? std::string(date) + "T00:00:00Z" : std::string(date);
}

bool matches(const PublishedZim& zim, const EntryFilter& filter) {
  const ZimMetadata& m = zim.metadata;
  if (!filter.languages.empty()) {
    const auto langs = split(m.language, ',');
    const bool any = std::any_of(
        filter.languages.begin(), filter.languages.end(), [&langs](const std::string& wanted) {
          return std::find(langs.begin(), langs.end(), wanted) != langs.end();
        });
    if (!any) {
      return false;
    }
  }
  if (!filter.category.empty() && m.category() != filter.category) {
    return false;
  }
  if (!filter.name.empty() && m.name != filter.name) {
    return false;
  }
  if (!filter.tag.empty()) {
    const auto tags = m.tag_list();
    if (std::find(tags.begin(), tags.end(), filter.tag) == tags.end()) {
      return false;
    }
  }
  if (!filter.query.empty()) {
    const std::string haystack = lower(m.title + " " + m.description + " " + m.name);
    for (const auto& word : split(lower(filter.query), ' ')) {
      if (haystack.find(word) == std::string::npos) {
        return false;
      }
    }
  }
  return true;
}

std::string link(std::string_view rel, std::string_view href, std::string_view type) {
  return "  <link rel=\"" + std::string(rel) + "\"\n        href=\"" + xml_escape(href) +
         "\"\n        type=\"" + std::string(type) + "\"/>\n";
}

std::string entry_xml(const PublishedZim& zim, bool partial) {
  const ZimMetadata& m = zim.metadata;
  std::string out = "  <entry>\n    <id>urn:uuid:" + m.uuid + "</id>\n    <title>" +
                    xml_escape(m.title) + "</title>\n    <updated>" + xml_escape(zim.published_at) +
                    "</updated>\n";
  if (partial) {
    return out + "    <link rel=\"alternate\"\n          href=\"/catalog/v2/entry/" + m.uuid +
           "\"\n          type=\"application/atom+xml;type=entry;profile=opds-catalog\"/>\n"
           "  </entry>\n";
  }
  out += "    <summary>" + xml_escape(m.description) + "</summary>\n    <language>" +
         xml_escape(m.language) + "</language>\n    <name>" + xml_escape(m.name) +
         "</name>\n    <flavour>" + xml_escape(m.flavour) + "</flavour>\n    <category>" +
         xml_escape(m.category()) + "</category>\n    <tags>" + xml_escape(m.tags) +
         "</tags>\n    <articleCount>" + std::to_string(m.article_count) +
         "</articleCount>\n    <mediaCount>" + std::to_string(m.media_count) + "</mediaCount>\n";
  out += "    <link rel=\"http://opds-spec.org/image/thumbnail\"\n          href=\"" +
         xml_escape(illustration_url(zim)) +
         "\"\n          type=\"image/png;width=48;height=48;scale=1\"/>\n";
  out += "    <author>\n      <name>" + xml_escape(m.creator) +
         "</name>\n    </author>\n    <publisher>\n      <name>" + xml_escape(m.publisher) +
         "</name>\n    </publisher>\n    <dc:issued>" + xml_escape(atom_date(m.date)) +
         "</dc:issued>\n";
  out +=
      "    <link rel=\"http://opds-spec.org/acquisition/open-access\" "
      "type=\"application/x-zim\" href=\"" +
      xml_escape(download_url(zim)) + "\" length=\"" + std::to_string(m.size) + "\" />\n";
  return out + "  </entry>\n";
}

constexpr std::string_view kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

std::string navigation_entry(std::string_view title, std::string_view href, std::string_view type,
                             std::string_view now, std::string_view id, std::string_view content) {
  return "  <entry>\n    <title>" + xml_escape(title) +
         "</title>\n    <link rel=\"subsection\"\n"
         "          href=\"" +
         xml_escape(href) + "\"\n          type=\"" + std::string(type) + "\"/>\n    <updated>" +
         std::string(now) + "</updated>\n    <id>" + std::string(id) +
         "</id>\n    <content type=\"text\">" + xml_escape(content) + "</content>\n  </entry>\n";
}

std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string download_url(const PublishedZim& zim) {
  return "/catalog/v2/download/" + zim.metadata.uuid + ".zim";
}

std::string illustration_url(const PublishedZim& zim) {
  return "/catalog/v2/illustration/" + zim.metadata.uuid + "?size=48";
}

std::optional<EntryFilter> parse_entry_filter(std::string_view query) {
  EntryFilter filter;
  for (const auto& [name, value] : http::parse_form(query)) {
    if (value.empty()) {
      continue;
    }
    if (name == "lang") {
      filter.languages = split(value, ',');
    } else if (name == "category") {
      filter.category = value;
    } else if (name == "q") {
      filter.query = value;
    } else if (name == "name") {
      filter.name = value;
    } else if (name == "tag") {
      filter.tag = value;
    } else if (name == "start") {
      const auto start = parse_size(value);
      if (!start) {
        return std::nullopt;
      }
      filter.start = *start;
    } else if (name == "count") {
      const auto count = parse_size(value);
      if (!count) {
        return std::nullopt;
      }
      filter.count = *count;
    } else {
      continue;
    }
    if (!filter.described.empty()) {
      filter.described += '&';
    }
    filter.described.append(name).append("=").append(value);
  }
  return filter;
}

std::string root_feed(std::string_view now) {
  std::string out = std::string(kXmlHead) +
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
                    "      xmlns:opds=\"https://specs.opds.io/opds-1.2\">\n  <id>" +
                    name_uuid("root") + "</id>\n";
  out += link("self", "/catalog/v2/root.xml", kNavigation);
  out += link("start", "/catalog/v2/root.xml", kNavigation);
  out +=
      link("search", "/catalog/v2/searchdescription.xml", "application/opensearchdescription+xml");
  out += "  <title>OPDS Catalog Root</title>\n  <updated>" + std::string(now) + "</updated>\n\n";
  out += navigation_entry("All entries", "/catalog/v2/entries", kAcquisition, now,
                          name_uuid("entries"), "All entries from this catalog.");
  out += navigation_entry("All entries (partial)", "/catalog/v2/partial_entries", kAcquisition, now,
                          name_uuid("partial_entries"),
                          "All entries from this catalog in partial format.");
  out += navigation_entry("List of categories", "/catalog/v2/categories", kNavigation, now,
                          name_uuid("categories"), "List of all categories in this catalog.");
  out += navigation_entry("List of languages", "/catalog/v2/languages", kNavigation, now,
                          name_uuid("languages"), "List of all languages in this catalog.");
  return out + "</feed>\n";
}

std::string entries_feed(const std::vector<PublishedZim>& zims, const EntryFilter& filter,
                         std::string_view now, bool partial) {
  std::vector<const PublishedZim*> found;
  for (const auto& zim : zims) {
    if (matches(zim, filter)) {
      found.push_back(&zim);
    }
  }
  const std::size_t first = std::min(filter.start, found.size());
  const std::size_t last =
      filter.count ? std::min(found.size(), first + *filter.count) : found.size();
  const std::string self = partial ? "/catalog/v2/partial_entries" : "/catalog/v2/entries";
  std::string out = std::string(kXmlHead) +
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
                    "      xmlns:dc=\"http://purl.org/dc/terms/\"\n"
                    "      xmlns:opds=\"https://specs.opds.io/opds-1.2\"\n"
                    "      xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n  <id>" +
                    name_uuid(self + "?" + filter.described) + "</id>\n\n";
  out +=
      link("self", self + (filter.described.empty() ? "" : "?" + filter.described), kAcquisition);
  out += link("start", "/catalog/v2/root.xml", kNavigation);
  out += link("up", "/catalog/v2/root.xml", kNavigation);
  out += "\n  <title>" +
         (filter.described.empty() ? std::string("All Entries")
                                   : "Filtered Entries (" + xml_escape(filter.described) + ")") +
         "</title>\n  <updated>" + std::string(now) + "</updated>\n";
  if (!filter.described.empty()) {
    out += "  <totalResults>" + std::to_string(found.size()) + "</totalResults>\n  <startIndex>" +
           std::to_string(first) + "</startIndex>\n  <itemsPerPage>" +
           std::to_string(last - first) + "</itemsPerPage>\n";
  }
  for (std::size_t i = first; i < last; ++i) {
    out += entry_xml(*found[i], partial);
  }
  return out + "</feed>\n";
}

std::string entry_document(const PublishedZim& zim) {
  std::string entry = entry_xml(zim, false);
  // A lone entry declares the namespaces its feed would have.
  entry.replace(0, std::string_view("  <entry>").size(),
                "<entry xmlns=\"http://www.w3.org/2005/Atom\" "
                "xmlns:dc=\"http://purl.org/dc/terms/\" "
                "xmlns:opds=\"https://specs.opds.io/opds-1.2\">");
  return std::string(kXmlHead) + entry;
}

std::string categories_feed(const std::vector<PublishedZim>& zims, std::string_view now) {
  std::map<std::string, int> categories;
  for (const auto& zim : zims) {
    if (const std::string category = zim.metadata.category(); !category.empty()) {
      ++categories[category];
    }
  }
  std::string out = std::string(kXmlHead) +
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
                    "      xmlns:opds=\"https://specs.opds.io/opds-1.2\">\n  <id>" +
                    name_uuid("categories") + "</id>\n";
  out += link("self", "/catalog/v2/categories", kNavigation);
  out += link("start", "/catalog/v2/root.xml", kNavigation);
  out += "  <title>List of categories</title>\n  <updated>" + std::string(now) + "</updated>\n\n";
  for (const auto& [category, count] : categories) {
    out += navigation_entry(category, "/catalog/v2/entries?category=" + category, kAcquisition, now,
                            name_uuid("category:" + category),
                            "All entries with category of '" + category + "'.");
  }
  return out + "</feed>\n";
}

std::string languages_feed(const std::vector<PublishedZim>& zims, std::string_view now) {
  std::map<std::string, int> languages;
  for (const auto& zim : zims) {
    for (const auto& language : split(zim.metadata.language, ',')) {
      ++languages[language];
    }
  }
  std::string out = std::string(kXmlHead) +
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
                    "      xmlns:dc=\"http://purl.org/dc/terms/\"\n"
                    "      xmlns:opds=\"https://specs.opds.io/opds-1.2\"\n"
                    "      xmlns:thr=\"http://purl.org/syndication/thread/1.0\">\n  <id>" +
                    name_uuid("languages") + "</id>\n";
  out += link("self", "/catalog/v2/languages", kNavigation);
  out += link("start", "/catalog/v2/root.xml", kNavigation);
  out += "  <title>List of languages</title>\n  <updated>" + std::string(now) + "</updated>\n\n";
  for (const auto& [language, count] : languages) {
    out +=
        "  <entry>\n    <title>" + xml_escape(language) + "</title>\n    <dc:language>" +
        xml_escape(language) + "</dc:language>\n    <thr:count>" + std::to_string(count) +
        "</thr:count>\n    <link rel=\"subsection\"\n          href=\"/catalog/v2/entries?lang=" +
        xml_escape(language) + "\"\n          type=\"" + std::string(kAcquisition) +
        "\"/>\n    <updated>" + std::string(now) + "</updated>\n    <id>" +
        name_uuid("language:" + language) + "</id>\n  </entry>\n";
  }
  return out + "</feed>\n";
}

std::string search_description() {
  return std::string(kXmlHead) +
         "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
         "  <ShortName>Zim catalog search</ShortName>\n"
         "  <Description>Search zim files in the catalog.</Description>\n"
         "  <Url type=\"application/atom+xml;profile=opds-catalog;kind=acquisition\"\n"
         "       xmlns:atom=\"http://www.w3.org/2005/Atom\"\n"
         "       xmlns:k=\"http://kiwix.org/opensearchextension/1.0\"\n"
         "       indexOffset=\"0\"\n"
         "       template=\"/catalog/v2/entries?q={searchTerms?}&amp;lang={language?}&amp;"
         "name={k:name?}&amp;tag={k:tag?}&amp;count={count?}&amp;start={startIndex?}\"/>\n"
         "</OpenSearchDescription>\n";
}

}  // namespace imaginecole::opds
