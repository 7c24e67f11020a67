// SPDX-License-Identifier: AGPL-3.0-or-later
// Moodle XML question banks, with their embedded files: any bytes give questions, skipped entries
// with their reasons, or InvalidInput; nothing else.
#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(moodle_xml) {
  try {
    (void)imaginecole::exercises::read_moodle_xml(imaginecole::fuzz::as_text(data, size));
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
