// SPDX-License-Identifier: AGPL-3.0-or-later
// QTI 2.1 assessment items (XML): any bytes give questions, skipped entries with
// their reasons, or InvalidInput; nothing else.
#include "core/errors.hpp"
#include "exercises/bank_format.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(qti) {
  try {
    (void)imaginecole::exercises::read_qti(imaginecole::fuzz::as_text(data, size));
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
