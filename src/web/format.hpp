// SPDX-License-Identifier: AGPL-3.0-or-later
// Numbers, dates and plurals in the interface language, through ICU (decision 0022):
// "7,8 / 10" and "5 décembre 2026" in French, "7.8 / 10" and "December 5, 2026" in English,
// "1 erreur" / "2 erreurs" from a catalogue message in ICU MessageFormat syntax.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imaginecole::web {

class Catalogue;

// `value` with at most `max_fraction_digits` decimals and the language's separators.
std::string format_number(double value, std::string_view language, int max_fraction_digits = 1);

// A score out of a maximum: "7,8 / 10".
std::string format_score(double score, double out_of, std::string_view language);

// The day of an ISO 8601 timestamp ("2026-12-05T14:41:46.123Z" or "2026-12-05"), written out:
// "5 décembre 2026". The text unchanged when it is not such a timestamp.
std::string format_date(std::string_view iso_timestamp, std::string_view language);

// The day and the time (UTC) of an ISO 8601 timestamp: "5 décembre 2026, 14:41".
std::string format_date_time(std::string_view iso_timestamp, std::string_view language);

// `pattern` in ICU MessageFormat syntax with one argument "count":
// "{count, plural, one {# erreur} other {# erreurs}}". The pattern itself when it is broken.
std::string format_count(std::string_view pattern, std::int64_t count, std::string_view language);

// The catalogue's message `key` (a MessageFormat pattern) for `count`, in its language.
std::string plural(const Catalogue& catalogue, std::string_view key, std::int64_t count);

}  // namespace imaginecole::web
