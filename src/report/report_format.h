// Private to src/report: the text formats every part of the run report shares (numbers, counts,
// durations, dates) and Page, the buffer the page is written into. Plain functions; thread-safe.
#ifndef NEWSCRAWL_SRC_REPORT_REPORT_FORMAT_H_
#define NEWSCRAWL_SRC_REPORT_REPORT_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "newscrawl/report/run_report.h"

namespace newscrawl::report {

// The HTML page under construction. Raw() appends markup as it is, Text() escapes it first.
class Page {
 public:
  void Raw(std::string_view s) { out_.append(s); }
  void Text(std::string_view s) { out_ += HtmlEscape(s); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// printf into a std::string; only ever used with our own format strings and numbers.
__attribute__((format(printf, 1, 2))) std::string Fmt(const char* format, ...);

// Digits with a thin space between thousands: "12 345".
std::string Num(std::int64_t v);

// Short form for chart labels, where a full number would not fit: 950, 1.5k, 82k, 1.2M.
std::string Compact(std::int64_t v);

// "1 article", "3 articles" (English plural with s is enough for the words used here).
std::string Count(std::int64_t n, const std::string& noun);

// "850 ms", "1.2 s".
std::string Ms(std::int64_t ms);

// A share in [0, 1] as "42%".
std::string Percent(double share);

// Unix seconds as "2025-06-17 10:15 UTC".
std::string When(std::int64_t unix_seconds);

// A day number (days since 1970-01-01) as "2025-06-17".
std::string Day(std::int64_t day);

// A stored published_at ("2025-06-17T10:15:00+07:00") as "2025-06-17 10:15 +07:00".
std::string Published(const std::string& iso);

}  // namespace newscrawl::report

#endif  // NEWSCRAWL_SRC_REPORT_REPORT_FORMAT_H_
