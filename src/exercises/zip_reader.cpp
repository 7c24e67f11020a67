// SPDX-License-Identifier: AGPL-3.0-or-later
// The zip reader on libzip: the archive is opened from the bytes in memory (with the
// consistency check), each entry is read with its size bounded and its CRC verified.
#include "exercises/zip_reader.hpp"

#include <zip.h>

#include "core/errors.hpp"

namespace imaginecole::exercises {
namespace {

constexpr zip_int64_t kMaxEntries = 10'000;

[[noreturn]] void broken(const std::string& why) {
  throw InvalidInput("the zip archive cannot be read: " + why);
}

// What a libzip error means for a person, about the archive or one of its entries.
std::string reason_of(int code, const std::string& name) {
  const std::string subject = name.empty() ? "the archive" : name;
  switch (code) {
    case ZIP_ER_NOZIP:
      return "no central directory (truncated?)";
    case ZIP_ER_INCONS:
      return "damaged central directory";
    case ZIP_ER_CRC:
      return subject + " is damaged (checksum)";
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
      return subject + " is encrypted";
    case ZIP_ER_COMPNOTSUPP:
      return subject + " uses an unsupported compression method";
    case ZIP_ER_MEMORY:
      return subject + " is too large";
    default:
      return subject + " is damaged";
  }
}

// Closes an entry when the read ends, however it ends.
struct EntryCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

void ZipReader::Discard::operator()(struct zip* archive) const {
  zip_discard(archive);  // read-only: nothing to write back
}

ZipReader::ZipReader(std::string_view bytes, std::uint64_t max_entry_bytes)
    : max_entry_bytes_(max_entry_bytes) {
  // The smallest archive is its 22-byte end-of-central-directory record.
  if (bytes.size() < 22) {
    broken("too short");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    broken("out of memory");
  }
  struct zip* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    broken(reason_of(code, {}));
  }
  zip_error_fini(&error);
  archive_.reset(archive);
  if (zip_get_num_entries(archive, 0) > kMaxEntries) {
    broken("too many files");
  }
}

ZipReader::~ZipReader() = default;

bool ZipReader::contains(const std::string& name) const {
  return zip_name_locate(archive_.get(), name.c_str(), 0) >= 0;
}

std::optional<std::uint64_t> ZipReader::size_of(const std::string& name) const {
  const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
  if (index < 0) {
    return std::nullopt;
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      (stat.valid & ZIP_STAT_SIZE) == 0) {
    broken(name + " is damaged");
  }
  return stat.size;
}

std::optional<std::string> ZipReader::read(const std::string& name) const {
  const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
  if (index < 0) {
    return std::nullopt;
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      (stat.valid & ZIP_STAT_SIZE) == 0) {
    broken(name + " is damaged");
  }
  if (stat.size > max_entry_bytes_) {
    broken(name + " is too large");
  }
  std::unique_ptr<zip_file_t, EntryCloser> file(
      zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) {
    broken(reason_of(zip_error_code_zip(zip_get_error(archive_.get())), name));
  }
  std::string out(static_cast<std::size_t>(stat.size), '\0');
  zip_uint64_t done = 0;
  while (done < stat.size) {
    const zip_int64_t got = zip_fread(file.get(), out.data() + done, stat.size - done);
    if (got < 0) {
      broken(reason_of(zip_error_code_zip(zip_file_get_error(file.get())), name));
    }
    if (got == 0) {
      broken(name + " is truncated");
    }
    done += static_cast<zip_uint64_t>(got);
  }
  // One byte more would mean the directory lied about the size.
  char extra = 0;
  if (zip_fread(file.get(), &extra, 1) != 0) {
    broken(name + " is damaged");
  }
  return out;
}

}  // namespace imaginecole::exercises
