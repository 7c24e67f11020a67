// SPDX-License-Identifier: AGPL-3.0-or-later
// One ZIM file being written with libzim: full-text search with French stemming, pages,
// media, metadata. It is written under a temporary name beside the target and renamed only
// when complete, so that a failure (or an exception) never leaves a partial file at the
// target path: the destructor removes what an unfinished export wrote.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace zim::writer {
class Creator;
}

namespace imaginecole::zim {

struct ZimFileOptions {
  std::filesystem::path target;
  // ISO 639-3 language of the full-text index's stemmer ("fra").
  std::string index_language = "fra";
};

class ZimFile {
 public:
  // Throws InvalidInput when the target's folder cannot be written.
  explicit ZimFile(const ZimFileOptions& options);
  ~ZimFile();
  ZimFile(const ZimFile&) = delete;
  ZimFile& operator=(const ZimFile&) = delete;

  // An HTML page that search and the random-page button offer (a "front article").
  void add_page(const std::string& path, const std::string& title, const std::string& html);
  // Any other entry (style sheet, script, picture, sound): not indexed.
  void add_file(const std::string& path, const std::string& mime_type, const std::string& bytes);
  void add_metadata(const std::string& name, const std::string& value);
  void add_illustration_48(const std::string& png);
  void set_main_path(const std::string& path);
  // Writes the index and the directory, then gives the file its name. Returns its size.
  std::uintmax_t finish();

 private:
  std::filesystem::path target_;
  std::filesystem::path partial_;
  std::unique_ptr<::zim::writer::Creator> creator_;
  bool finished_ = false;
};

}  // namespace imaginecole::zim
