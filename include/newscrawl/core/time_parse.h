// Parsing of the date formats news pages, feeds, sitemaps and HTTP headers use, into one output
// form: ISO 8601 with seconds and a colon offset ("2023-05-24T10:15:00+07:00"). Pure functions.
#ifndef NEWSCRAWL_TIME_PARSE_H_
#define NEWSCRAWL_TIME_PARSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newscrawl {

struct DateParseOptions {
  // Offset applied to a time that carries none ("2025-06-17 13:43"); empty = leave it without
  // one. Vietnamese papers print local time (+07:00). Default: "" (no guess).
  std::string default_offset;
  // Whether "05/06/2025" is day-first (Vietnam, Europe) rather than month-first. Default: true.
  bool day_first = true;
};

// Accepts ISO 8601 / RFC 3339 (with "+0700", "+07:00", "Z", fractions, date-only), RFC 822 / 1123
// ("Mon, 21 Nov 2022 21:25:15 +0700", "GMT"), and "dd/mm/yyyy[ hh:mm[:ss]]" / "dd-mm-yyyy".
// Returns nullopt for anything else, and for out-of-range fields (month 13, 31 February).
std::optional<std::string> NormalizeDateTime(std::string_view in, const DateParseOptions& opts = {});

// Seconds since the Unix epoch for any input NormalizeDateTime accepts; a time without offset is
// taken as UTC.
std::optional<std::int64_t> ToUnixSeconds(std::string_view in, const DateParseOptions& opts = {});

// ISO 8601 UTC ("2026-11-29T23:43:29Z") for a Unix time: the form the store writes.
std::string FormatUtc(std::int64_t unix_seconds);

}  // namespace newscrawl

#endif  // NEWSCRAWL_TIME_PARSE_H_
