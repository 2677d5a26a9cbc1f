#include "report_format.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "newscrawl/core/time_parse.h"

namespace newscrawl::report {

std::string Fmt(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return n < 0 ? std::string() : std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}

std::string Num(std::int64_t v) {
  // Thousands separated by a thin space: readable in every locale the papers are read in.
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string Compact(std::int64_t v) {
  const double d = static_cast<double>(v);
  if (v < 1000) return std::to_string(v);
  if (v < 10000 && v % 1000 != 0) return Fmt("%.1fk", d / 1e3);
  if (v < 1000000) return Fmt("%.0fk", d / 1e3);
  if (v < 10000000 && v % 1000000 != 0) return Fmt("%.1fM", d / 1e6);
  return Fmt("%.0fM", d / 1e6);
}

std::string Count(std::int64_t n, const std::string& noun) { return Num(n) + " " + noun + (n == 1 ? "" : "s"); }

std::string Ms(std::int64_t ms) {
  if (ms < 1000) return Fmt("%lld ms", static_cast<long long>(ms));
  return Fmt("%.1f s", static_cast<double>(ms) / 1000.0);
}

std::string Percent(double share) { return Fmt("%.0f%%", share * 100.0); }

std::string When(std::int64_t unix_seconds) {
  const std::string iso = FormatUtc(unix_seconds);  // 2025-06-17T10:15:00Z
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string Day(std::int64_t day) { return FormatUtc(day * 86400).substr(0, 10); }

std::string Published(const std::string& iso) {
  if (iso.size() < 16 || iso[10] != 'T') return iso;
  std::string out = iso.substr(0, 10) + " " + iso.substr(11, 5);
  const std::size_t zone = iso.find_first_of("Z+-", 19);
  if (zone != std::string::npos) out += " " + (iso[zone] == 'Z' ? std::string("UTC") : iso.substr(zone));
  return out;
}

}  // namespace newscrawl::report
