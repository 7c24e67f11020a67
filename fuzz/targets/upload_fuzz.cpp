// SPDX-License-Identifier: AGPL-3.0-or-later
// An uploaded file: its type is sniffed from its first bytes (never the name or the claimed
// type), a refusal says what it really is, and pictures and PDF documents are opened whole
// (libvips, poppler) before anything is stored. A broken file is InvalidInput or a problem
// text; nothing crashes.
#include "core/errors.hpp"
#include "fuzz_target.hpp"
#include "media/content_check.hpp"
#include "media/images.hpp"
#include "media/media_store.hpp"

IMAGINECOLE_FUZZ_TARGET(upload) {
  namespace media = imaginecole::media;
  const auto bytes = imaginecole::fuzz::as_text(data, size);
  const auto type = media::sniff_media_type(bytes.substr(0, 64));
  (void)media::describe_content(bytes.substr(0, 64));
  if (!type) {
    return 0;
  }
  try {
    if (*type == "application/pdf") {
      (void)media::check_pdf(bytes);
    } else if (type->starts_with("image/")) {
      (void)media::check_image(bytes);
    }
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
