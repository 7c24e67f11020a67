// SPDX-License-Identifier: AGPL-3.0-or-later
// QTI content packages: a zip file (manifest, items, pictures) uploaded by an editor. Broken
// archives, zip bombs and paths that climb out are refused with InvalidInput.
#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(qti_package) {
  const auto bytes = imaginecole::fuzz::as_text(data, size);
  imaginecole::exercises::ImportOptions options;
  options.check_media = [](std::string_view, std::string_view) { return std::string(); };
  options.store_media = [](std::string_view picture, std::string_view, std::string&) {
    return std::optional<std::string>(std::to_string(picture.size()));
  };
  try {
    (void)imaginecole::exercises::read_qti_zip(bytes, options);
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
