// SPDX-License-Identifier: AGPL-3.0-or-later
#include "zim/zim_file.hpp"

#include <zim/writer/creator.h>
#include <zim/writer/item.h>

#include <unistd.h>
#include <fstream>
#include <system_error>

#include "core/errors.hpp"

namespace imaginecole::zim {

namespace {

// The folder must take a new file: checked before any work, with a message a person reads.
void check_writable(const std::filesystem::path& partial) {
  std::ofstream probe(partial, std::ios::binary | std::ios::trunc);
  if (!probe) {
    throw InvalidInput("cannot write '" + partial.parent_path().string() +
                       "' (does the folder exist, and may this user write there?)");
  }
  probe.close();
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
}

}  // namespace

ZimFile::ZimFile(const ZimFileOptions& options) : target_(options.target) {
  if (target_.empty() || target_.filename().empty()) {
    throw InvalidInput("--out needs a file name, such as sn-cm2.zim");
  }
  if (std::filesystem::is_directory(target_)) {
    throw InvalidInput("'" + target_.string() + "' is a folder: --out needs a file name");
  }
  const std::filesystem::path folder =
      target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  partial_ = folder / ("." + target_.filename().string() + ".partial-" + std::to_string(getpid()));
  check_writable(partial_);
  creator_ = std::make_unique<::zim::writer::Creator>();
  creator_->configIndexing(true, options.index_language);
  creator_->configClusterSize(2 * 1024 * 1024);
  creator_->configNbWorkers(2);
  creator_->startZimCreation(partial_.string());
}

ZimFile::~ZimFile() {
  if (finished_) {
    return;
  }
  // libzim writes "<name>.tmp" and its index beside the file until it finishes.
  creator_.reset();
  std::error_code ignored;
  for (const auto& leftover : {partial_, std::filesystem::path(partial_.string() + ".tmp"),
                               std::filesystem::path(partial_.string() + ".tmp.xapian"),
                               std::filesystem::path(partial_.string() + ".tmp_fulltext.idx")}) {
    std::filesystem::remove_all(leftover, ignored);
  }
  // Anything else libzim named after the partial file (its index folders).
  if (std::filesystem::exists(partial_.parent_path(), ignored)) {
    for (const auto& entry : std::filesystem::directory_iterator(partial_.parent_path(), ignored)) {
      if (entry.path().filename().string().starts_with(partial_.filename().string())) {
        std::filesystem::remove_all(entry.path(), ignored);
      }
    }
  }
}

void ZimFile::add_page(const std::string& path, const std::string& title, const std::string& html) {
  creator_->addItem(::zim::writer::StringItem::create(
      path, "text/html", title,
      ::zim::writer::Hints{{::zim::writer::COMPRESS, 1}, {::zim::writer::FRONT_ARTICLE, 1}}, html));
}

void ZimFile::add_file(const std::string& path, const std::string& mime_type,
                       const std::string& bytes) {
  const bool compressible = mime_type.starts_with("text/") ||
                            mime_type == "application/javascript" || mime_type == "image/svg+xml";
  creator_->addItem(::zim::writer::StringItem::create(
      path, mime_type, std::string(),
      ::zim::writer::Hints{{::zim::writer::COMPRESS, compressible ? 1U : 0U},
                           {::zim::writer::FRONT_ARTICLE, 0}},
      bytes));
}

void ZimFile::add_metadata(const std::string& name, const std::string& value) {
  creator_->addMetadata(name, value);
}

void ZimFile::add_illustration_48(const std::string& png) {
  creator_->addIllustration(48, png);
}

void ZimFile::set_main_path(const std::string& path) {
  creator_->setMainPath(path);
}

std::uintmax_t ZimFile::finish() {
  creator_->finishZimCreation();
  std::filesystem::rename(partial_, target_);
  finished_ = true;
  return std::filesystem::file_size(target_);
}

}  // namespace imaginecole::zim
