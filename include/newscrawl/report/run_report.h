// RunReport: renders ReportData (report_data.h) as one self-contained HTML page for people: a
// header with totals, the runs, a summary table per site, and per site the articles over time,
// fetch status mix, latency histogram, field fill rates with layout-drift warnings, and the
// latest articles. Charts are inline SVG, styles inline CSS; the page loads nothing (no script,
// stylesheet, font or image URL), so it opens offline and prints. Every text from the database
// is HTML-escaped (titles are untrusted input) and only http(s) URLs become links.
// Stateless functions; thread-safe.
#ifndef NEWSCRAWL_RUN_REPORT_H_
#define NEWSCRAWL_RUN_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "newscrawl/report/report_data.h"

namespace newscrawl {

struct RunReportOptions {
  // Shown in the header (the path the user gave). Default: empty (not shown).
  std::string database;
  // When the report was made, Unix seconds; shown in the header. Default: 0 (not shown).
  std::int64_t generated_at = 0;
  // Runs listed in the runs table and per site, newest first. Default: 12.
  int max_runs = 12;
  // Days shown in the articles-per-day chart (the latest ones). Default: 60.
  int max_days = 60;
};

// The whole page, UTF-8.
std::string RenderRunReport(const ReportData& data, const RunReportOptions& options = {});

// Text for HTML content or a quoted attribute: & < > " ' escaped, invalid UTF-8 replaced.
std::string HtmlEscape(std::string_view text);

}  // namespace newscrawl

#endif  // NEWSCRAWL_RUN_REPORT_H_
