// SPDX-License-Identifier: AGPL-3.0-or-later
// md4c renders the HTML (it escapes all text and attributes); four passes over its output
// then (1) neutralize unsafe URLs, (2) turn library media into players and responsive images,
// (3) replace <x-equation> spans with MathML, (4) fold answer sections into <details>. Each pass
// only looks for markup that md4c itself writes: with MD_FLAG_NOHTML an author's "<" is always
// "&lt;" in the output, so an author cannot forge the tags these passes look for.
#include "catalog/markdown.hpp"

#include <md4c-html.h>
#include <md4c.h>

#include <array>
#include <cctype>
#include <memory>
#include <mutex>

#include "catalog/math_mathml.hpp"

namespace imaginecole::catalog {
namespace {

constexpr unsigned kParserFlags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
                                  MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_LATEXMATHSPANS;

std::mutex resolver_mutex;
std::shared_ptr<const MediaResolver> current_resolver;

std::shared_ptr<const MediaResolver> resolver() {
  std::lock_guard lock(resolver_mutex);
  return current_resolver;
}

void append(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

bool safe_url(std::string_view url) {
  // Relative URLs have no scheme: no ':' before the first '/', '?' or '#'. An entity there
  // ("javascript&#58;") could hide one: refused.
  const auto end = url.find_first_of(":/?#");
  if (url.substr(0, end).find('&') != std::string_view::npos) {
    return false;
  }
  if (end == std::string_view::npos || url[end] != ':') {
    return true;
  }
  std::string scheme;
  for (char c : url.substr(0, end)) {
    scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// md4c keeps any URL scheme; neutralize the ones that could run code (javascript:, data:…).
std::string filter_urls(std::string html) {
  for (const std::string_view attribute : {" href=\"", " src=\""}) {
    std::size_t at = 0;
    while ((at = html.find(attribute, at)) != std::string::npos) {
      const std::size_t start = at + attribute.size();
      const std::size_t end = html.find('"', start);
      if (end == std::string::npos) {
        break;
      }
      if (!safe_url(std::string_view(html).substr(start, end - start))) {
        html.replace(start, end - start, "#");
      }
      at = start;
    }
  }
  return html;
}

// "/media/<64 hex>" → the hash; otherwise empty.
std::string_view media_hash(std::string_view url) {
  constexpr std::string_view kPrefix = "/media/";
  if (!url.starts_with(kPrefix) || url.size() != kPrefix.size() + 64) {
    return {};
  }
  const std::string_view hash = url.substr(kPrefix.size());
  if (hash.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return {};
  }
  return hash;
}

// The value of attribute `name` inside one tag's text (md4c writes name="value").
std::string_view attribute(std::string_view tag, std::string_view name) {
  const std::string needle = " " + std::string(name) + "=\"";
  const auto at = tag.find(needle);
  if (at == std::string_view::npos) {
    return {};
  }
  const std::size_t start = at + needle.size();
  const auto end = tag.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : tag.substr(start, end - start);
}

std::string srcset(const std::vector<MediaInfo::Source>& sources, std::string_view type) {
  std::string out;
  for (const auto& source : sources) {
    if (source.type != type || source.width <= 0) {
      continue;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += "/media/" + source.hash + " " + std::to_string(source.width) + "w";
  }
  return out;
}

// One <img> written by md4c → the element a lesson shows (alt and title already escaped).
std::string render_media(std::string_view tag, const MediaResolver* lookup) {
  const std::string src(attribute(tag, "src"));
  const std::string alt(attribute(tag, "alt"));
  const std::string_view title = attribute(tag, "title");
  const std::string title_attribute =
      title.empty() ? std::string() : " title=\"" + std::string(title) + "\"";
  const std::string_view hash = media_hash(src);
  std::optional<MediaInfo> info;
  if (!hash.empty() && lookup != nullptr && *lookup) {
    info = (*lookup)(hash);
  }
  const auto plain_image = [&] {
    return "<img src=\"" + src + "\" alt=\"" + alt + "\"" + title_attribute +
           " loading=\"lazy\" decoding=\"async\">";
  };
  if (!info) {
    return plain_image();
  }
  const std::string size_attributes = info->width > 0 && info->height > 0
                                          ? " width=\"" + std::to_string(info->width) +
                                                "\" height=\"" + std::to_string(info->height) + "\""
                                          : std::string();
  const std::string fallback_link = "<a href=\"" + src + "\">" + alt + "</a>";
  if (info->type.starts_with("image/")) {
    const std::string webp = srcset(info->renditions, "image/webp");
    std::string jpeg = srcset(info->renditions, "image/jpeg");
    if (!jpeg.empty() && info->width > 0) {
      jpeg += ", " + src + " " + std::to_string(info->width) + "w";
    }
    constexpr std::string_view kSizes = " sizes=\"(max-width: 640px) 100vw, 640px\"";
    // 2G first: a browser that ignores srcset (an old phone's) gets the smallest rendition, not
    // the original; the others still choose from srcset, which lists the original too.
    std::string first_src = src;
    int smallest = 0;
    for (const auto& source : info->renditions) {
      if (source.type == "image/jpeg" && source.width > 0 &&
          (smallest == 0 || source.width < smallest)) {
        smallest = source.width;
        first_src = "/media/" + source.hash;
      }
    }
    std::string img =
        "<img src=\"" + first_src + "\"" +
        (jpeg.empty() ? std::string() : " srcset=\"" + jpeg + "\"" + std::string(kSizes)) +
        " alt=\"" + alt + "\"" + title_attribute + size_attributes +
        " loading=\"lazy\" decoding=\"async\">";
    if (webp.empty()) {
      return img;
    }
    return "<picture><source type=\"image/webp\" srcset=\"" + webp + "\"" + std::string(kSizes) +
           ">" + img + "</picture>";
  }
  const bool video = info->type.starts_with("video/");
  if (video || info->type.starts_with("audio/")) {
    const std::string element = video ? "video" : "audio";
    std::string out = "<" + element + " controls preload=\"none\"" +
                      (video ? size_attributes : std::string()) + " aria-label=\"" + alt + "\"" +
                      title_attribute + ">";
    for (const auto& rendition : info->renditions) {
      out += "<source src=\"/media/" + rendition.hash + "\" type=\"" + rendition.type + "\">";
    }
    out += "<source src=\"" + src + "\" type=\"" + info->type + "\">" + fallback_link + "</" +
           element + ">";
    return out;
  }
  return "<a class=\"media-download\" href=\"" + src + "\"" + title_attribute + ">" + alt + "</a>";
}

std::string render_images(std::string html) {
  if (html.find("<img ") == std::string::npos) {
    return html;
  }
  const auto lookup = resolver();
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  std::size_t found = 0;
  while ((found = html.find("<img ", at)) != std::string::npos) {
    const std::size_t end = html.find('>', found);
    if (end == std::string::npos) {
      break;
    }
    out.append(html, at, found - at);
    out += render_media(std::string_view(html).substr(found, end + 1 - found), lookup.get());
    at = end + 1;
  }
  out.append(html, at, std::string::npos);
  return out;
}

std::string unescape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] == '&') {
      bool replaced = false;
      for (const auto& [entity, plain] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                          {"&lt;", '<'},
                                          {"&gt;", '>'},
                                          {"&quot;", '"'}}) {
        if (text.substr(at).starts_with(entity)) {
          out += plain;
          at += entity.size();
          replaced = true;
          break;
        }
      }
      if (replaced) {
        continue;
      }
    }
    out += text[at++];
  }
  return out;
}

std::string render_maths(std::string html) {
  constexpr std::string_view kOpen = "<x-equation";
  constexpr std::string_view kClose = "</x-equation>";
  if (html.find(kOpen) == std::string::npos) {
    return html;
  }
  std::string out;
  out.reserve(html.size() * 2);
  std::size_t at = 0;
  std::size_t found = 0;
  while ((found = html.find(kOpen, at)) != std::string::npos) {
    const std::size_t open_end = html.find('>', found);
    const std::size_t close =
        open_end == std::string::npos ? open_end : html.find(kClose, open_end);
    if (close == std::string::npos) {
      break;
    }
    const std::string_view open_tag = std::string_view(html).substr(found, open_end - found);
    const bool display = open_tag.find("display") != std::string_view::npos;
    out.append(html, at, found - at);
    const std::string tex =
        unescape_html(std::string_view(html).substr(open_end + 1, close - open_end - 1));
    out += latex_to_mathml(tex, display).mathml;
    at = close + kClose.size();
  }
  out.append(html, at, std::string::npos);
  return out;
}

std::string attribute_text(const MD_ATTRIBUTE& attribute) {
  return std::string(attribute.text, attribute.size);
}

// At most `limit` bytes of `text`, never cutting a UTF-8 character in two.
std::string clipped(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) {
    return std::string(text);
  }
  while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0U) == 0x80U) {
    --limit;
  }
  return std::string(text.substr(0, limit)) + "…";
}

