// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/format.hpp"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <charconv>
#include <chrono>
#include <map>
#include <memory>
#include <optional>

#include "web/i18n.hpp"

namespace imaginecole::web {
namespace {

// Building an ICU formatter loads locale data (tens of microseconds to milliseconds); using
// one is cheap. DateFormat and MessageFormat are not safe to share between threads, so each
// worker thread keeps its own, per language, for its whole life: no lock on the hot path, and
// the number of threads is bounded by the worker pool.
struct Formatters {
  explicit Formatters(const icu::Locale& of) : locale(of) {
    date.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, of));
    date_time.reset(icu::DateFormat::createDateTimeInstance(icu::DateFormat::kLong,
                                                            icu::DateFormat::kShort, of));
    for (auto* format : {date.get(), date_time.get()}) {
      if (format != nullptr) {
        format->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
      }
    }
  }
  icu::Locale locale;
  std::unique_ptr<icu::DateFormat> date;
  std::unique_ptr<icu::DateFormat> date_time;
  std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>> messages;
};

Formatters& formatters(std::string_view language) {
  thread_local std::map<std::string, std::unique_ptr<Formatters>, std::less<>> cache;
  auto it = cache.find(language);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(std::string(language), status);
    if (U_FAILURE(status)) {
      locale = icu::Locale("fr");
    }
    it = cache.emplace(std::string(language), std::make_unique<Formatters>(locale)).first;
  }
  return *it->second;
}

std::string utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// Milliseconds since the epoch for "YYYY-MM-DD[THH:MM[:SS[.fff]]][Z]" (UTC), or nullopt.
std::optional<UDate> parse_iso(std::string_view text) {
  const auto number = [&text](std::size_t at, std::size_t length) -> std::optional<int> {
    if (text.size() < at + length) {
      return std::nullopt;
    }
    int value = 0;
    const char* begin = text.data() + at;
    const auto [end, error] = std::from_chars(begin, begin + length, value);
    if (error != std::errc() || end != begin + length) {
      return std::nullopt;
    }
    return value;
  };
  const auto year = number(0, 4);
  const auto month = number(5, 2);
  const auto day = number(8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                            std::chrono::day(*day)};
  if (!date.ok()) {
    return std::nullopt;
  }
  sys_seconds when = sys_days(date);
  if (text.size() >= 16 && (text[10] == 'T' || text[10] == ' ') && text[13] == ':') {
    const auto hours = number(11, 2);
    const auto minutes = number(14, 2);
    if (hours && minutes) {
      when += std::chrono::hours(*hours) + std::chrono::minutes(*minutes);
      if (const auto secs = number(17, 2); secs && text[16] == ':') {
        when += std::chrono::seconds(*secs);
      }
    }
  }
  return static_cast<UDate>(duration_cast<milliseconds>(when.time_since_epoch()).count());
}

std::string format_with(icu::DateFormat* format, std::string_view iso) {
  const auto when = parse_iso(iso);
  if (!when || format == nullptr) {
    return std::string(iso);
  }
  icu::UnicodeString out;
  format->format(*when, out);
  return utf8(out);
}

}  // namespace

std::string format_number(double value, std::string_view language, int max_fraction_digits) {
  // LocalizedNumberFormatter is immutable and thread-safe, but it is cheap to keep with the
  // others; the locale lookup is what costs.
  const icu::Locale& locale = formatters(language).locale;
  UErrorCode status = U_ZERO_ERROR;
  const auto formatted = icu::number::NumberFormatter::withLocale(locale)
                             .precision(icu::number::Precision::maxFraction(max_fraction_digits))
                             .formatDouble(value, status);
  if (U_FAILURE(status)) {
    return std::to_string(value);
  }
  return utf8(formatted.toString(status));
}

std::string format_score(double score, double out_of, std::string_view language) {
  return format_number(score, language) + " / " + format_number(out_of, language);
}

std::string format_date(std::string_view iso_timestamp, std::string_view language) {
  return format_with(formatters(language).date.get(), iso_timestamp);
}

std::string format_date_time(std::string_view iso_timestamp, std::string_view language) {
  return format_with(formatters(language).date_time.get(), iso_timestamp);
}

std::string format_count(std::string_view pattern, std::int64_t count, std::string_view language) {
  Formatters& cached = formatters(language);
  auto it = cached.messages.find(pattern);
  if (it == cached.messages.end()) {
    UErrorCode status = U_ZERO_ERROR;
    auto format = std::make_unique<icu::MessageFormat>(
        icu::UnicodeString::fromUTF8(
            icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
        cached.locale, status);
    if (U_FAILURE(status)) {
      return std::string(pattern);
    }
    it = cached.messages.emplace(std::string(pattern), std::move(format)).first;
  }
  const icu::UnicodeString names[] = {"count"};
  const icu::Formattable values[] = {icu::Formattable(static_cast<int64_t>(count))};
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  it->second->format(names, values, 1, out, status);
  return U_SUCCESS(status) ? utf8(out) : std::string(pattern);
}

std::string plural(const Catalogue& catalogue, std::string_view key, std::int64_t count) {
  return format_count(catalogue.get(key), count, catalogue.language().code);
}

}  // namespace imaginecole::web
