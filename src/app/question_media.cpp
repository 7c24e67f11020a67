// SPDX-License-Identifier: AGPL-3.0-or-later
// Question-bank pictures into the media library.
#include "app/question_media.hpp"

#include "core/errors.hpp"
#include "media/images.hpp"
#include "media/media_library.hpp"

namespace imaginecole::app {
namespace {

std::string check_picture(const media::MediaLibrary& library, std::string_view bytes) {
  if (bytes.empty()) {
    return "the file is empty";
  }
  const auto type = media::sniff_media_type(bytes.substr(0, 512));
  if (!type || !type->starts_with("image/") || !media::is_accepted_type(*type)) {
    return "it is not a JPEG, PNG, WebP or GIF image";
  }
  const std::uint64_t limit = library.limits().image_bytes;
  if (bytes.size() > limit) {
    return "it is larger than the limit for images (" +
           (limit < (1U << 20) ? std::to_string(limit) + " bytes"
                               : std::to_string(limit >> 20) + " MB") +
           ")";
  }
  try {
    media::check_image(bytes);
  } catch (const InvalidInput& error) {
    return std::string("it cannot be decoded: ") + error.what();
  }
  return {};
}

}  // namespace

exercises::ImportOptions question_media_options(media::MediaLibrary& library,
                                                const std::string& country,
                                                const std::string& user_id) {
  exercises::ImportOptions options;
  options.check_media = [&library](std::string_view bytes, std::string_view) {
    return check_picture(library, bytes);
  };
  options.store_media = [&library, country, user_id](
                            std::string_view bytes, std::string_view filename,
                            std::string& reason) -> std::optional<std::string> {
    if (std::string why = check_picture(library, bytes); !why.empty()) {
      reason = why;
      return std::nullopt;
    }
    const media::UploadOutcome outcome =
        library.upload(media::Upload{.bytes = bytes,
                                     .original_name = std::string(filename),
                                     .uploaded_by = user_id,
                                     .country_code = country});
    if (outcome.status != 0) {
      reason = outcome.message;
      return std::nullopt;
    }
    return outcome.record.hash;
  };
  return options;
}

}  // namespace imaginecole::app
