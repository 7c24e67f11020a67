// SPDX-License-Identifier: AGPL-3.0-or-later
// Pictures carried by question banks, shared by the Moodle XML and QTI readers: base64, <img>
// tags in HTML, paths inside a package (never leaving it), and storing every picture of one
// question or none through ImportOptions, the Markdown `![alt](/media/<hash>)` left in its place.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exercises/bank_format.hpp"
#include "exercises/import_budget.hpp"

namespace imaginecole::exercises {

// Strict base64 (white space ignored): false when truncated or holding other characters.
bool decode_base64(std::string_view text, std::string& out);

struct ImgTag {
  std::size_t begin = 0;  // the tag's '<'
  std::size_t end = 0;    // one past its '>'
  std::string src;        // entity-decoded
  std::string alt;
  bool has_alt = false;
};
// The <img> tags of an HTML fragment, in order.
std::vector<ImgTag> find_img_tags(std::string_view html);

// `href` (relative to the folder `base` inside a package, "" for its root) as a path from the
// package root, "a/b/../c.png" → "a/c.png". Empty with `reason` when it is absolute, a URL, or
// leaves the package ("../../etc/passwd").
std::string package_path(std::string_view base, std::string_view href, std::string& reason);

struct Picture {
  std::string filename;  // for the report and the media library's "original name"
  // Shared: a package file that many items show is held once (ImportBudget::read_once).
  std::shared_ptr<const std::string> bytes;
  // Names the file within the import (its path in a package, its digest in a Moodle file):
  // a picture shown by several questions is checked and stored once.
  std::string key;
  std::string alt;
  bool has_alt = false;
};

// Checks every picture, then stores them all; on success `markdown` holds one
// `![alt](/media/<hash>)` per picture, the hashes go to the question's media and a warning per
// picture without alt text goes to the entry. Returns the reason to skip the question, or "".
// A picture the import already checked or stored (same key) is not checked or stored again.
std::string store_pictures(const ImportOptions& options, ImportBudget& budget,
                           const std::vector<Picture>& pictures, std::vector<std::string>& markdown,
                           Question& question, BankEntry& entry);

// A marker that stands for picture `index` while text is converted; replaced afterwards.
std::string picture_marker(std::size_t index);
std::string replace_picture_markers(std::string_view text,
                                    const std::vector<std::string>& markdown);
bool has_picture_marker(std::string_view text);

}  // namespace imaginecole::exercises
