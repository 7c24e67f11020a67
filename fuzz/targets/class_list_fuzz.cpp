// SPDX-License-Identifier: AGPL-3.0-or-later
// A teacher's class list (CSV from whatever spreadsheet the school has, UTF-8 or Windows-1252)
// and OneRoster files (UTF-8 only): decoding, records, columns found by their folded names.
#include "classroom/roster_csv.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(class_list) {
  namespace classroom = imaginecole::classroom;
  const auto bytes = imaginecole::fuzz::as_text(data, size);
  for (const auto accepted : {classroom::AcceptedEncodings::utf8_or_windows_1252,
                              classroom::AcceptedEncodings::utf8_only}) {
    const auto read = classroom::read_csv(bytes, "classe.csv", accepted);
    if (read.table) {
      (void)read.table->column({"nom", "prenom", "date_de_naissance", "sourcedid"});
    }
  }
  if (!classroom::first_invalid_utf8(bytes)) {
    (void)classroom::fold_to_ascii(bytes);  // callers fold only text that decoded
  }
  return 0;
}