// Walks the parsed document (no HTML) to collect what an author should fix.
struct ProblemFinder {
  struct Image {
    std::string src;
    std::string alt;
  };
  std::vector<Image> images;  // open images (an image's text may hold another)
  bool in_maths = false;
  bool display_maths = false;
  std::string maths;
  std::vector<MarkdownProblem> problems;
  std::shared_ptr<const MediaResolver> lookup = resolver();

  void add(MarkdownProblem::Kind kind, std::string detail) {
    if (problems.size() < 100) {
      problems.push_back(MarkdownProblem{kind, std::move(detail)});
    }
  }

  void check_url(const std::string& url, bool image) {
    using Kind = MarkdownProblem::Kind;
    if (!safe_url(url)) {
      add(image ? Kind::refused_image : Kind::refused_link, clipped(url, 60));
      return;
    }
    const std::string_view hash = media_hash(url);
    if (!hash.empty() && lookup && *lookup && !(*lookup)(hash)) {
      add(Kind::unknown_media, clipped(url, 100));
    }
  }

  static int enter_span(MD_SPANTYPE type, void* detail, void* self_pointer) {
    auto& self = *static_cast<ProblemFinder*>(self_pointer);
    if (type == MD_SPAN_IMG) {
      const auto* image = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
      self.images.push_back(Image{attribute_text(image->src), {}});
      self.check_url(self.images.back().src, true);
    } else if (type == MD_SPAN_A) {
      self.check_url(attribute_text(static_cast<MD_SPAN_A_DETAIL*>(detail)->href), false);
    } else if (type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY) {
      self.in_maths = true;
      self.display_maths = type == MD_SPAN_LATEXMATH_DISPLAY;
      self.maths.clear();
    }
    return 0;
  }
  static int leave_span(MD_SPANTYPE type, void* /*detail*/, void* self_pointer) {
    auto& self = *static_cast<ProblemFinder*>(self_pointer);
    if (type == MD_SPAN_IMG && !self.images.empty()) {
      Image image = std::move(self.images.back());
      self.images.pop_back();
      if (image.alt.find_first_not_of(" \t\r\n") == std::string::npos) {
        self.add(MarkdownProblem::Kind::missing_alt, clipped(image.src, 80));
      }
      if (!self.images.empty()) {
        self.images.back().alt += image.alt;
      }
    } else if (type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY) {
      self.in_maths = false;
      for (std::string& problem : latex_to_mathml(self.maths, self.display_maths).problems) {
        self.add(MarkdownProblem::Kind::formula,
                 std::move(problem) + " (dans « " + clipped(self.maths, 60) + " »)");
      }
    }
    return 0;
  }
  static int text(MD_TEXTTYPE /*type*/, const MD_CHAR* text, MD_SIZE size, void* self_pointer) {
    auto& self = *static_cast<ProblemFinder*>(self_pointer);
    if (self.in_maths) {
      self.maths.append(text, size);
    }
    if (!self.images.empty()) {
      self.images.back().alt.append(text, size);
    }
    return 0;
  }
  static int block(MD_BLOCKTYPE /*type*/, void* /*detail*/, void* /*self*/) { return 0; }
};

