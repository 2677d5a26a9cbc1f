#include "newscrawl/core/time_parse.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

// A broken-down time as read from the input, before validation and formatting.
struct Parts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_offset = false;
  int offset_minutes = 0;  // east of UTC
};

// A cursor over the input with the few primitives the formats need.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void SkipSpaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == ',')) ++i_;
  }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Reads between min_digits and max_digits decimal digits.
  bool Number(int min_digits, int max_digits, int& out) {
    int n = 0, v = 0;
    while (!done() && n < max_digits && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      v = v * 10 + (s_[i_] - '0');
      ++i_, ++n;
    }
    if (n < min_digits) return false;
    out = v;
    return true;
  }
  std::string_view Word() {
    const std::size_t start = i_;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::string_view Rest() const { return s_.substr(i_); }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

bool ValidDate(const Parts& p) {
  using namespace std::chrono;
  if (p.year < 1900 || p.year > 2200) return false;
  const year_month_day ymd{year{p.year}, month{static_cast<unsigned>(p.month)}, day{static_cast<unsigned>(p.day)}};
  return ymd.ok() && p.hour >= 0 && p.hour <= 23 && p.minute >= 0 && p.minute <= 59 && p.second >= 0 &&
         p.second <= 60 && p.offset_minutes > -15 * 60 && p.offset_minutes < 15 * 60;
}

// "+0700", "+07:00", "+07", "-05:30", "Z", "UTC", "GMT"; true if an offset (or nothing) was read.
bool ParseOffset(Cursor& c, Parts& p) {
  c.SkipSpaces();
  if (c.done()) return true;
  if (c.Eat('Z') || c.Eat('z')) {
    p.has_offset = true;
    return true;
  }
  const char sign = c.peek();
  if (sign == '+' || sign == '-') {
    c.Eat(sign);
    int h = 0, m = 0;
    if (!c.Number(2, 2, h)) return false;
    c.Eat(':');
    c.Number(2, 2, m);
    p.has_offset = true;
    p.offset_minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  const std::string zone = AsciiLower(c.Word());
  if (zone == "gmt" || zone == "utc" || zone == "ut") {
    p.has_offset = true;
    // "GMT+7" style
    if (c.peek() == '+' || c.peek() == '-') return ParseOffset(c, p);
    return true;
  }
  return zone.empty();
}

// "hh:mm[:ss[.fff]]" at the cursor.
bool ParseClock(Cursor& c, Parts& p) {
  if (!c.Number(1, 2, p.hour) || !c.Eat(':') || !c.Number(2, 2, p.minute)) return false;
  if (c.Eat(':')) {
    if (!c.Number(2, 2, p.second)) return false;
    if (c.Eat('.') || c.Eat(',')) {
      int frac;
      c.Number(1, 9, frac);
    }
  }
  return true;
}

bool ParseIso(std::string_view s, Parts& p) {
  Cursor c(s);
  if (!c.Number(4, 4, p.year) || !c.Eat('-') || !c.Number(1, 2, p.month) || !c.Eat('-') ||
      !c.Number(1, 2, p.day)) {
    return false;
  }
  if (c.done()) return true;
  if (!c.Eat('T') && !c.Eat('t') && !c.Eat(' ')) return false;
  if (!ParseClock(c, p)) return false;
  if (!ParseOffset(c, p)) return false;
  c.SkipSpaces();
  return c.done();
}

int MonthFromName(std::string_view name) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = AsciiLower(name.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

// RFC 822/1123: "[Mon,] 21 Nov 2022 21:25[:15] +0700".
bool ParseRfc822(std::string_view s, Parts& p) {
  Cursor c(s);
  c.SkipSpaces();
  if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
    c.Word();
    c.SkipSpaces();
  }
  if (!c.Number(1, 2, p.day)) return false;
  c.SkipSpaces();
  c.Eat('-');
  p.month = MonthFromName(c.Word());
  if (p.month == 0) return false;
  c.SkipSpaces();
  c.Eat('-');
  if (!c.Number(2, 4, p.year)) return false;
  if (p.year < 100) p.year += p.year < 70 ? 2000 : 1900;
  c.SkipSpaces();
  if (c.done()) return true;
  if (!ParseClock(c, p)) return false;
  if (!ParseOffset(c, p)) return false;
  c.SkipSpaces();
  return c.done();
}

// "dd/mm/yyyy[ hh:mm[:ss]]", "dd-mm-yyyy", also "hh:mm dd/mm/yyyy" as Vietnamese pages print it.
bool ParseNumericDate(std::string_view s, const DateParseOptions& opts, Parts& p) {
  Cursor c(s);
  c.SkipSpaces();
  bool clock_first = false;
  {
    Cursor probe = c;
    Parts tmp;
    if (ParseClock(probe, tmp) && (probe.peek() == ' ' || probe.peek() == ',')) {
      c = probe;
      p.hour = tmp.hour, p.minute = tmp.minute, p.second = tmp.second;
      clock_first = true;
      c.SkipSpaces();
    }
  }
  int a, b;
  if (!c.Number(1, 2, a)) return false;
  const char sep = c.peek();
  if (sep != '/' && sep != '-' && sep != '.') return false;
  c.Eat(sep);
  if (!c.Number(1, 2, b) || !c.Eat(sep) || !c.Number(4, 4, p.year)) return false;
  p.day = opts.day_first ? a : b;
  p.month = opts.day_first ? b : a;
  c.SkipSpaces();
  if (!clock_first && !c.done()) {
    c.Eat('-');
    c.SkipSpaces();
    if (!ParseClock(c, p)) return false;
  }
  if (!ParseOffset(c, p)) return false;
  c.SkipSpaces();
  return c.done();
}

bool ParseAny(std::string_view in, const DateParseOptions& opts, Parts& p) {
  const std::string trimmed = CollapseWhitespace(in);
  if (trimmed.empty() || trimmed.size() > 64) return false;
  Parts q;
  if (ParseIso(trimmed, q) || (q = Parts{}, ParseRfc822(trimmed, q)) ||
      (q = Parts{}, ParseNumericDate(trimmed, opts, q))) {
    if (!ValidDate(q)) return false;
    p = q;
    return true;
  }
  return false;
}

// Applies DateParseOptions::default_offset when the input had none; false if it is malformed.
bool ApplyDefaultOffset(const DateParseOptions& opts, Parts& p) {
  if (p.has_offset || opts.default_offset.empty()) return true;
  Cursor c(opts.default_offset);
  return ParseOffset(c, p) && p.has_offset;
}

}  // namespace

std::optional<std::string> NormalizeDateTime(std::string_view in, const DateParseOptions& opts) {
  Parts p;
  if (!ParseAny(in, opts, p) || !ApplyDefaultOffset(opts, p)) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                p.minute, std::min(p.second, 59));
  std::string out(buf);
  if (p.has_offset) {
    const int off = p.offset_minutes < 0 ? -p.offset_minutes : p.offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", p.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    out += buf;
  }
  return out;
}

std::optional<std::int64_t> ToUnixSeconds(std::string_view in, const DateParseOptions& opts) {
  using namespace std::chrono;
  Parts p;
  if (!ParseAny(in, opts, p) || !ApplyDefaultOffset(opts, p)) return std::nullopt;
  const sys_days days{year{p.year} / month{static_cast<unsigned>(p.month)} / day{static_cast<unsigned>(p.day)}};
  const std::int64_t local = static_cast<std::int64_t>(days.time_since_epoch().count()) * 86400 +
                             p.hour * 3600 + p.minute * 60 + std::min(p.second, 59);
  return local - static_cast<std::int64_t>(p.offset_minutes) * 60;
}

std::string FormatUtc(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_seconds}};
  const sys_days days = floor<std::chrono::days>(t);
  const year_month_day ymd{days};
  const hh_mm_ss hms{t - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace newscrawl
