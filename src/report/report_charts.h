// Private to src/report: the run report's charts, each one <figure> of inline SVG appended to the
// page (no script, no external resource). Data is read only during the call; thread-safe.
#ifndef NEWSCRAWL_SRC_REPORT_REPORT_CHARTS_H_
#define NEWSCRAWL_SRC_REPORT_REPORT_CHARTS_H_

#include <vector>

#include "newscrawl/report/report_data.h"
#include "report_format.h"

namespace newscrawl::report {

// Bars of new articles per day, the last `max_days` days with zero days filled in.
void ArticlesChart(Page& p, const std::vector<DayCount>& per_day, int max_days);

// One 100% stacked bar of fetch results per run (the `max_runs` newest, newest at the top), and
// one for all fetches, with a legend.
void StatusChart(Page& p, const SiteReport& site, int max_runs);

// Histogram of response times over the latency buckets, with p50/p90/p99 markers.
void LatencyChart(Page& p, const LatencySummary& lat);

}  // namespace newscrawl::report

#endif  // NEWSCRAWL_SRC_REPORT_REPORT_CHARTS_H_