// The names of a section that holds answers, as authors title it.
bool is_answer_heading(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == ':')) {
    text.remove_suffix(1);
  }
  static constexpr std::string_view kNames[] = {
      "Corrigé", "Corrigés", "Correction", "Réponse", "Réponses", "Solution", "Solutions",
      "Answer",  "Answers",  "Answer key", "Key",     "الحل",     "الإجابة",  "الإجابات"};
  for (const std::string_view name : kNames) {
    if (text == name) {
      return true;
    }
  }
  return false;
}

// (4) A heading named like an answer ("Corrigé", "Réponse", "Answers"…) hides what follows it,
// up to the next heading of the same or a higher level, in <details>: the pupil tries first
// and opens the answer when ready, without JavaScript. Only md4c's own <hN> tags are looked at.
std::string hide_answers(std::string html) {
  std::size_t at = 0;
  while ((at = html.find("<h", at)) != std::string::npos) {
    if (at + 3 >= html.size() || html[at + 2] < '1' || html[at + 2] > '6' || html[at + 3] != '>') {
      at += 2;
      continue;
    }
    const char level = html[at + 2];
    const std::string close = std::string("</h") + level + ">";
    const std::size_t text_start = at + 4;
    const std::size_t close_at = html.find(close, text_start);
    if (close_at == std::string::npos) {
      break;
    }
    const std::string text = html.substr(text_start, close_at - text_start);
    if (!is_answer_heading(text)) {
      at = close_at;
      continue;
    }
    const std::size_t content_start = close_at + close.size();
    std::size_t section_end = html.size();
    for (std::size_t scan = content_start; (scan = html.find("<h", scan)) != std::string::npos;
         scan += 2) {
      if (scan + 3 < html.size() && html[scan + 2] >= '1' && html[scan + 2] <= level &&
          html[scan + 3] == '>') {
        section_end = scan;
        break;
      }
    }
    std::string details = "<details class=\"answer\"><summary>" + text + "</summary>" +
                          html.substr(content_start, section_end - content_start) + "</details>\n";
    html.replace(at, section_end - at, details);
    at += details.size();
  }
  return html;
}

}  // namespace

