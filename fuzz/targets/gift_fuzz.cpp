// SPDX-License-Identifier: AGPL-3.0-or-later
// GIFT question banks (Moodle's text format), as teachers export them: any bytes give questions,
// skipped entries with their reasons, or InvalidInput; nothing else.
#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(gift) {
  try {
    (void)imaginecole::exercises::read_gift(imaginecole::fuzz::as_text(data, size));
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
