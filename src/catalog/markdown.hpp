// SPDX-License-Identifier: AGPL-3.0-or-later
// Lesson bodies: Markdown (CommonMark with tables and strikethrough) to HTML with md4c.
//  - Raw HTML in the source is escaped, never passed through; links and images keep only
//    http(s), mailto and relative URLs (/r/<id> links to other resources stay relative).
//  - Maths: $…$ (in the text) and $$…$$ (on its own line) become MathML on the server
//    (catalog/math_mathml.hpp); \$ is a dollar sign; code spans are left alone.
//  - Media of the library: ![description](/media/<hash>) becomes a lazy <img> with the small
//    renditions in srcset, an <audio> or <video> player (low-bitrate rendition first), or a
//    download link, depending on the stored file's type (see set_media_resolver).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::catalog {

// What the media library knows about a stored file (filled in by the media capability).
struct MediaInfo {
  struct Source {
    std::string hash;
    std::string type;  // "image/webp", "video/mp4"
    int width = 0;
  };
  std::string type;  // the original's type: "image/png", "audio/mpeg", "video/mp4", …
  int width = 0;
  int height = 0;
  // Images: the smaller renditions (WebP and JPEG). Video: the low-bitrate rendition.
  std::vector<Source> renditions;
};

// Answers "what is /media/<hash>?" while rendering; nullopt for a file it does not know.
using MediaResolver = std::function<std::optional<MediaInfo>(std::string_view hash)>;

// Installs the process-wide resolver (the media capability does, at start-up); an empty
// function removes it. Without one, media links render as plain lazy images.
void set_media_resolver(MediaResolver resolver);

std::string markdown_to_html(std::string_view markdown);

// Something an author must fix before a resource reaches pupils. Saving never refuses it (no
// work is lost); submitting to review, sharing with a class and publishing do.
struct MarkdownProblem {
  enum class Kind {
    missing_alt,    // an image without a description (detail: its address)
    formula,        // a formula that does not read (detail: the converter's French sentence)
    refused_link,   // a link with a refused scheme, javascript:, data:… (detail: the address)
    refused_image,  // an image with a refused address (detail: the address)
    unknown_media,  // a /media/ file the library does not have (detail: the address)
    unreadable,     // the text could not be parsed (too long or too deeply nested)
  };
  Kind kind = Kind::unreadable;
  std::string detail;
};

// The message key of a problem ("markdown_problem_missing_alt", …), whose text has "{detail}".
std::string_view problem_message_key(MarkdownProblem::Kind kind);

// The problems of a Markdown text, in reading order, at most 100. Empty when fine.
std::vector<MarkdownProblem> markdown_problems(std::string_view markdown);

}  // namespace imaginecole::catalog