void set_media_resolver(MediaResolver resolver) {
  std::shared_ptr<const MediaResolver> next;
  if (resolver) {
    next = std::make_shared<const MediaResolver>(std::move(resolver));
  }
  std::lock_guard lock(resolver_mutex);
  current_resolver = std::move(next);
}

namespace {

// Superscripts and subscripts, which school texts need ("O(n<sup>2</sup>)", "H<sub>2</sub>O")
// and Markdown lacks: the parser escapes every raw tag (no raw HTML reaches a page), then
// exactly these four tags, without attributes, are given back.
std::string restore_sup_sub(std::string html) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kTags{{
      {"&lt;sup&gt;", "<sup>"},
      {"&lt;/sup&gt;", "</sup>"},
      {"&lt;sub&gt;", "<sub>"},
      {"&lt;/sub&gt;", "</sub>"},
  }};
  if (html.find("&lt;su") == std::string::npos && html.find("&lt;/su") == std::string::npos) {
    return html;
  }
  for (const auto& [escaped, tag] : kTags) {
    for (auto at = html.find(escaped); at != std::string::npos;
         at = html.find(escaped, at + tag.size())) {
      html.replace(at, escaped.size(), tag);
    }
  }
  return html;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 4);
  const int failed = md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append, &out,
                             kParserFlags, 0);
  if (failed != 0) {
    return {};
  }
  return hide_answers(render_maths(render_images(filter_urls(restore_sup_sub(std::move(out))))));
}

std::string_view problem_message_key(MarkdownProblem::Kind kind) {
  switch (kind) {
    case MarkdownProblem::Kind::missing_alt:
      return "markdown_problem_missing_alt";
    case MarkdownProblem::Kind::formula:
      return "markdown_problem_formula";
    case MarkdownProblem::Kind::refused_link:
      return "markdown_problem_refused_link";
    case MarkdownProblem::Kind::refused_image:
      return "markdown_problem_refused_image";
    case MarkdownProblem::Kind::unknown_media:
      return "markdown_problem_unknown_media";
    case MarkdownProblem::Kind::unreadable:
      break;
  }
  return "markdown_problem_unreadable";
}

std::vector<MarkdownProblem> markdown_problems(std::string_view markdown) {
  ProblemFinder finder;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = kParserFlags;
  parser.enter_block = &ProblemFinder::block;
  parser.leave_block = &ProblemFinder::block;
  parser.enter_span = &ProblemFinder::enter_span;
  parser.leave_span = &ProblemFinder::leave_span;
  parser.text = &ProblemFinder::text;
  if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &finder) != 0) {
    finder.add(MarkdownProblem::Kind::unreadable, {});
  }
  return std::move(finder.problems);
}

}  // namespace imaginecole::catalog
